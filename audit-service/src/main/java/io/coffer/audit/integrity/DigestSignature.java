package io.coffer.audit.integrity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.HexFormat;

/**
 * What a digest signs, and how: Ed25519 over a versioned text that names the range of the chain it vouches for —
 * first and last position, record count, arrival time range, the chain hash at the last position — and the
 * previous digest's signature, so digests form a chain of their own.
 */
public record DigestSignature(long firstPosition, long lastPosition, long recordCount, Instant startTime,
        Instant endTime, byte[] lastHash, byte[] previousSignature) {

    public static final String ALGORITHM = "Ed25519";

    /** The exact bytes signed. */
    public byte[] signedText() {
        HexFormat hex = HexFormat.of();
        return ("coffer-audit-digest/v1\n"
                + "firstPosition=" + firstPosition + "\n"
                + "lastPosition=" + lastPosition + "\n"
                + "recordCount=" + recordCount + "\n"
                + "startTime=" + startTime + "\n"
                + "endTime=" + endTime + "\n"
                + "lastHash=" + hex.formatHex(lastHash) + "\n"
                + "previousSignature=" + (previousSignature == null ? "" : hex.formatHex(previousSignature)) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    public byte[] sign(PrivateKey key) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(signedText());
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the digest cannot be signed", e);
        }
    }

    public boolean verify(PublicKey key, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(signedText());
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** A short name for a public key: the first 16 bytes of SHA-256 over its X.509 encoding, in hex. */
    public static String fingerprint(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
