package io.coffer.aws.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;

/**
 * The request body as a blocking stream for a worker thread, reading ahead up to {@link #READ_AHEAD} buffers and
 * pausing the connection beyond that, so memory stays bounded. (The framework's own body streams ask the connection
 * for one buffer at a time and wait for each: a thread hand-off per network buffer.)
 * <p>
 * Construct it on the request's event loop, or while the request is paused, so no buffer arrives before it listens.
 */
public final class RequestBody extends InputStream {

    private static final int READ_AHEAD = 32;

    private final HttpServerRequest request;
    private final long timeoutMillis;
    private final long maxBytes;
    private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
    private Buffer current;
    private int position;
    private long received;
    private boolean ended;
    private boolean paused;
    private boolean discarding;
    private Throwable failure;

    /** A body of any size; a client that sends nothing for {@code timeoutMillis} fails the read. */
    public RequestBody(HttpServerRequest request, long timeoutMillis) {
        this(request, timeoutMillis, Long.MAX_VALUE);
    }

    /** A body of at most {@code maxBytes}: a read past that fails with {@link TooLargeException}. */
    public RequestBody(HttpServerRequest request, long timeoutMillis, long maxBytes) {
        this.request = request;
        this.timeoutMillis = timeoutMillis;
        this.maxBytes = maxBytes;
        request.handler(this::received);
        request.endHandler(end -> ended());
        request.exceptionHandler(this::failed);
        request.resume();
    }

    /** A body larger than the limit it was read with. */
    public static final class TooLargeException extends IOException {
        TooLargeException(long maxBytes) {
            super("the request body is larger than " + maxBytes + " bytes");
        }
    }

    /**
     * The connection went before the body ended: closed or reset by the client (a client that hangs up with data
     * unread resets it), or broken. No one is left to answer, and nothing failed on this side.
     */
    public static final class ClientGoneException extends IOException {
        ClientGoneException(Throwable cause) {
            super("the connection went before the request body ended: " + cause, cause);
        }
    }

    private synchronized void received(Buffer buffer) {
        if (discarding) {
            return;
        }
        received += buffer.length();
        queue.add(buffer);
        if (queue.size() >= READ_AHEAD && !paused) {
            paused = true;
            request.pause();
        }
        notifyAll();
    }

    private synchronized void ended() {
        ended = true;
        notifyAll();
    }

    private synchronized void failed(Throwable t) {
        failure = t;
        notifyAll();
    }

    /**
     * Drops what is buffered and whatever else arrives, without waiting for it: for an answer given without reading
     * the whole body (the connection should then be closed, not kept for the next request).
     */
    public synchronized void discard() {
        discarding = true;
        queue.clear();
        current = null;
        if (paused) {
            paused = false;
            request.resume();
        }
        notifyAll();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (received > maxBytes) {
            throw new TooLargeException(maxBytes);
        }
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (current == null || position == current.length()) {
            if (discarding) {
                return -1;
            }
            current = queue.poll();
            position = 0;
            if (current != null) {
                if (paused && queue.size() < READ_AHEAD / 2) {
                    paused = false;
                    request.resume();
                }
                continue;
            }
            if (failure instanceof HttpClosedException || failure instanceof IOException) {
                throw new ClientGoneException(failure);
            }
            if (failure != null) {
                throw new IOException("the request body failed", failure);
            }
            if (ended) {
                return -1;
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new IOException("no request body data for " + timeoutMillis + " ms");
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted reading the request body");
            }
        }
        int n = Math.min(len, current.length() - position);
        current.getBytes(position, position + n, b, off);
        position += n;
        return n;
    }
}
