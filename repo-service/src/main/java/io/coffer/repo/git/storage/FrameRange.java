package io.coffer.repo.git.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/** Bytes {@code [position, end)} of a stored file; ending early is an error. */
final class FrameRange extends InputStream {
    private final BlobStore.Reader file;
    private final long end;
    private long position;

    FrameRange(BlobStore.Reader file, long start, long end) {
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
