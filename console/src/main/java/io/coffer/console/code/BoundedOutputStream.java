package io.coffer.console.code;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Passes at most {@code limit} bytes on, and refuses the first byte more. */
final class BoundedOutputStream extends FilterOutputStream {

    /** More bytes came than the limit allows. */
    static final class LimitExceededException extends IOException {

        LimitExceededException(long limit) {
            super("more than " + limit + " bytes");
        }
    }

    private final long limit;
    private long written;

    BoundedOutputStream(OutputStream out, long limit) {
        super(out);
        this.limit = limit;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (written + len > limit) {
            throw new LimitExceededException(limit);
        }
        written += len;
        out.write(b, off, len);
    }
}
