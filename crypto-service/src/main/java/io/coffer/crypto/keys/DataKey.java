package io.coffer.crypto.keys;

import java.util.Arrays;

/**
 * A plaintext data key with its KMS ciphertext blob and the ARN of the KMS key that made it. The plaintext is lent
 * out only under this object's lock and is zeroed by {@link #destroy()}; after that every use fails.
 */
public final class DataKey {

    private final byte[] plaintext;
    private final byte[] ciphertextBlob;
    private final String keyArn;
    private boolean destroyed;

    DataKey(byte[] plaintext, byte[] ciphertextBlob, String keyArn) {
        this.plaintext = plaintext;
        this.ciphertextBlob = ciphertextBlob;
        this.keyArn = keyArn;
    }

    public byte[] ciphertextBlob() {
        return ciphertextBlob.clone();
    }

    public String keyArn() {
        return keyArn;
    }

    /** Runs {@code use} with the plaintext key; {@code use} must not keep the array. */
    public synchronized <T> T use(java.util.function.Function<byte[], T> use) {
        if (destroyed) {
            throw new IllegalStateException("the data key was destroyed");
        }
        return use.apply(plaintext);
    }

    public synchronized void destroy() {
        Arrays.fill(plaintext, (byte) 0);
        destroyed = true;
    }

    @Override
    public String toString() {
        return "DataKey[" + keyArn + "]";
    }
}
