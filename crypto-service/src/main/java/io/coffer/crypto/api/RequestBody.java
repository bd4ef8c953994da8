package io.coffer.crypto.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;

/**
 * The request body as a blocking stream for a worker thread, reading ahead up to {@link #READ_AHEAD} buffers and
 * pausing the connection beyond that, so memory stays bounded. (The framework's own body stream asks the connection
 * for one buffer at a time and waits for each: a thread hand-off per network buffer.)
 */
final class RequestBody extends InputStream {

    private static final int READ_AHEAD = 32;

    private final HttpServerRequest request;
    private final long timeoutMillis;
    private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
    private Buffer current;
    private int position;
    private boolean ended;
    private boolean paused;
    private Throwable failure;

    RequestBody(HttpServerRequest request, long timeoutMillis) {
        this.request = request;
        this.timeoutMillis = timeoutMillis;
        request.handler(this::received);
        request.endHandler(end -> ended());
        request.exceptionHandler(this::failed);
        request.resume();
    }

    private synchronized void received(Buffer buffer) {
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
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (current == null || position == current.length()) {
            current = queue.poll();
            position = 0;
            if (current != null) {
                if (paused && queue.size() < READ_AHEAD / 2) {
                    paused = false;
                    request.resume();
                }
                continue;
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
