package io.coffer.crypto.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.coffer.crypto.wire.AlgorithmSuite;
import io.coffer.kernel.EncryptionContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The message format on its own: round trips, tampering, random access. Interop is in {@link EncryptionSdkFormatTest}. */
class MessageFormatTest {

    private static final AlgorithmSuite SUITE = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY;
    private static final EncryptionContext CONTEXT = EncryptionContext.of(Map.of("aws:codecommit:id", "r-1"));
    private static final int FRAME = 64;

    private final Random random = new Random(7);
    private final byte[] dataKey = bytes(32);

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private byte[] encrypt(byte[] plaintext, int frameLength) throws IOException {
        byte[] messageId = bytes(32);
        try (MessageKeys keys = MessageKeys.derive(SUITE, dataKey, messageId)) {
            MessageHeader header = MessageHeader.create(SUITE, messageId, CONTEXT,
                    List.of(EncryptedDataKey.awsKms("arn:aws:kms:us-east-2:111122223333:key/k", bytes(80))),
                    frameLength, keys);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (EncryptingOutputStream encrypting = new EncryptingOutputStream(out, header, keys)) {
                // uneven writes, so frame boundaries never line up with write boundaries
                for (int at = 0; at < plaintext.length;) {
                    int n = Math.min(plaintext.length - at, 1 + random.nextInt(3 * frameLength));
                    encrypting.write(plaintext, at, n);
                    at += n;
                }
            }
            return out.toByteArray();
        }
    }

    private byte[] decrypt(byte[] message, byte[] key) throws IOException {
        InputStream in = new ByteArrayInputStream(message);
        MessageHeader header = MessageHeader.read(in);
        try (MessageKeys keys = MessageKeys.derive(header.suite(), key, header.messageId());
                DecryptingInputStream plaintext = DecryptingInputStream.message(in, header, keys)) {
            return plaintext.readAllBytes();
        }
    }

    @Test
    void givenPlaintextsOfEveryShape_whenRoundTripped_thenIdentical() throws IOException {
        for (int size : new int[] {0, 1, FRAME - 1, FRAME, FRAME + 1, 3 * FRAME, 3 * FRAME + 17, 10_000}) {
            byte[] plaintext = bytes(size);
            byte[] message = encrypt(plaintext, FRAME);
            assertArrayEquals(plaintext, decrypt(message, dataKey), "size " + size);
            MessageHeader header = MessageHeader.read(new ByteArrayInputStream(message));
            // every frame but the final one is full, so the layout is computable from the header alone
            long frames = Math.max(1, (size + FRAME - 1) / FRAME);
            assertEquals(header.frameOffset(frames) + 4 + 4 + 12 + 4 + (size - (frames - 1) * FRAME) + 16,
                    message.length, "size " + size);
        }
    }

    @Test
    void givenAnySingleByteFlipped_whenDecrypted_thenRefusedWithoutPlaintext() throws IOException {
        byte[] message = encrypt(bytes(2 * FRAME + 10), FRAME);
        for (int i = 0; i < message.length; i++) {
            byte[] tampered = message.clone();
            tampered[i] ^= 0x01;
            try {
                decrypt(tampered, dataKey);
                fail("flipping byte " + i + " of " + message.length + " went unnoticed");
            } catch (InvalidMessageException expected) {
                // header, data key, frame IVs, ciphertexts and tags are all covered
            }
        }
    }

    @Test
    void givenFramesDroppedDuplicatedReorderedOrCut_whenDecrypted_thenRefused() throws IOException {
        byte[] message = encrypt(bytes(3 * FRAME + 5), FRAME);
        MessageHeader header = MessageHeader.read(new ByteArrayInputStream(message));
        int h = header.length();
        int f = (int) header.regularFrameSize();
        byte[] headerBytes = Arrays.copyOfRange(message, 0, h);
        byte[] f1 = Arrays.copyOfRange(message, h, h + f);
        byte[] f2 = Arrays.copyOfRange(message, h + f, h + 2 * f);
        byte[] f3 = Arrays.copyOfRange(message, h + 2 * f, h + 3 * f);
        byte[] last = Arrays.copyOfRange(message, h + 3 * f, message.length);
        assertThrows(MessageAuthenticationException.class, () -> decrypt(concat(headerBytes, f1, f3, last), dataKey));
        assertThrows(MessageAuthenticationException.class, () -> decrypt(concat(headerBytes, f1, f2, f2, f3, last),
                dataKey));
        assertThrows(MessageAuthenticationException.class, () -> decrypt(concat(headerBytes, f2, f1, f3, last),
                dataKey));
        assertThrows(MalformedMessageException.class, () -> decrypt(concat(headerBytes, f1, f2, f3), dataKey));
        assertThrows(MalformedMessageException.class, () -> decrypt(Arrays.copyOf(message, message.length - 1),
                dataKey));
        assertThrows(MalformedMessageException.class, () -> decrypt(concat(message, new byte[1]), dataKey));
        assertThrows(MessageAuthenticationException.class, () -> decrypt(message, bytes(32)));
    }

    @Test
    void givenRanges_whenFramesDecryptedByRandomAccess_thenExactlyThoseBytes() throws IOException {
        byte[] plaintext = bytes(10 * FRAME + 33);
        byte[] message = encrypt(plaintext, FRAME);
        MessageHeader header = MessageHeader.read(new ByteArrayInputStream(message));
        int frames = 11;
        int[][] ranges = {{0, 1}, {FRAME - 1, FRAME + 1}, {FRAME, 2 * FRAME}, {5, plaintext.length},
                {plaintext.length - 1, plaintext.length}, {3 * FRAME + 7, 7 * FRAME - 3}};
        for (int[] range : ranges) {
            int first = range[0] / FRAME + 1;
            int lastFrame = (range[1] - 1) / FRAME + 1;
            long from = header.frameOffset(first);
            long to = lastFrame == frames ? message.length : header.frameOffset(lastFrame + 1);
            byte[] run;
            try (MessageKeys keys = MessageKeys.derive(SUITE, dataKey, header.messageId());
                    DecryptingInputStream in = DecryptingInputStream.run(
                            new ByteArrayInputStream(message, (int) from, (int) (to - from)), header, keys, first)) {
                run = in.readAllBytes();
            }
            int skip = range[0] - (first - 1) * FRAME;
            assertArrayEquals(Arrays.copyOfRange(plaintext, range[0], range[1]),
                    Arrays.copyOfRange(run, skip, skip + range[1] - range[0]), Arrays.toString(range));
        }
        // a run handed the wrong starting sequence number is refused
        try (MessageKeys keys = MessageKeys.derive(SUITE, dataKey, header.messageId())) {
            long from = header.frameOffset(3);
            assertThrows(MessageAuthenticationException.class, () -> DecryptingInputStream.run(
                    new ByteArrayInputStream(message, (int) from, (int) header.regularFrameSize()), header, keys, 4)
                    .readAllBytes());
        }
    }

    @Test
    void givenOtherVersionsOrSuites_whenRead_thenMalformed() throws IOException {
        byte[] message = encrypt(bytes(10), FRAME);
        byte[] v1 = message.clone();
        v1[0] = 1;
        assertThrows(MalformedMessageException.class, () -> MessageHeader.read(new ByteArrayInputStream(v1)));
        byte[] signed = message.clone();
        signed[1] = 0x05;
        assertThrows(MalformedMessageException.class, () -> MessageHeader.read(new ByteArrayInputStream(signed)));
        assertThrows(MalformedMessageException.class, () -> MessageHeader.read(new ByteArrayInputStream(
                Arrays.copyOf(message, 20))));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
