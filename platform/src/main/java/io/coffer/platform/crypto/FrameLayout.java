package io.coffer.platform.crypto;

/**
 * Where the frames of a framed message lie, for suite {@code 0x0478} (12-byte IVs, 16-byte tags), counted from the
 * end of the message header: regular frames are {@code 4 + 12 + frameLength + 16} bytes, and the final frame, which
 * holds the last 0 to {@code frameLength} bytes of plaintext, is {@code 4 + 4 + 12 + 4 + length + 16}. A message of
 * {@code n > 0} plaintext bytes has {@code ceil(n / frameLength)} frames, an empty one a single empty final frame.
 */
public record FrameLayout(int frameLength, long plaintextLength) {

    private static final int IV = 12;
    private static final int TAG = 16;

    public FrameLayout {
        if (frameLength <= 0 || plaintextLength < 0) {
            throw new IllegalArgumentException("frame length must be positive and plaintext length not negative");
        }
    }

    /** Frames in the message, the final one included. */
    public long frames() {
        return Math.max(1, (plaintextLength + frameLength - 1) / frameLength);
    }

    /** The frame (from 1) holding plaintext byte {@code position}. */
    public long frameOf(long position) {
        return position / frameLength + 1;
    }

    /** Where frame {@code sequence} (from 1) starts after the header. */
    public long frameStart(long sequence) {
        return (sequence - 1) * regularFrameSize();
    }

    /** Where frame {@code sequence} (from 1) ends after the header. */
    public long frameEnd(long sequence) {
        return sequence == frames() ? framesLength() : sequence * regularFrameSize();
    }

    /** Bytes of all frames: the message's length without its header. */
    public long framesLength() {
        long finalLength = plaintextLength - (frames() - 1) * frameLength;
        return (frames() - 1) * regularFrameSize() + 4 + 4 + IV + 4 + finalLength + TAG;
    }

    /** Bytes of one regular frame. */
    public long regularFrameSize() {
        return 4L + IV + frameLength + TAG;
    }
}
