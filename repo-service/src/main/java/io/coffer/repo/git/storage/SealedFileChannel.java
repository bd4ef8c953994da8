package io.coffer.repo.git.storage;

import io.coffer.crypto.wire.FrameLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import org.eclipse.jgit.internal.storage.dfs.ReadableChannel;

/**
 * Reads a stored file's plaintext at any position: each miss decrypts the run of whole frames covering the read
 * (at least one block, more when JGit announces a sequential read), in one crypto-service call. Reads that carry on
 * where the file's last run ended double the next run, up to {@value #MAX_RUN} bytes, so streaming a whole pack
 * takes few calls while random reads stay one block. Runs are kept in the opened repository's {@link DecryptedRuns},
 * not in the channel, so the next channel on the same file (JGit opens one per block load) carries on from them.
 */
final class SealedFileChannel implements ReadableChannel {

    /** A run is never longer than this, whatever read-ahead is asked for. */
    private static final int MAX_RUN = 8 * 1024 * 1024;

    private final String name;
    private final SealedFile file;
    private final FrameLayout layout;
    private final BlobStore store;
    private final RepositoryCipher cipher;
    private final int blockSize;
    private final DecryptedRuns runs;
    private long position;
    private int readAhead;
    private boolean open = true;

    /** @param store where the file's frames are: each run opens them for itself, as it may outlive this channel */
    SealedFileChannel(String name, SealedFile file, BlobStore store, RepositoryCipher cipher, int blockSize,
            DecryptedRuns runs) {
        this.name = name;
        this.file = file;
        this.layout = file.layout();
        this.store = store;
        this.cipher = cipher;
        this.blockSize = blockSize;
        this.runs = runs;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        if (position >= layout.plaintextLength()) {
            return -1;
        }
        int n;
        // another channel on the file may replace the run just loaded before it is read: then load again
        while ((n = runs.copy(name, position, dst)) < 0) {
            load(dst.remaining());
        }
        position += n;
        return n;
    }

    private void load(int wanted) throws IOException {
        int sequentialRun = runs.sequentialLength(name, position, blockSize, MAX_RUN);
        long length = Math.min(MAX_RUN, Math.max(Math.max(wanted, blockSize), Math.max(readAhead, sequentialRun)));
        long end = Math.min(layout.plaintextLength(), position + length);
        long first = layout.frameOf(position);
        long last = layout.frameOf(end - 1);
        runs.put(name, (first - 1) * layout.frameLength(), cipher.open(name, file.header(), layout, first, last,
                (from, to) -> store.read(cipher.repositoryId(), name, from, to)), sequentialRun);
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public void position(long newPosition) {
        position = newPosition;
    }

    @Override
    public long size() {
        return layout.plaintextLength();
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public void setReadAheadBytes(int bufferSize) {
        readAhead = bufferSize;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
