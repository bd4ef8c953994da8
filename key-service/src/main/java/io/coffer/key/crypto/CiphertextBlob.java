package io.coffer.key.crypto;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.UUID;

/**
 * key-service's ciphertext blob, opaque to clients. Layout (big-endian):
 * <pre>
 *   u8   format version (1)
 *   16   key ID (UUID)
 *   u32  key-material version
 *   12   AES-GCM nonce
 *   ..   AES-256-GCM ciphertext, then the 16-byte tag
 * </pre>
 * The 33 header bytes and the canonical encryption context are the associated data, so neither the key reference
 * nor the context can be changed without Decrypt failing. Decrypt finds the key and material version in the header.
 */
public record CiphertextBlob(UUID keyId, int materialVersion, byte[] nonce, byte[] sealed) {

    public static final byte VERSION = 1;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
    static final int HEADER_BYTES = 1 + 16 + 4 + NONCE_BYTES;

    /** @throws InvalidCiphertextException if the bytes are not a blob of this format */
    public static CiphertextBlob parse(byte[] blob) {
        if (blob == null || blob.length < HEADER_BYTES + TAG_BYTES || blob[0] != VERSION) {
            throw new InvalidCiphertextException();
        }
        ByteBuffer in = ByteBuffer.wrap(blob);
        in.get();
        UUID keyId = new UUID(in.getLong(), in.getLong());
        int materialVersion = in.getInt();
        byte[] nonce = new byte[NONCE_BYTES];
        in.get(nonce);
        return new CiphertextBlob(keyId, materialVersion, nonce, Arrays.copyOfRange(blob, HEADER_BYTES, blob.length));
    }

    /** The header: version, key ID, material version, nonce. */
    public byte[] header() {
        return ByteBuffer.allocate(HEADER_BYTES).put(VERSION).putLong(keyId.getMostSignificantBits())
                .putLong(keyId.getLeastSignificantBits()).putInt(materialVersion).put(nonce).array();
    }

    public byte[] toBytes() {
        return ByteBuffer.allocate(HEADER_BYTES + sealed.length).put(header()).put(sealed).array();
    }
}
