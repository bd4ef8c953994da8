package io.coffer.repo.git.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Bytes {@code [start, end)} of a file channel by positional reads, which leave the channel's own position alone (a
 * writer may go on appending to it meanwhile); ends early where the file does.
 */
final class ChannelRange extends InputStream {
    private final FileChannel channel;
    private final boolean ownsChannel;
    private final long end;
    private long position;

    /** @param ownsChannel whether closing this stream closes the channel */
    ChannelRange(FileChannel channel, long start, long end, boolean ownsChannel) {
        this.channel = channel;
        this.position = start;
        this.end = end;
        this.ownsChannel = ownsChannel;
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
        int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        if (ownsChannel) {
            channel.close();
        }
    }
}
