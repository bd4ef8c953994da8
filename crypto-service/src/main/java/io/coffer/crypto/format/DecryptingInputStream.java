package io.coffer.crypto.format;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads frames of a message and releases each frame's plaintext only after its tag verifies. Two uses:
 * <ul>
 * <li>{@link #message}: the frames that follow a header, from sequence 1; the stream must end with the final frame
 * and nothing after it, or reading fails (truncation or appended bytes).</li>
 * <li>{@link #run}: random access, a run of whole consecutive frames starting at a given sequence number, ending at
 * any frame boundary; a final frame, if present, must be the last one.</li>
 * </ul>
 * Every failure is an {@link InvalidMessageException} thrown from {@code read}, before the failing frame's
 * plaintext is released. Holds one frame in memory.
 */
public final class DecryptingInputStream extends InputStream {

    private final DataInputStream in;
    private final MessageHeader header;
    private final FrameCipher cipher;
    private final boolean wholeMessage;
    private final byte[] frame;
    private final byte[] plaintext;
    private final byte[] ivSeen;
    private int sequence;
    private int available;
    private int position;
    private boolean ended;
    private long plaintextLength;
    private int frames;

    private DecryptingInputStream(InputStream in, MessageHeader header, MessageKeys keys, int firstSequence,
            boolean wholeMessage) {
        header.verify(keys);
        this.in = new DataInputStream(in);
        this.header = header;
        this.cipher = new FrameCipher(header, keys);
        this.wholeMessage = wholeMessage;
        this.sequence = firstSequence;
        this.frame = new byte[header.frameLength() + header.suite().tagLength()];
        this.plaintext = new byte[header.frameLength()];
        this.ivSeen = new byte[header.suite().ivLength()];
    }

    /**
     * The plaintext of a whole message whose header was already read from {@code in}.
     *
     * @throws MessageAuthenticationException if {@code keys} are not the message's
     */
    public static DecryptingInputStream message(InputStream in, MessageHeader header, MessageKeys keys) {
        return new DecryptingInputStream(in, header, keys, 1, true);
    }

    /** The plaintext of a run of whole frames of {@code header}'s message, the first being {@code firstSequence}. */
    public static DecryptingInputStream run(InputStream frames, MessageHeader header, MessageKeys keys,
            int firstSequence) {
        if (firstSequence < 1 || firstSequence == FrameCipher.FINAL_FRAME_MARKER) {
            throw new IllegalArgumentException("frame sequence numbers start at 1");
        }
        return new DecryptingInputStream(frames, header, keys, firstSequence, false);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (position == available) {
            if (ended || !nextFrame()) {
                return -1;
            }
        }
        int n = Math.min(len, available - position);
        System.arraycopy(plaintext, position, b, off, n);
        position += n;
        return n;
    }

    /** Plaintext bytes released so far, and whole frames read. */
    public long plaintextLength() {
        return plaintextLength;
    }

    public int frames() {
        return frames;
    }

    private boolean nextFrame() throws IOException {
        int first;
        try {
            first = in.readInt();
        } catch (EOFException e) {
            // a run may end at any frame boundary; a whole message only after its final frame
            if (wholeMessage) {
                throw new MalformedMessageException("the message is truncated: it ends before its final frame");
            }
            ended = true;
            return false;
        }
        try {
            boolean last = first == FrameCipher.FINAL_FRAME_MARKER;
            int seq = last ? in.readInt() : first;
            if (seq != sequence) {
                throw new MessageAuthenticationException("frame " + Integer.toUnsignedString(seq) + " found where "
                        + "frame " + Integer.toUnsignedString(sequence) + " belongs (dropped, repeated or reordered)");
            }
            in.readFully(ivSeen);
            if (!Arrays.equals(ivSeen, cipher.iv(sequence))) {
                throw new MessageAuthenticationException("frame " + sequence + " carries a wrong IV");
            }
            int length = header.frameLength();
            if (last) {
                length = in.readInt();
                if (length < 0 || length > header.frameLength()) {
                    throw new MalformedMessageException("the final frame claims " + Integer.toUnsignedString(length)
                            + " bytes, more than the frame length " + header.frameLength());
                }
            }
            int sealed = length + header.suite().tagLength();
            in.readFully(frame, 0, sealed);
            available = cipher.open(sequence, last, frame, 0, sealed, plaintext, 0);
            position = 0;
            sequence++;
            frames++;
            plaintextLength += available;
            if (last) {
                ended = true;
                if (in.read() >= 0) {
                    throw new MalformedMessageException("unexpected bytes after the final frame");
                }
            }
            return true;
        } catch (EOFException e) {
            throw new MalformedMessageException("frame " + sequence + " is truncated");
        }
    }

    /** Erases the buffered plaintext; does not close the underlying stream's owner's resources beyond it. */
    @Override
    public void close() throws IOException {
        Arrays.fill(plaintext, (byte) 0);
        in.close();
    }
}
