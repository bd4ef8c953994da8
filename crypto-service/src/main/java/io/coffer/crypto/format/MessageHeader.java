package io.coffer.crypto.format;

import io.coffer.crypto.wire.AlgorithmSuite;
import io.coffer.crypto.wire.FrameLayout;
import io.coffer.kernel.EncryptionContext;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a message in AWS Encryption SDK message format version 2 (big-endian):
 * <pre>
 * version 0x02 | suite ID u16 | message ID (32) | AAD length u16 | AAD (context pairs, absent when empty)
 * | EDK count u16 | EDKs (u16 len provider ID, u16 len provider info, u16 len ciphertext)
 * | content type 0x02 (framed) | frame length u32 | suite data (32-byte commitment key) | header auth tag (16)
 * </pre>
 * The auth tag is AES-GCM over an empty plaintext with a zero IV and the header body as AAD.
 * {@link #body()} is exactly the bytes the tag authenticates, kept as parsed so nothing is re-encoded.
 */
public final class MessageHeader {

    static final int FRAMED = 0x02;
    /** Frames are buffered whole; larger frames are refused rather than risk the heap. */
    public static final int MAX_FRAME_LENGTH = 4 * 1024 * 1024;
    private static final int MAX_DATA_KEYS = 16;

    private final AlgorithmSuite suite;
    private final byte[] messageId;
    private final EncryptionContext context;
    private final List<EncryptedDataKey> dataKeys;
    private final int frameLength;
    private final byte[] commitKey;
    private final byte[] body;
    private final byte[] authTag;

    private MessageHeader(AlgorithmSuite suite, byte[] messageId, EncryptionContext context,
            List<EncryptedDataKey> dataKeys, int frameLength, byte[] commitKey, byte[] body, byte[] authTag) {
        this.suite = suite;
        this.messageId = messageId;
        this.context = context;
        this.dataKeys = List.copyOf(dataKeys);
        this.frameLength = frameLength;
        this.commitKey = commitKey;
        this.body = body;
        this.authTag = authTag;
    }

    /** A new header, committed to and authenticated with {@code keys}. */
    public static MessageHeader create(AlgorithmSuite suite, byte[] messageId, EncryptionContext context,
            List<EncryptedDataKey> dataKeys, int frameLength, MessageKeys keys) {
        if (frameLength < 1 || frameLength > MAX_FRAME_LENGTH) {
            throw new IllegalArgumentException("frame length must be 1.." + MAX_FRAME_LENGTH);
        }
        if (dataKeys.isEmpty() || dataKeys.size() > MAX_DATA_KEYS) {
            throw new IllegalArgumentException("a message needs 1.." + MAX_DATA_KEYS + " encrypted data keys");
        }
        byte[] commitKey = keys.commitKey();
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(suite.messageFormatVersion());
        u16(out, suite.wireId());
        out.writeBytes(messageId);
        if (context.isEmpty()) {
            u16(out, 0);
        } else {
            byte[] pairs = context.canonical();
            u16(out, pairs.length);
            out.writeBytes(pairs);
        }
        u16(out, dataKeys.size());
        for (EncryptedDataKey key : dataKeys) {
            field(out, key.providerId().getBytes(StandardCharsets.UTF_8));
            field(out, key.providerInfo());
            field(out, key.ciphertext());
        }
        out.write(FRAMED);
        out.writeBytes(ByteBuffer.allocate(4).putInt(frameLength).array());
        out.writeBytes(commitKey);
        byte[] body = out.toByteArray();
        byte[] tag = FrameCipher.headerTag(keys, suite, body);
        return new MessageHeader(suite, messageId.clone(), context, dataKeys, frameLength, commitKey, body, tag);
    }

    /**
     * Reads a header from the start of {@code in}, leaving the stream at the first frame. Nothing is authenticated
     * yet: see {@link #verify}.
     *
     * @throws MalformedMessageException if the bytes are not a framed version-2 header of an accepted suite
     */
    public static MessageHeader read(InputStream stream) {
        DataInputStream in = new DataInputStream(stream);
        ByteArrayOutputStream body = new ByteArrayOutputStream(256);
        try {
            int version = in.readUnsignedByte();
            body.write(version);
            if (version != 2) {
                throw new MalformedMessageException("message format version " + version + " is not accepted; "
                        + "only version 2 (committing algorithm suites)");
            }
            int suiteId = in.readUnsignedShort();
            u16(body, suiteId);
            AlgorithmSuite suite = AlgorithmSuite.fromWireId(suiteId).orElseThrow(() -> new MalformedMessageException(
                    String.format("algorithm suite 0x%04X is not accepted; only 0x0478 (AES-256-GCM, HKDF-SHA512, key "
                            + "commitment, no signature)", suiteId)));
            byte[] messageId = readInto(in, body, suite.messageIdLength());
            int aadLength = in.readUnsignedShort();
            u16(body, aadLength);
            EncryptionContext context = readContext(readInto(in, body, aadLength));
            int keyCount = in.readUnsignedShort();
            u16(body, keyCount);
            if (keyCount < 1 || keyCount > MAX_DATA_KEYS) {
                throw new MalformedMessageException("a message must hold 1.." + MAX_DATA_KEYS
                        + " encrypted data keys, not " + keyCount);
            }
            List<EncryptedDataKey> keys = new ArrayList<>(keyCount);
            for (int i = 0; i < keyCount; i++) {
                String providerId = utf8(readField(in, body));
                keys.add(new EncryptedDataKey(providerId, readField(in, body), readField(in, body)));
            }
            int contentType = in.readUnsignedByte();
            body.write(contentType);
            if (contentType != FRAMED) {
                throw new MalformedMessageException("only framed content is accepted, not content type "
                        + contentType);
            }
            int frameLength = in.readInt();
            body.writeBytes(ByteBuffer.allocate(4).putInt(frameLength).array());
            if (frameLength < 1 || frameLength > MAX_FRAME_LENGTH) {
                throw new MalformedMessageException("frame length " + Integer.toUnsignedString(frameLength)
                        + " is outside 1.." + MAX_FRAME_LENGTH);
            }
            byte[] commitKey = readInto(in, body, suite.commitKeyLength());
            byte[] tag = new byte[suite.tagLength()];
            in.readFully(tag);
            return new MessageHeader(suite, messageId, context, keys, frameLength, commitKey, body.toByteArray(),
                    tag);
        } catch (EOFException e) {
            throw new MalformedMessageException("the message ends inside its header");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a complete header held in memory (e.g. stored apart from its frames); trailing bytes are refused. */
    public static MessageHeader parse(byte[] bytes) {
        java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(bytes);
        MessageHeader header = read(in);
        if (in.available() > 0) {
            throw new MalformedMessageException("unexpected bytes after the header");
        }
        return header;
    }

    /**
     * Checks that {@code keys} are this message's: the commitment key (constant time) and then the header tag.
     *
     * @throws MessageAuthenticationException if either does not match
     */
    public void verify(MessageKeys keys) {
        if (!keys.commitsTo(commitKey)) {
            throw new MessageAuthenticationException("the data key does not match the message's key commitment");
        }
        FrameCipher.verifyHeaderTag(keys, suite, body, authTag);
    }

    public AlgorithmSuite suite() {
        return suite;
    }

    public byte[] messageId() {
        return messageId.clone();
    }

    byte[] messageIdUnsafe() {
        return messageId;
    }

    public EncryptionContext context() {
        return context;
    }

    public List<EncryptedDataKey> dataKeys() {
        return dataKeys;
    }

    public int frameLength() {
        return frameLength;
    }

    byte[] body() {
        return body;
    }

    /** The header as written: body then auth tag. */
    public byte[] toBytes() {
        byte[] out = Arrays.copyOf(body, body.length + authTag.length);
        System.arraycopy(authTag, 0, out, body.length, authTag.length);
        return out;
    }

    public int length() {
        return body.length + authTag.length;
    }

    /** Bytes of one regular frame: sequence number, IV, content, tag. */
    public long regularFrameSize() {
        return new FrameLayout(suite, frameLength, 0).regularFrameSize();
    }

    /** Where frame {@code sequence} (from 1) starts, counted from the start of the message. */
    public long frameOffset(long sequence) {
        return length() + (sequence - 1) * regularFrameSize();
    }

    private static EncryptionContext readContext(byte[] aad) {
        if (aad.length == 0) {
            return EncryptionContext.of(Map.of());
        }
        ByteBuffer in = ByteBuffer.wrap(aad);
        try {
            int count = Short.toUnsignedInt(in.getShort());
            if (count == 0) {
                throw new MalformedMessageException("a non-empty encryption context field holds no pairs");
            }
            Map<String, String> pairs = new LinkedHashMap<>();
            byte[] previous = null;
            for (int i = 0; i < count; i++) {
                byte[] key = new byte[Short.toUnsignedInt(in.getShort())];
                in.get(key);
                byte[] value = new byte[Short.toUnsignedInt(in.getShort())];
                in.get(value);
                // canonical form only: sorted, no duplicates, so one context has exactly one encoding
                if (previous != null && Arrays.compareUnsigned(previous, key) >= 0) {
                    throw new MalformedMessageException("encryption context pairs are not sorted or repeat a key");
                }
                previous = key;
                pairs.put(utf8(key), utf8(value));
            }
            if (in.hasRemaining()) {
                throw new MalformedMessageException("unexpected bytes after the encryption context pairs");
            }
            return EncryptionContext.of(pairs);
        } catch (java.nio.BufferUnderflowException e) {
            throw new MalformedMessageException("the encryption context is truncated");
        }
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedMessageException("a header string is not valid UTF-8");
        }
    }

    private static byte[] readInto(DataInputStream in, ByteArrayOutputStream body, int length) throws IOException {
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        body.writeBytes(bytes);
        return bytes;
    }

    private static byte[] readField(DataInputStream in, ByteArrayOutputStream body) throws IOException {
        int length = in.readUnsignedShort();
        u16(body, length);
        return readInto(in, body, length);
    }

    private static void field(ByteArrayOutputStream out, byte[] bytes) {
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException("a header field is longer than 65535 bytes");
        }
        u16(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void u16(ByteArrayOutputStream out, int value) {
        out.write((value >>> 8) & 0xFF);
        out.write(value & 0xFF);
    }
}
