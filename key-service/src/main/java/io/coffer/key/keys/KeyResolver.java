package io.coffer.key.keys;

import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** Finds keys by key ID, key ARN, alias name or alias ARN, within the caller's account and region. */
@ApplicationScoped
public class KeyResolver {

    private final KeyProjector keys;
    private final KeyAuthorizer access;

    public KeyResolver(KeyProjector keys, KeyAuthorizer access) {
        this.keys = keys;
        this.access = access;
    }

    /**
     * A key the caller may perform {@code action} ({@code kms:<Operation>}) on. A key that does not exist is
     * reported as such before access is decided, as KMS does within an account.
     *
     * @throws io.coffer.aws.iam.AccessDeniedException unless identity and key policies allow the action
     */
    public KeyState authorized(Caller caller, String action, String keyId, boolean allowAlias) {
        KeyState key = resolve(caller, keyId, allowAlias);
        access.authorize(caller, action, key);
        return key;
    }

    /**
     * Any existing key, whatever its state; {@code allowAlias} as the operation allows. Not {@code @Transactional}:
     * a caller may catch its NotFoundException without its transaction being marked for rollback.
     */
    public KeyState resolve(Caller caller, String keyId, boolean allowAlias) {
        if (keyId == null || keyId.isEmpty()) {
            throw KmsErrors.required("keyId");
        }
        if (keyId.length() > 2048) {
            throw KmsErrors.length("keyId", null, keyId.length(), 1, 2048);
        }
        String prefix = "arn:aws:kms:" + caller.region() + ":" + caller.accountId() + ":";
        String[] arn = keyId.split(":", 6);
        if (arn.length == 6 && arn[0].equals("arn") && !arn[3].equals(caller.region())) {
            throw KmsErrors.notFound("Invalid arn " + arn[3]); // KMS's words for another region's ARN
        }
        String local = keyId.startsWith(prefix) ? keyId.substring(prefix.length()) : keyId;
        if (local.startsWith("alias/")) {
            if (!allowAlias) {
                // KMS looks an alias up as a key ID here, and finds none
                throw KmsErrors.notFound("Invalid keyId " + keyId);
            }
            return keys.aliasTarget(caller.accountId(), caller.region(), local).flatMap(keys::find)
                    .orElseThrow(() -> KmsErrors.notFound("Alias " + prefix + local + " is not found."));
        }
        String id = local.startsWith("key/") ? local.substring(4) : local;
        // a multi-Region key's mrk- ID is the same in every region: the ARN names the one in this region
        KeyState key = (id.startsWith("mrk-") ? keys.findByArn(prefix + "key/" + id) : keys.find(id)).orElse(null);
        if (key == null || !key.accountId().equals(caller.accountId()) || !key.region().equals(caller.region())
                || KeyStatus.DELETED.equals(key.keyState())) {
            throw KmsErrors.notFound(id.matches("mrk-[0-9a-fA-F]{32}|[0-9a-fA-F-]{36}") ? "Key '" + prefix + "key/" + id
                    + "' does not exist" : "Invalid keyId '" + keyId + "'");
        }
        return key;
    }

    /** A key the caller may use for a cryptographic {@code action} with {@code encryptionContext} now. */
    /** @throws AwsException naming the key as the resource of the refused call */
    public KeyState usable(Caller caller, String action, KeyState key, Map<String, String> encryptionContext) {
        try {
            access.authorize(caller, action, key, encryptionContext == null ? Map.of() : encryptionContext);
            return usable(key);
        } catch (AwsException e) {
            throw e.resource(key.arn(), KmsErrors.KEY_RESOURCE);
        }
    }

    public static KeyState usable(KeyState key) {
        if (KeyStatus.DISABLED.equals(key.keyState())) {
            throw KmsErrors.disabled(key.arn());
        }
        if (!KeyStatus.ENABLED.equals(key.keyState())) {
            throw KmsErrors.invalidState(key.arn() + " is " + key.keyState().inWords() + ".");
        }
        return key;
    }
}
