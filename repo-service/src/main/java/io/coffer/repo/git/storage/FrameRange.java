package io.coffer.repo.git.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Bytes {@code [start, end)} of a stored file; ending early is an error. The file is opened at the first read and
 * closed as soon as the range is read, so a stream of a remote store holds its connection no longer than it needs.
 */
final class FrameRange extends InputStream {
    private final BlobStore.Ranges file;
    private final long start;
    private final long end;
    private long position;
    private InputStream in;

    FrameRange(BlobStore.Ranges file, long start, long end) {
        this.file = file;
        this.start = start;
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
            close();
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        if (in == null) {
            in = file.open(start, end);
        }
        int n = in.read(b, off, (int) Math.min(len, end - position));
        if (n < 0) {
            throw new EOFException("the stored file ends before its frames do");
        }
        position += n;
        if (position >= end) {
            close();
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            InputStream open = in;
            in = null;
            position = end;
            open.close();
        }
    }
}
