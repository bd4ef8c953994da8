package io.coffer.repo.git.storage;

import io.coffer.platform.crypto.FrameLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;
import org.eclipse.jgit.internal.storage.dfs.ReadableChannel;

/**
 * Reads a stored file's plaintext at any position: each miss decrypts the run of whole frames covering the read
 * (at least one block, more when JGit announces a sequential read), in one crypto-service call. Reads that carry on
 * where the last run ended double the next run, up to {@value #MAX_RUN} bytes, so streaming a whole pack takes few
 * calls while random reads stay one block. The plaintext of a run is held until the next miss and wiped on close.
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
    /** Bytes of the next run when reads are sequential. */
    private int sequentialRun;
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
        boolean sequential = run.length > 0 && position == runStart + run.length;
        sequentialRun = sequential ? Math.min(MAX_RUN, 2 * Math.max(sequentialRun, blockSize)) : 0;
        long length = Math.min(MAX_RUN, Math.max(Math.max(wanted, blockSize), Math.max(readAhead, sequentialRun)));
        long end = Math.min(layout.plaintextLength(), position + length);
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
