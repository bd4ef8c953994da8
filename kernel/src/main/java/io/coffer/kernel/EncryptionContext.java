package io.coffer.kernel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An encryption context and its canonical binary form, as in the AWS Encryption SDK message format: the pairs
 * sorted by the UTF-8 bytes of their keys, a big-endian u16 count, then for each pair a u16 length and the key's
 * UTF-8 bytes, a u16 length and the value's. Every field is length-prefixed, so {"ab":"c"} and {"a":"bc"} encode
 * differently and can never authenticate each other's ciphertext.
 */
public final class EncryptionContext {

    /** The context key that binds data to a CodeCommit repository: {@code {"aws:codecommit:id": "<id>"}}. */
    public static final String REPOSITORY_ID = "aws:codecommit:id";
    private static final int MAX_FIELD = 0xFFFF;

    private final SortedMap<byte[], byte[]> pairs = new TreeMap<>(Arrays::compareUnsigned);
    private final Map<String, String> map;

    private EncryptionContext(Map<String, String> map) {
        this.map = Map.copyOf(map);
        map.forEach((k, v) -> {
            byte[] key = k.getBytes(StandardCharsets.UTF_8);
            byte[] value = v.getBytes(StandardCharsets.UTF_8);
            if (key.length > MAX_FIELD || value.length > MAX_FIELD) {
                throw new IllegalArgumentException("an encryption context key or value is longer than 65535 bytes");
            }
            pairs.put(key, value);
        });
        if (pairs.size() > MAX_FIELD) {
            throw new IllegalArgumentException("an encryption context has more than 65535 pairs");
        }
    }

    /** A repository's context. */
    public static EncryptionContext forRepository(String repositoryId) {
        return of(Map.of(REPOSITORY_ID, repositoryId));
    }

    /** @throws IllegalArgumentException if a key or value is null or too long */
    public static EncryptionContext of(Map<String, String> map) {
        if (map == null) {
            return new EncryptionContext(Map.of());
        }
        map.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException("encryption context keys and values must not be null");
            }
            // a lone surrogate would be encoded as '?', and so equal to another context; NUL cannot be stored
            if (!StandardCharsets.UTF_8.newEncoder().canEncode(k) || !StandardCharsets.UTF_8.newEncoder().canEncode(v)
                    || k.indexOf('\0') >= 0 || v.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("encryption context keys and values must be valid Unicode "
                        + "without NUL");
            }
        });
        return new EncryptionContext(map);
    }

    public Map<String, String> asMap() {
        return map;
    }

    public boolean isEmpty() {
        return map.isEmpty();
    }

    /** The canonical encoding: u16 count, then (u16 length, key, u16 length, value) in key order. */
    public byte[] canonical() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeU16(out, pairs.size());
        pairs.forEach((key, value) -> {
            writeU16(out, key.length);
            out.writeBytes(key);
            writeU16(out, value.length);
            out.writeBytes(value);
        });
        return out.toByteArray();
    }

    private static void writeU16(ByteArrayOutputStream out, int value) {
        out.write((value >>> 8) & 0xFF);
        out.write(value & 0xFF);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncryptionContext other && map.equals(other.map);
    }

    @Override
    public int hashCode() {
        return map.hashCode();
    }

    /** Names the keys only: values may be sensitive. */
    @Override
    public String toString() {
        return "EncryptionContext" + new TreeMap<>(map).keySet();
    }
}
