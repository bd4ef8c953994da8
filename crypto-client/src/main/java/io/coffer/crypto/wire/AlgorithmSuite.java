package io.coffer.crypto.wire;

import java.util.Optional;

/**
 * The AWS Encryption SDK algorithm suites crypto-service reads and writes, with their wire IDs; the one source of
 * their sizes for the service and for {@link FrameLayout}. Only the committing,
 * unsigned suite: the writer of repository data and its reader are the same trusted service, so an ECDSA signature
 * would add cost and no protection, while key commitment stops one ciphertext decrypting under two data keys.
 */
public enum AlgorithmSuite {

    /**
     * {@code ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY}, wire ID {@code 0x0478}: message format version 2, AES-256-GCM
     * with 12-byte IVs and 16-byte tags, HKDF-SHA512 key derivation salted with the 32-byte message ID, a 32-byte
     * commitment key in the header, no signature.
     */
    AES_256_GCM_HKDF_SHA512_COMMIT_KEY(0x0478, 2, 32, 12, 16, 32, 32);

    private final int wireId;
    private final int messageFormatVersion;
    private final int dataKeyLength;
    private final int ivLength;
    private final int tagLength;
    private final int messageIdLength;
    private final int commitKeyLength;

    AlgorithmSuite(int wireId, int messageFormatVersion, int dataKeyLength, int ivLength, int tagLength,
            int messageIdLength, int commitKeyLength) {
        this.wireId = wireId;
        this.messageFormatVersion = messageFormatVersion;
        this.dataKeyLength = dataKeyLength;
        this.ivLength = ivLength;
        this.tagLength = tagLength;
        this.messageIdLength = messageIdLength;
        this.commitKeyLength = commitKeyLength;
    }

    /** The suite with this wire ID, if it is one crypto-service accepts. */
    public static Optional<AlgorithmSuite> fromWireId(int wireId) {
        for (AlgorithmSuite suite : values()) {
            if (suite.wireId == wireId) {
                return Optional.of(suite);
            }
        }
        return Optional.empty();
    }

    public int wireId() {
        return wireId;
    }

    public int messageFormatVersion() {
        return messageFormatVersion;
    }

    public int dataKeyLength() {
        return dataKeyLength;
    }

    public int ivLength() {
        return ivLength;
    }

    public int tagLength() {
        return tagLength;
    }

    public int messageIdLength() {
        return messageIdLength;
    }

    public int commitKeyLength() {
        return commitKeyLength;
    }
}
