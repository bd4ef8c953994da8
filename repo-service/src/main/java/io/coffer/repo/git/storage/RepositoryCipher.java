package io.coffer.repo.git.storage;

import io.coffer.crypto.client.CryptoClient;
import io.coffer.crypto.wire.FrameLayout;
import io.coffer.kernel.AwsException;
import io.coffer.kernel.EncryptionContext;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * crypto-service as one repository's stored files see it: every message is bound to the repository's encryption
 * context, sealed under its key, and read within one session (a request), so a clone counts as one read per file.
 */
public final class RepositoryCipher {

    /** The encryption context key CodeCommit binds repository data to. */
    public static final String REPOSITORY_ID = EncryptionContext.REPOSITORY_ID;
    /** crypto-service's and KMS's answers meaning the stored bytes are not what was sealed for this repository. */
    private static final Set<String> INTEGRITY_FAILURES = Set.of("BadCiphertextException",
            "InvalidCiphertextException", "EncryptionContextMismatchException");

    private final CryptoClient crypto;
    private final String region;
    private final String repositoryId;
    private final String keyId;
    private final String session;

    /**
     * @param crypto acting for whoever the reads and writes are for
     * @param keyId the repository's KMS key, null for the region's {@code aws/codecommit} key
     */
    public RepositoryCipher(CryptoClient crypto, String region, String repositoryId, String keyId, String session) {
        this.crypto = crypto;
        this.region = region;
        this.repositoryId = repositoryId;
        this.keyId = keyId;
        this.session = session;
    }

    public String repositoryId() {
        return repositoryId;
    }

    private Map<String, String> context() {
        return Map.of(REPOSITORY_ID, repositoryId);
    }

    /** Starts a new message; the plaintext is read from {@code plaintext} until its end. */
    CryptoClient.Encrypted seal(Supplier<InputStream> plaintext) {
        return crypto.encrypt(region, context(), keyId, plaintext);
    }

    /**
     * The plaintext of frames {@code first} to {@code last} (from 1) of a stored file, read from {@code frames}, as it
     * is decrypted: each frame is authenticated before any of it arrives. The call is made here, the bytes stream
     * while the caller reads; reading to its end checks that the frames held exactly that much plaintext.
     *
     * @throws StoredDataCorruptException (here or from the stream's reads) if crypto-service finds the frames
     *         altered, truncated or not this repository's
     */
    PlaintextRun open(String name, byte[] header, FrameLayout layout, long first, long last, BlobStore.Reader frames)
            throws IOException {
        long start = layout.frameStart(first);
        long end = layout.frameEnd(last);
        int expected = Math.toIntExact(Math.min(layout.plaintextLength(), last * layout.frameLength())
                - (first - 1) * layout.frameLength());
        InputStream plaintext;
        try {
            plaintext = crypto.decryptFrames(region, context(), header, Math.toIntExact(first),
                    () -> new RangeStream(frames, start, end), session);
        } catch (AwsException e) {
            if (INTEGRITY_FAILURES.contains(e.errorType())) {
                throw new StoredDataCorruptException(repositoryId, name, e.errorType() + ": " + e.getMessage());
            }
            throw new StoredDataUnavailableException(repositoryId, name, e.errorType(), e.getMessage());
        } catch (UncheckedIOException e) {
            // no answer came: crypto-service is down or unreachable, which says nothing of the data
            throw new StoredDataUnavailableException(repositoryId, name, "CryptoServiceUnavailable",
                    "crypto-service could not be reached (" + e.getCause() + "); try again once it is back");
        }
        return new PlaintextRun(repositoryId, name, expected, plaintext);
    }

    private static StoredDataCorruptException cutOff(String repositoryId, String name, Exception e) {
        // crypto-service cuts its answer at the first frame that fails to authenticate
        return new StoredDataCorruptException(repositoryId, name,
                "decryption was cut off (a frame failed to authenticate, or crypto-service was lost): " + e);
    }

    /**
     * A run's plaintext as crypto-service streams it: exactly {@link #length()} bytes, then the end. Fewer or more,
     * or a cut answer, fail the read with {@link StoredDataCorruptException}.
     */
    static final class PlaintextRun implements Closeable {
        private final String repositoryId;
        private final String name;
        private final int length;
        private final InputStream in;
        private Closeable resource = () -> { };
        private int read;

        /** @param in crypto-service's answer */
        PlaintextRun(String repositoryId, String name, int length, InputStream in) {
            this.repositoryId = repositoryId;
            this.name = name;
            this.length = length;
            this.in = in;
        }

        int length() {
            return length;
        }

        /**
         * Reads at least one of the bytes left, at most {@code len}, into {@code b}; after the last one, checks that
         * the answer ends there.
         */
        int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, Math.min(len, length - read));
                if (n < 0) {
                    throw new StoredDataCorruptException(repositoryId, name,
                            "frames hold " + read + " bytes where " + length + " were expected");
                }
                read += n;
                if (read == length && in.read() >= 0) {
                    throw new StoredDataCorruptException(repositoryId, name, "frames hold more than expected");
                }
            } catch (StoredDataCorruptException e) {
                throw e;
            } catch (UncheckedIOException | IOException e) {
                throw cutOff(repositoryId, name, e);
            }
            return n;
        }

        /** All of the run's plaintext. */
        byte[] readAll() throws IOException {
            byte[] all = new byte[length];
            for (int n = 0; n < length;) {
                n += read(all, n, length - n);
            }
            return all;
        }

        /** Makes this run close {@code resource} (what it reads its frames from) when it is closed. */
        PlaintextRun closing(Closeable resource) {
            this.resource = resource;
            return this;
        }

        /** Ends the answer, early or not (an early end closes its connection). */
        @Override
        public void close() throws IOException {
            try (Closeable frames = resource) {
                in.close();
            }
        }
    }

    /** Bytes {@code [position, end)} of a stored file; ending early is an error. */
    private static final class RangeStream extends InputStream {
        private final BlobStore.Reader file;
        private final long end;
        private long position;

        RangeStream(BlobStore.Reader file, long start, long end) {
            this.file = file;
            this.position = start;
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position >= end) {
                return -1;
            }
            int n = file.read(position, ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)));
            if (n < 0) {
                throw new EOFException("the stored file ends before its frames do");
            }
            position += n;
            return n;
        }
    }
}
