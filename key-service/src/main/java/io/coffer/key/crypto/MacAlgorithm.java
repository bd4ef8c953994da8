package io.coffer.key.crypto;

import io.coffer.kernel.SecretBytes;
import io.coffer.kernel.SecretKeyAccess;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** KMS's MacAlgorithmSpec: HMAC (RFC 2104) with a SHA-2 hash, one per HMAC key spec. */
public enum MacAlgorithm {

    HMAC_SHA_224("HmacSHA224"),
    HMAC_SHA_256("HmacSHA256"),
    HMAC_SHA_384("HmacSHA384"),
    HMAC_SHA_512("HmacSHA512");

    /** The longest message KMS MACs. */
    public static final int MAX_MESSAGE = 4096;

    private final String jcaName;

    MacAlgorithm(String jcaName) {
        this.jcaName = jcaName;
    }

    public static Optional<MacAlgorithm> of(String wireName) {
        return Arrays.stream(values()).filter(a -> a.name().equals(wireName)).findFirst();
    }

    static MacAlgorithm of(KeySpec spec) {
        return switch (spec) {
            case HMAC_224 -> HMAC_SHA_224;
            case HMAC_256 -> HMAC_SHA_256;
            case HMAC_384 -> HMAC_SHA_384;
            case HMAC_512 -> HMAC_SHA_512;
            default -> throw new IllegalArgumentException(spec + " is not an HMAC key spec");
        };
    }

    public byte[] mac(SecretBytes key, byte[] message) {
        byte[] raw = key.toByteArray(SecretKeyAccess.get());
        try {
            Mac mac = Mac.getInstance(jcaName);
            mac.init(new SecretKeySpec(raw, jcaName));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(jcaName + " is unavailable", e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** Whether {@code tag} is the MAC of the message, compared in constant time. */
    public boolean verify(SecretBytes key, byte[] message, byte[] tag) {
        return MessageDigest.isEqual(mac(key, message), tag);
    }
}
