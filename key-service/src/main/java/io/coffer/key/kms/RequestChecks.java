package io.coffer.key.kms;

import com.fasterxml.jackson.databind.JsonNode;
import io.coffer.key.crypto.KeyUsage;
import io.coffer.key.keys.KeyState;
import io.coffer.key.keys.KmsErrors;

/** Checks the cryptographic operations share, in the order KMS makes them: after the key is found and allowed. */
final class RequestChecks {

    private RequestChecks() {
    }

    /** The key must have been created for {@code usage}; {@code action} ({@code kms:<Operation>}) names the call. */
    static void requireUsage(KeyState key, KeyUsage usage, String action) {
        if (key.usage() != usage) {
            throw KmsErrors.invalidKeyUsage(key.arn() + " key usage is " + key.keyUsage() + " which is not valid for "
                    + operation(action) + ".");
        }
    }

    /** The API operation of an action: ReEncrypt's two halves are one operation. */
    private static String operation(String action) {
        String operation = action.substring("kms:".length());
        return operation.startsWith("ReEncrypt") ? "ReEncrypt" : operation;
    }

    /** Operations that take only a symmetric encryption key (GenerateDataKey and friends). */
    static void requireSymmetric(KeyState key) {
        if (!key.spec().symmetric()) {
            throw KmsErrors.invalidKeyUsage(key.arn() + " has KeySpec " + key.keySpec()
                    + "; this operation needs a SYMMETRIC_DEFAULT key");
        }
    }

    /** With DryRun the call stops here, having passed every check, and changes and returns nothing. */
    static void dryRun(Boolean dryRun) {
        if (Boolean.TRUE.equals(dryRun)) {
            throw KmsErrors.dryRun();
        }
    }

    /** A Nitro Enclaves attestation asks KMS to encrypt for the enclave, which needs enclaves Coffer does not run. */
    static void refuseRecipient(JsonNode recipient) {
        if (recipient != null && !recipient.isNull()) {
            throw KmsErrors.unsupported("Recipient (an AWS Nitro Enclaves attestation document) is not supported: "
                    + "Coffer cannot verify enclave attestations");
        }
    }

    /** A blob member that must be present and within KMS's length limits. */
    static byte[] required(byte[] value, String member, int max) {
        if (value == null) {
            throw KmsErrors.required(member);
        }
        if (value.length < 1 || value.length > max) {
            throw KmsErrors.length(member, null, value.length, 1, max);
        }
        return value;
    }

    /** A string member that must be present. */
    static String required(String value, String member) {
        if (value == null) {
            throw KmsErrors.required(member);
        }
        return value;
    }
}
