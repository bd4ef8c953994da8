package io.coffer.crypto.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One encrypted data key entry of a message header. For {@code aws-kms} the provider info is the KMS key ARN (UTF-8)
 * and the ciphertext is the KMS ciphertext blob of the data key.
 */
public record EncryptedDataKey(String providerId, byte[] providerInfo, byte[] ciphertext) {

    public static final String AWS_KMS = "aws-kms";

    public static EncryptedDataKey awsKms(String keyArn, byte[] ciphertextBlob) {
        return new EncryptedDataKey(AWS_KMS, keyArn.getBytes(StandardCharsets.UTF_8), ciphertextBlob.clone());
    }

    public String providerInfoText() {
        return new String(providerInfo, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncryptedDataKey other && providerId.equals(other.providerId)
                && Arrays.equals(providerInfo, other.providerInfo) && Arrays.equals(ciphertext, other.ciphertext);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * providerId.hashCode() + Arrays.hashCode(providerInfo)) + Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "EncryptedDataKey[" + providerId + ", " + providerInfoText() + "]";
    }
}
