package io.coffer.repo.git.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A run of a stored file's plaintext as the cipher streams it: exactly {@link #length()} bytes, then the end. Fewer
 * or more, or a cut answer, fail the read with {@link StoredDataCorruptException}.
 */
final class PlaintextRun implements Closeable {
    private final String repositoryId;
    private final String name;
    private final int length;
    private final InputStream in;
    private int read;

    /** @param in the cipher's answer */
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

    /** Ends the answer, early or not (an early end closes its connection). */
    @Override
    public void close() throws IOException {
        in.close();
    }

    private static StoredDataCorruptException cutOff(String repositoryId, String name, Exception e) {
        // a cipher cuts its answer at the first frame that fails to authenticate
        return new StoredDataCorruptException(repositoryId, name,
                "decryption was cut off (a frame failed to authenticate, or the cipher was lost): " + e);
    }
}
