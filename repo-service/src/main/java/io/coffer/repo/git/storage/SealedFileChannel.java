package io.coffer.repo.git.storage;

import io.coffer.platform.crypto.FrameLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;
import org.eclipse.jgit.internal.storage.dfs.ReadableChannel;

/**
 * Reads a stored file's plaintext at any position: each miss decrypts the run of whole frames covering the read
 * (at least one block, more when JGit announces a sequential read), in one crypto-service call. The plaintext of
 * that run is held until the next miss and wiped on close.
 */
final class SealedFileChannel implements ReadableChannel {

    /** A run is never longer than this, whatever read-ahead is asked for. */
    private static final int MAX_RUN = 8 * 1024 * 1024;

    private final String name;
    private final SealedFile file;
    private final FrameLayout layout;
    private final BlobStore.Reader frames;
    private final RepositoryCipher cipher;
    private final int blockSize;
    private long position;
    private int readAhead;
    private byte[] run = new byte[0];
    private long runStart;
    private boolean open = true;

    SealedFileChannel(String name, SealedFile file, BlobStore.Reader frames, RepositoryCipher cipher, int blockSize) {
        this.name = name;
        this.file = file;
        this.layout = file.layout();
        this.frames = frames;
        this.cipher = cipher;
        this.blockSize = blockSize;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        if (position >= layout.plaintextLength()) {
            return -1;
        }
        if (position < runStart || position >= runStart + run.length) {
            load(dst.remaining());
        }
        int offset = (int) (position - runStart);
        int n = Math.min(dst.remaining(), run.length - offset);
        dst.put(run, offset, n);
        position += n;
        return n;
    }

    private void load(int wanted) throws IOException {
        long end = Math.min(layout.plaintextLength(),
                position + Math.min(MAX_RUN, Math.max(Math.max(wanted, blockSize), readAhead)));
        long first = layout.frameOf(position);
        long last = layout.frameOf(end - 1);
        Arrays.fill(run, (byte) 0);
        run = cipher.open(name, file.header(), layout, first, last, frames);
        runStart = (first - 1) * layout.frameLength();
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
    public void close() throws IOException {
        open = false;
        Arrays.fill(run, (byte) 0);
        frames.close();
    }
}
