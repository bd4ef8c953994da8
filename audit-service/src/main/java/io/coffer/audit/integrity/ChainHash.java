package io.coffer.audit.integrity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The link function of the audit chain: {@code chain_hash = SHA-256(previous_hash || UTF-8(record))}, where
 * {@code record} is the record's canonical JSON exactly as stored and the first record's previous hash is 32 zero
 * bytes. Changing, removing or inserting a record changes every later link.
 */
public final class ChainHash {

    public static final int LENGTH = 32;

    private ChainHash() {
    }

    /** The previous hash of the first record. */
    public static byte[] genesis() {
        return new byte[LENGTH];
    }

    public static byte[] next(byte[] previous, String canonicalRecord) {
        return next(previous, canonicalRecord.getBytes(StandardCharsets.UTF_8));
    }

    /** @param canonicalRecord the record's canonical JSON in UTF-8 */
    public static byte[] next(byte[] previous, byte[] canonicalRecord) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(previous);
            return sha256.digest(canonicalRecord);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
