package io.coffer.repo.git.storage;

import io.coffer.crypto.client.CryptoClient;
import io.coffer.crypto.wire.AlgorithmSuite;
import io.coffer.crypto.wire.FrameLayout;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Supplier;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A {@link RepositoryCipher} for tests of the storage in the JVM: AES-256-GCM under one test key, no crypto-service.
 * Its messages have crypto-service's frame layout ({@link FrameLayout}, suite {@code 0x0478}: 12-byte IVs, 16-byte
 * tags), it streams as crypto-service does (a frame is sealed once the next one's plaintext or the end arrives), and
 * every frame is bound to its message, position, finality and repository, so altered, moved or foreign frames fail.
 * Its header is its own ({@code "COFFTEST"}, message ID, frame length): it tests the storage, not the message format.
 */
final class AesGcmTestCipher implements RepositoryCipher {

    private static final byte[] MAGIC = "COFFTEST".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_LENGTH = MAGIC.length + 16 + 4;
    private static final int FINAL = 0xFFFFFFFF;
    private static final AlgorithmSuite SUITE = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String repositoryId;
    private final SecretKey key;
    private final int frameLength;

    AesGcmTestCipher(String repositoryId, SecretKey key, int frameLength) {
        this.repositoryId = repositoryId;
        this.key = key;
        this.frameLength = frameLength;
    }

    static SecretKey newKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            return generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String repositoryId() {
        return repositoryId;
    }

    @Override
    public CryptoClient.Encrypted seal(Supplier<InputStream> plaintext) {
        byte[] messageId = new byte[16];
        RANDOM.nextBytes(messageId);
        byte[] header = ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC).put(messageId).putInt(frameLength).array();
        return new CryptoClient.Encrypted(HexFormat.of().formatHex(messageId), "arn:test", HEADER_LENGTH, frameLength,
                new Message(header, messageId, plaintext.get()));
    }

    @Override
    public PlaintextRun open(String name, byte[] header, FrameLayout layout, long first, long last,
            BlobStore.Ranges frames) throws IOException {
        if (header.length != HEADER_LENGTH) {
            throw new StoredDataCorruptException(repositoryId, name, "not a test cipher header");
        }
        ByteBuffer head = ByteBuffer.wrap(header);
        byte[] magic = new byte[MAGIC.length];
        byte[] messageId = new byte[16];
        head.get(magic).get(messageId);
        if (!Arrays.equals(magic, MAGIC) || head.getInt() != layout.frameLength()) {
            throw new StoredDataCorruptException(repositoryId, name, "not a test cipher header of this layout");
        }
        ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
        try (DataInputStream in = new DataInputStream(
                new FrameRange(frames, layout.frameStart(first), layout.frameEnd(last)))) {
            for (long sequence = first; sequence <= last; sequence++) {
                boolean isFinal = sequence == layout.frames();
                if (isFinal && in.readInt() != FINAL) {
                    throw new StoredDataCorruptException(repositoryId, name, "no final frame where one must be");
                }
                if (in.readInt() != (int) sequence) {
                    throw new StoredDataCorruptException(repositoryId, name, "frame " + sequence + " is out of place");
                }
                byte[] iv = in.readNBytes(SUITE.ivLength());
                int length = isFinal ? in.readInt() : frameLength;
                if (length < 0 || length > frameLength) {
                    throw new StoredDataCorruptException(repositoryId, name, "frame " + sequence + " length " + length);
                }
                byte[] sealed = in.readNBytes(length + SUITE.tagLength());
                if (sealed.length != length + SUITE.tagLength()) {
                    throw new EOFException("frame " + sequence + " is cut short");
                }
                plaintext.write(crypt(Cipher.DECRYPT_MODE, iv, aad(messageId, sequence, isFinal), sealed));
            }
        } catch (AEADBadTagException e) {
            throw new StoredDataCorruptException(repositoryId, name, "a frame failed to authenticate");
        } catch (EOFException e) {
            throw new StoredDataCorruptException(repositoryId, name, "truncated: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        int expected = Math.toIntExact(Math.min(layout.plaintextLength(), last * layout.frameLength())
                - (first - 1) * layout.frameLength());
        return new PlaintextRun(repositoryId, name, expected, new ByteArrayInputStream(plaintext.toByteArray()));
    }

    private byte[] aad(byte[] messageId, long sequence, boolean isFinal) {
        return ByteBuffer.allocate(16 + 4 + 1 + repositoryId.length()).put(messageId).putInt((int) sequence)
                .put((byte) (isFinal ? 1 : 0)).put(repositoryId.getBytes(StandardCharsets.US_ASCII)).array();
    }

    private byte[] crypt(int mode, byte[] iv, byte[] aad, byte[] input) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(SUITE.tagLength() * 8, iv));
        cipher.updateAAD(aad);
        return cipher.doFinal(input);
    }

    /** The message as it streams: the header, then each frame once the next one's plaintext (or the end) is read. */
    private final class Message extends InputStream {
        private final byte[] messageId;
        private final InputStream plaintext;
        private ByteBuffer out;
        private byte[] next;
        private long sequence;
        private boolean done;

        Message(byte[] header, byte[] messageId, InputStream plaintext) {
            this.messageId = messageId;
            this.plaintext = plaintext;
            this.out = ByteBuffer.wrap(header);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (!out.hasRemaining()) {
                if (done) {
                    return -1;
                }
                out = ByteBuffer.wrap(nextFrame());
            }
            int n = Math.min(len, out.remaining());
            out.get(b, off, n);
            return n;
        }

        private byte[] nextFrame() throws IOException {
            byte[] current = next != null ? next : plaintext.readNBytes(frameLength);
            next = plaintext.readNBytes(frameLength);
            boolean isFinal = next.length == 0;
            sequence++;
            byte[] iv = new byte[SUITE.ivLength()];
            RANDOM.nextBytes(iv);
            byte[] sealed;
            try {
                sealed = crypt(Cipher.ENCRYPT_MODE, iv, aad(messageId, sequence, isFinal), current);
            } catch (GeneralSecurityException e) {
                throw new UncheckedIOException(new IOException(e));
            }
            ByteBuffer frame = ByteBuffer.allocate((isFinal ? 8 : 4) + iv.length + (isFinal ? 4 : 0) + sealed.length);
            if (isFinal) {
                frame.putInt(FINAL);
            }
            frame.putInt((int) sequence).put(iv);
            if (isFinal) {
                frame.putInt(current.length);
                done = true;
            }
            return frame.put(sealed).array();
        }
    }
}
