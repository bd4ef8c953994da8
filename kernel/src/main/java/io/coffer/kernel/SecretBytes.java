package io.coffer.kernel;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * Key bytes (KMS key material, a root key, a data key) that are read only with a {@link SecretKeyAccess}, never
 * printed, and wiped by {@link #destroy()}. Copies handed out are the reader's to wipe.
 */
public final class SecretBytes implements Destroyable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;
    private volatile boolean destroyed;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** {@code length} bytes from a cryptographically strong random source. */
    public static SecretBytes random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return new SecretBytes(bytes);
    }

    /** Takes {@code bytes} over and wipes the array it was given: the secret then exists only here. */
    public static SecretBytes takeOver(byte[] bytes, SecretKeyAccess access) {
        requireAccess(access);
        SecretBytes secret = new SecretBytes(bytes.clone());
        Arrays.fill(bytes, (byte) 0);
        return secret;
    }

    /** A copy of the bytes; the caller wipes it when done. */
    public byte[] toByteArray(SecretKeyAccess access) {
        requireAccess(access);
        if (destroyed) {
            throw new IllegalStateException("the secret has been destroyed");
        }
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    /** Constant-time comparison. */
    public boolean equalsSecretBytes(SecretBytes other) {
        return MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    /** Never the bytes. */
    @Override
    public String toString() {
        return "SecretBytes[" + bytes.length + " bytes" + (destroyed ? ", destroyed" : "") + "]";
    }

    private static void requireAccess(SecretKeyAccess access) {
        if (access == null) {
            throw new SecurityException("reading secret bytes needs a SecretKeyAccess");
        }
    }
}
