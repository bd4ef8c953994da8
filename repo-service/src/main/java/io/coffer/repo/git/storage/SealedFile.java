package io.coffer.repo.git.storage;

import io.coffer.crypto.wire.FrameLayout;

/**
 * A stored file's message header (which holds its wrapped data key) and the shape of its frames. The header lives
 * in PostgreSQL, the frames in the blob store: without the header row the frames cannot be decrypted.
 */
public record SealedFile(byte[] header, int frameLength, long plaintextLength) {

    public FrameLayout layout() {
        return new FrameLayout(frameLength, plaintextLength);
    }
}
