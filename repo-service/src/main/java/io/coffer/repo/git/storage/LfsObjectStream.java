package io.coffer.repo.git.storage;

import io.coffer.crypto.wire.FrameLayout;
import java.io.IOException;
import java.io.InputStream;

/**
 * A Git LFS object's plaintext, decrypted a run of frames at a time as it is read (an object may be larger than one
 * run can hold); each frame is authenticated before any of it is returned.
 */
final class LfsObjectStream extends InputStream {

    /** Frames per call to crypto-service: 4 MiB of plaintext at the default frame length. */
    private static final long FRAMES_PER_RUN = 64;

    private final RepositoryCipher cipher;
    private final LfsObjectTable.LfsObject object;
    private final BlobStore.Ranges frames;
    private final FrameLayout layout;
    private long nextFrame = 1;
    private PlaintextRun run;
    private int leftInRun;

    LfsObjectStream(RepositoryCipher cipher, LfsObjectTable.LfsObject object, BlobStore.Ranges frames) {
        this.cipher = cipher;
        this.object = object;
        this.frames = frames;
        this.layout = new FrameLayout(object.frameLength(), object.size());
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
        while (leftInRun == 0) {
            if (run != null) {
                run.close();
                run = null;
            }
            if (nextFrame > layout.frames()) {
                return -1;
            }
            long last = Math.min(layout.frames(), nextFrame + FRAMES_PER_RUN - 1);
            run = cipher.open("lfs " + object.oid(), object.header(), layout, nextFrame, last, frames);
            leftInRun = run.length();
            nextFrame = last + 1;
        }
        int n = run.read(b, off, Math.min(len, leftInRun));
        leftInRun -= n;
        return n;
    }

    @Override
    public void close() throws IOException {
        if (run != null) {
            run.close();
            run = null;
        }
    }
}
