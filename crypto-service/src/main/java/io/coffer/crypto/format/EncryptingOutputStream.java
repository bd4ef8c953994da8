package io.coffer.crypto.format;

import io.coffer.crypto.wire.AlgorithmSuite;
import io.coffer.crypto.wire.FrameLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Writes a message: the header at once, then the plaintext written to this stream as fixed-length regular frames,
 * and at {@link #finish()} the final frame (0 to frame-length bytes), so a message without its final frame is
 * detectably truncated. Holds one frame of plaintext and one of ciphertext whatever the message size. A full buffer
 * becomes a regular frame only once more plaintext arrives, because the last frame must be the final one.
 */
public final class EncryptingOutputStream extends OutputStream {

    private final OutputStream out;
    private final MessageHeader header;
    private final FrameCipher cipher;
    private final byte[] plaintext;
    private final byte[] frame;
    private int buffered;
    private int sequence = 1;
    private long plaintextLength;
    private boolean finished;

    /** Writes {@code header} to {@code out}; {@code keys} must be the ones the header was created with. */
    public EncryptingOutputStream(OutputStream out, MessageHeader header, MessageKeys keys) throws IOException {
        this.out = out;
        this.header = header;
        this.cipher = new FrameCipher(header, keys);
        this.plaintext = new byte[header.frameLength()];
        AlgorithmSuite suite = header.suite();
        // the largest frame: a final one holding a whole frame's plaintext
        this.frame = new byte[Math.toIntExact(new FrameLayout(suite, header.frameLength(), 0)
                .finalFrameSize(header.frameLength()))];
        out.write(header.toBytes());
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (finished) {
            throw new IOException("the message is already finished");
        }
        while (len > 0) {
            if (buffered == plaintext.length) {
                emit(false);
            }
            int n = Math.min(len, plaintext.length - buffered);
            System.arraycopy(b, off, plaintext, buffered, n);
            buffered += n;
            off += n;
            len -= n;
            plaintextLength += n;
        }
    }

    /** Writes the final frame; the message is complete. Does not close the underlying stream. */
    public void finish() throws IOException {
        if (!finished) {
            emit(true);
            finished = true;
            java.util.Arrays.fill(plaintext, (byte) 0);
            out.flush();
        }
    }

    /** Plaintext bytes written so far. */
    public long plaintextLength() {
        return plaintextLength;
    }

    public MessageHeader header() {
        return header;
    }

    private void emit(boolean last) throws IOException {
        if (sequence == FrameCipher.FINAL_FRAME_MARKER) {
            throw new IOException("the message has reached the maximum number of frames");
        }
        ByteBuffer b = ByteBuffer.wrap(frame);
        if (last) {
            b.putInt(FrameCipher.FINAL_FRAME_MARKER);
        }
        b.putInt(sequence).put(cipher.iv(sequence));
        if (last) {
            b.putInt(buffered);
        }
        int at = b.position();
        int sealed = cipher.seal(sequence, last, plaintext, 0, buffered, frame, at);
        out.write(frame, 0, at + sealed);
        buffered = 0;
        sequence++;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Finishes the message and closes the underlying stream. */
    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            out.close();
        }
    }
}
