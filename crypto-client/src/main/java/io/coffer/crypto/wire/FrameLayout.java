package io.coffer.crypto.wire;

/**
 * Where the frames of a framed message lie, counted from the end of the message header: regular frames are
 * {@code 4 + IV + frameLength + tag} bytes (sequence number, IV, content, tag), and the final frame, which holds the
 * last 0 to {@code frameLength} bytes of plaintext, is {@code 4 + 4 + IV + 4 + length + tag} (end marker, sequence
 * number, IV, content length, content, tag); the suite gives the IV and tag lengths. A message of {@code n > 0}
 * plaintext bytes has {@code ceil(n / frameLength)} frames, an empty one a single empty final frame.
 */
public record FrameLayout(AlgorithmSuite suite, int frameLength, long plaintextLength) {

    public FrameLayout {
        if (frameLength <= 0 || plaintextLength < 0) {
            throw new IllegalArgumentException("frame length must be positive and plaintext length not negative");
        }
    }

    /** The layout of a message of the suite Coffer writes, {@code 0x0478}. */
    public FrameLayout(int frameLength, long plaintextLength) {
        this(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY, frameLength, plaintextLength);
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
        return (frames() - 1) * regularFrameSize() + finalFrameSize(plaintextLength - (frames() - 1) * frameLength);
    }

    /** Bytes of one regular frame. */
    public long regularFrameSize() {
        return 4L + suite.ivLength() + frameLength + suite.tagLength();
    }

    /** Bytes of a final frame holding {@code length} bytes of plaintext. */
    public long finalFrameSize(long length) {
        return 4L + 4 + suite.ivLength() + 4 + length + suite.tagLength();
    }
}
