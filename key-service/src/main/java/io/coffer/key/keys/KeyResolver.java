package io.coffer.key.keys;

import io.coffer.platform.auth.Caller;
import io.coffer.platform.aws.AwsException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Finds a key by key ID, key ARN, alias name or alias ARN, within the caller's account and region. */
@ApplicationScoped
public class KeyResolver {

    public KmsKey resolve(Caller caller, String keyId) {
        if (keyId == null || keyId.isEmpty()) {
            throw AwsException.client("ValidationException",
                    "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
        }
        if (keyId.length() > 2048) {
            throw AwsException.client("ValidationException", "1 validation error detected: Value at 'keyId' failed "
                    + "to satisfy constraint: Member must have length less than or equal to 2048");
        }
        String prefix = "arn:aws:kms:" + caller.region() + ":" + caller.accountId() + ":";
        String local = keyId.startsWith(prefix) ? keyId.substring(prefix.length()) : keyId;
        if (local.startsWith("alias/")) {
            KmsAlias.AliasId id = new KmsAlias.AliasId();
            id.accountId = caller.accountId();
            id.region = caller.region();
            id.aliasName = local;
            KmsAlias alias = KmsAlias.findById(id);
            if (alias == null) {
                throw notFound("Alias " + prefix + local + " is not found.");
            }
            return KmsKey.findById(alias.keyId);
        }
        String id = local.startsWith("key/") ? local.substring(4) : local;
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound("Invalid keyId '" + keyId + "'");
        }
        KmsKey key = KmsKey.findById(uuid);
        if (key == null || !key.accountId.equals(caller.accountId()) || !key.region.equals(caller.region())) {
            throw notFound("Key '" + prefix + "key/" + id + "' does not exist");
        }
        return key;
    }

    private static AwsException notFound(String message) {
        return AwsException.client("NotFoundException", message);
    }
}
