package io.coffer.key.keys;

import io.coffer.events.contract.GrantCreated;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A grant on a key: it allows its grantee the listed operations, as KMS evaluates grants beside the key policy and
 * IAM policies (an explicit Deny in either still wins). Part of the key's state.
 */
public record Grant(String grantId, String name, String granteePrincipal, String retiringPrincipal,
        List<String> operations, Map<String, String> contextEquals, Map<String, String> contextSubset,
        String issuingAccount, Instant creationDate) {

    /** The operations a grant may allow (KMS's GrantOperation). */
    public static final List<String> OPERATIONS = List.of("Decrypt", "Encrypt", "GenerateDataKey",
            "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo", "Sign", "Verify", "GetPublicKey",
            "CreateGrant", "RetireGrant", "DescribeKey", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext",
            "GenerateMac", "VerifyMac", "DeriveSharedSecret");

    static Grant of(GrantCreated e) {
        return new Grant(e.grantId(), e.name(), e.granteePrincipal(), e.retiringPrincipal(),
                List.copyOf(e.operations()), e.contextEquals(), e.contextSubset(), e.issuingAccount(),
                e.creationDate());
    }

    /**
     * Whether this grant lets {@code principalArn} perform {@code operation} (without {@code kms:}) with the
     * request's encryption context (empty for operations that take none).
     */
    public boolean allows(String principalArn, String operation, Map<String, String> encryptionContext) {
        if (!granteePrincipal.equals(principalArn) || !operations.contains(operation)) {
            return false;
        }
        Map<String, String> context = encryptionContext == null ? Map.of() : encryptionContext;
        if (contextEquals != null && !contextEquals.equals(context)) {
            return false;
        }
        return contextSubset == null || context.entrySet().containsAll(contextSubset.entrySet());
    }

    /** Whether {@code principalArn} may retire this grant by the grant alone. */
    public boolean retirableBy(String principalArn) {
        return principalArn.equals(retiringPrincipal)
                || principalArn.equals(granteePrincipal) && operations.contains("RetireGrant");
    }

    /** The same grant as CreateGrant would make of these parameters, which makes a named CreateGrant idempotent. */
    public boolean sameAs(GrantCreated e) {
        return name != null && name.equals(e.name()) && granteePrincipal.equals(e.granteePrincipal())
                && java.util.Objects.equals(retiringPrincipal, e.retiringPrincipal())
                && java.util.Set.copyOf(operations).equals(java.util.Set.copyOf(e.operations()))
                && java.util.Objects.equals(contextEquals, e.contextEquals())
                && java.util.Objects.equals(contextSubset, e.contextSubset());
    }
}
