package io.coffer.repo.git.storage;

import io.coffer.crypto.client.CryptoClient;
import io.coffer.crypto.wire.FrameLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jgit.internal.storage.dfs.DfsOutputStream;

/**
 * Writes a new file as one message: plaintext streams to crypto-service, the message's frames stream back into the
 * blob store and its header is kept for the catalog. Nothing but ciphertext reaches the store.
 * <p>
 * JGit reads back what it has written (to resolve deltas of a received pack). Bytes whose frames are in the store's
 * writer are read back from it through crypto-service like any stored file; the rest (at least the last frame, which crypto-service
 * seals only once more plaintext or the end arrives) is still held here, in memory.
 */
final class SealingOutputStream extends DfsOutputStream {

    private static final int CHUNK = 64 * 1024;
    private static final byte[] END = new byte[0];
    /**
     * Frames are flushed toward durable storage every this many bytes as they arrive (to the disk, or a part to S3),
     * so that closing waits for the last few MiB rather than the whole file (0.1 s for a 100 MB pack on disk here,
     * all of it after git's last byte).
     */
    private static final long FLUSH_EVERY = 8 * 1024 * 1024;

    private final String name;
    private final RepositoryCipher cipher;
    private final BlobStore.Writer frames;
    private final int blockSize;
    private final BlockingQueue<byte[]> upload = new ArrayBlockingQueue<>(16);
    private final Consumer<SealedFile> onSealed;
    private final Future<SealedFile> sealing;

    /** Plaintext chunks handed to crypto-service whose frames may not be on disk yet, from {@link #heldFrom}. */
    private final ArrayDeque<byte[]> held = new ArrayDeque<>();
    private long heldFrom;
    private byte[] current = new byte[CHUNK];
    private int currentLength;
    private long written;
    private long handedOver;

    // set by the sealing thread, read under the monitor
    private byte[] header;
    private int frameLength;
    private long sealedPlaintext;
    private boolean closed;

    /** @param onSealed told about the file once it is complete and durable, from {@link #close()} */
    SealingOutputStream(String name, RepositoryCipher cipher, BlobStore store, int blockSize,
            ExecutorService sealers, Consumer<SealedFile> onSealed) throws IOException {
        this.name = name;
        this.cipher = cipher;
        this.frames = store.create(cipher.repositoryId(), name);
        this.blockSize = blockSize;
        this.onSealed = onSealed;
        this.sealing = sealers.submit(this::seal);
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, CHUNK - currentLength);
            synchronized (this) {
                System.arraycopy(buf, off, current, currentLength, n);
                currentLength += n;
                written += n;
            }
            off += n;
            len -= n;
            if (currentLength == CHUNK) {
                handOver();
            }
        }
    }

    private void handOver() throws IOException {
        byte[] chunk;
        synchronized (this) {
            chunk = current;
            held.addLast(chunk);
            handedOver += chunk.length;
            current = new byte[CHUNK];
            currentLength = 0;
        }
        put(chunk);
    }

    private void put(byte[] chunk) throws IOException {
        try {
            while (!upload.offer(chunk, 1, TimeUnit.SECONDS)) {
                if (sealing.isDone()) {
                    throw failure("crypto-service stopped reading");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while sealing " + name);
        }
    }

    @Override
    public int read(long position, ByteBuffer buf) throws IOException {
        byte[] plaintext;
        long plaintextStart;
        synchronized (this) {
            if (position >= written) {
                return -1;
            }
            if (position >= sealedPlaintext) {
                return copyHeld(position, buf);
            }
            FrameLayout layout = new FrameLayout(frameLength, sealedPlaintext);
            long first = layout.frameOf(position);
            long last = layout.frameOf(Math.min(sealedPlaintext, position + buf.remaining()) - 1);
            plaintextStart = (first - 1) * frameLength;
            try (PlaintextRun run = cipher.open(name, header, regular(layout), first, last, frames)) {
                plaintext = run.readAll();
            }
        }
        int offset = (int) (position - plaintextStart);
        int n = Math.min(buf.remaining(), plaintext.length - offset);
        buf.put(plaintext, offset, n);
        return n;
    }

    /** The sealed part read back as if all its frames were regular ones (the final frame is not written yet). */
    private static FrameLayout regular(FrameLayout sealed) {
        return new FrameLayout(sealed.frameLength(), sealed.plaintextLength() + 1);
    }

    /** Copies plaintext still held in memory; the caller holds the monitor. */
    private int copyHeld(long position, ByteBuffer buf) {
        long chunkStart = heldFrom;
        Iterator<byte[]> chunks = held.iterator();
        int copied = 0;
        while (buf.hasRemaining()) {
            byte[] chunk;
            int length;
            if (chunks.hasNext()) {
                chunk = chunks.next();
                length = chunk.length;
            } else if (chunkStart == written - currentLength) {
                chunk = current;
                length = currentLength;
            } else {
                break;
            }
            long at = position + copied;
            if (at < chunkStart + length) {
                int offset = (int) (at - chunkStart);
                int n = Math.min(buf.remaining(), length - offset);
                buf.put(chunk, offset, n);
                copied += n;
            }
            if (chunk == current) {
                break;
            }
            chunkStart += length;
        }
        return copied;
    }

    /** Runs on a sealing thread: the encrypt exchange, frames into the store as they arrive. */
    private SealedFile seal() throws IOException {
        CryptoClient.Encrypted message = cipher.seal(() -> new Upload());
        try (InputStream in = message.message()) {
            byte[] head = in.readNBytes(message.headerLength());
            if (head.length != message.headerLength()) {
                throw new IOException("crypto-service's message ended inside its header");
            }
            FrameLayout frameShape = new FrameLayout(message.frameLength(), 0);
            synchronized (this) {
                header = head;
                frameLength = message.frameLength();
            }
            byte[] buffer = new byte[CHUNK];
            long ciphertext = 0;
            long flushed = 0;
            for (int n; (n = in.read(buffer)) > 0;) {
                frames.write(buffer, 0, n);
                ciphertext += n;
                if (ciphertext - flushed >= FLUSH_EVERY) {
                    frames.flush();
                    flushed = ciphertext;
                }
                sealed(ciphertext / frameShape.regularFrameSize() * frameLength);
            }
            frames.finish();
            long plaintext;
            synchronized (this) {
                plaintext = written;
            }
            if (new FrameLayout(frameLength, plaintext).framesLength() != ciphertext) {
                throw new IOException("crypto-service's message for " + name + " has " + ciphertext
                        + " bytes of frames where " + plaintext + " bytes of plaintext need a different length");
            }
            return new SealedFile(head, frameLength, plaintext);
        }
    }

    /**
     * Frames up to {@code plaintext} are on disk: drop what memory held of them. A frame is sealed only once
     * plaintext after it was handed over, which also keeps the final frame (not a regular one) out of the count.
     */
    private synchronized void sealed(long plaintext) {
        long frames = Math.min(plaintext, Math.max(0, handedOver - 1)) / frameLength;
        sealedPlaintext = Math.max(sealedPlaintext, frames * frameLength);
        while (!held.isEmpty() && heldFrom + held.peekFirst().length <= sealedPlaintext) {
            heldFrom += held.removeFirst().length;
        }
    }

    /** Finishes the message and waits until its frames are durable. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        SealedFile sealed = null;
        try {
            byte[] last;
            synchronized (this) {
                last = Arrays.copyOf(current, currentLength);
                held.addLast(last);
                handedOver += last.length;
                current = new byte[0];
                currentLength = 0;
            }
            if (last.length > 0) {
                put(last);
            }
            put(END);
            sealed = sealing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while sealing " + name);
        } catch (ExecutionException e) {
            throw failure("sealing failed");
        } finally {
            if (sealed == null) {
                // let the exchange end, whatever state it is in
                upload.clear();
                upload.offer(END);
                sealing.cancel(true);
            }
            frames.close();
            synchronized (this) {
                held.clear();
            }
        }
        onSealed.accept(sealed);
    }

    private IOException failure(String what) {
        try {
            sealing.get(0, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                return new IOException("cannot store " + name + ": " + io.getMessage(), io);
            }
            return new IOException("cannot store " + name + ": " + cause, cause);
        } catch (Exception e) {
            return new IOException("cannot store " + name + ": " + what, e);
        }
        return new IOException("cannot store " + name + ": " + what);
    }

    /** The request body of the encrypt exchange: chunks as they are handed over, until {@link #END}. */
    private final class Upload extends InputStream {
        private byte[] chunk = new byte[0];
        private int offset;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            while (offset == chunk.length) {
                try {
                    chunk = upload.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                }
                offset = 0;
                if (chunk == END) {
                    ended = true;
                    return -1;
                }
            }
            int n = Math.min(len, chunk.length - offset);
            System.arraycopy(chunk, offset, b, off, n);
            offset += n;
            return n;
        }
    }
}
