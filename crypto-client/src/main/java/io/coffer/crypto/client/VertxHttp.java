package io.coffer.crypto.client;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TrustOptions;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.net.ssl.TrustManager;

/**
 * crypto-service exchanges through Vert.x's HTTP/1.1 client: the request body goes out chunked from an upload thread
 * while the response body streams back, each with back-pressure (the upload waits while the connection's write queue
 * is full; the response is fetched a few buffers ahead of the reader). Vert.x pools and keeps the connections alive.
 * A response cut before its last chunk fails the reader with an {@link IOException}. TLS is BoringSSL's where it
 * loads, as the services serve it. On a Unix domain socket the {@code vertx} instance must run on the native
 * transport (epoll).
 */
final class VertxHttp implements CryptoTransport {

    private static final int CHUNK = 64 * 1024;
    private static final int WRITES_IN_FLIGHT = 8;
    /**
     * Response buffers fetched ahead of the reader, asked for again in batches of half as many: each ask is a hop to
     * the event loop, so asking per buffer would cost a thread hand-off per network read.
     */
    private static final int AHEAD = 32;
    private static final ExecutorService UPLOADS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "crypto-client-upload");
        thread.setDaemon(true);
        return thread;
    });

    private final HttpClient client;
    private final SocketAddress socket;

    /**
     * @param socket crypto-service's Unix domain socket, or null for TCP (TLS for {@code https}) to each URI's host
     * @param trust what an {@code https} endpoint's certificate is verified against
     */
    VertxHttp(Vertx vertx, Path socket, TrustManager trust, int connectTimeoutMillis) {
        HttpClientOptions options = new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true).setKeepAliveTimeout(15).setConnectTimeout(connectTimeoutMillis)
                .setTcpNoDelay(true).setVerifyHost(true).setTrustOptions(TrustOptions.wrap(trust))
                .setDecompressionSupported(false);
        if (OpenSSLEngineOptions.isAvailable()) {
            options.setSslEngineOptions(new OpenSSLEngineOptions()); // BoringSSL, as the services serve HTTPS
        }
        // every concurrent exchange needs a connection of its own (a sealing file reads back while it writes)
        this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(512));
        this.socket = socket == null ? null : SocketAddress.domainSocketAddress(socket.toString());
    }

    @Override
    public Response post(URI uri, Map<String, String> headers, Supplier<InputStream> body, boolean repeatable)
            throws IOException {
        try {
            return exchange(uri, headers, body);
        } catch (NoAnswerException e) {
            if (!repeatable) {
                throw e;
            }
            // a kept-alive connection closed under us before any answer: nothing was processed, ask once more
            return exchange(uri, headers, body);
        }
    }

    private Response exchange(URI uri, Map<String, String> headers, Supplier<InputStream> body)
            throws IOException {
        boolean https = socket == null && "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost())
                .setPort(port).setSsl(https)
                .setURI(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        if (socket != null) {
            options.setServer(socket);
        }
        headers.forEach(options::putHeader);
        HttpClientRequest request = await(client.request(options), "connect");
        request.setChunked(true);
        ResponseBody responseBody = new ResponseBody(request);
        Future<HttpClientResponse> response = request.response().onSuccess(responseBody::attach);
        UPLOADS.execute(() -> upload(body, request));
        HttpClientResponse answer;
        try {
            answer = await(response, "answer");
        } catch (IOException e) {
            request.reset(0, e);
            throw new NoAnswerException(e);
        }
        Map<String, String> answerHeaders = new TreeMap<>();
        answer.headers().forEach(h -> answerHeaders.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        return new Response(answer.statusCode(), answerHeaders, responseBody);
    }

    private static void upload(Supplier<InputStream> body, HttpClientRequest request) {
        // a bounded number of chunks in flight, rather than Netty's 64 KiB high-water mark, which would make every
        // 64 KiB chunk wait for the event loop to flush the one before
        Semaphore inFlight = new Semaphore(WRITES_IN_FLIGHT);
        AtomicBoolean failed = new AtomicBoolean();
        try (InputStream in = body.get()) {
            byte[] buffer = new byte[CHUNK];
            for (int n; (n = in.readNBytes(buffer, 0, CHUNK)) > 0;) {
                while (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    if (failed.get()) {
                        return;
                    }
                }
                if (failed.get()) {
                    return;
                }
                request.write(Buffer.buffer(Arrays.copyOf(buffer, n))).onComplete(written -> {
                    if (written.failed()) {
                        failed.set(true);
                    }
                    inFlight.release();
                });
            }
            request.end();
        } catch (IOException | RuntimeException e) {
            // the server answered without reading all of it (an error), or the body failed: end the exchange, so
            // the reader sees a cut response instead of waiting
            request.reset(0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.reset(0, e);
        }
    }

    private static <T> T await(Future<T> future, String what) throws IOException {
        try {
            return future.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting to " + what);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(what + " failed: " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("crypto-service did not " + what + " within 2 minutes", e);
        }
    }

    /** No byte of an answer came: the exchange may be asked again if its body can be. */
    private static final class NoAnswerException extends IOException {
        NoAnswerException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * The response body as the reader pulls it: buffers arrive on the event loop, a few ahead; the end is the last
     * chunk, and a connection lost before it fails the read. Closing early resets the exchange (its connection goes).
     */
    private static final class ResponseBody extends InputStream {
        private final HttpClientRequest request;
        private final ArrayDeque<Buffer> buffers = new ArrayDeque<>();
        private HttpClientResponse response;
        private Buffer current;
        private int position;
        private int consumed;
        private boolean waiting;
        private boolean ended;
        private Throwable failure;

        ResponseBody(HttpClientRequest request) {
            this.request = request;
        }

        /** On the event loop, as the response head arrives. */
        void attach(HttpClientResponse answer) {
            answer.pause();
            answer.handler(buffer -> {
                synchronized (this) {
                    buffers.add(buffer);
                    wake();
                }
            });
            answer.endHandler(v -> {
                synchronized (this) {
                    ended = true;
                    wake();
                }
            });
            answer.exceptionHandler(e -> {
                synchronized (this) {
                    failure = e;
                    wake();
                }
            });
            synchronized (this) {
                response = answer;
            }
            answer.fetch(AHEAD);
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
            if (current == null || position == current.length()) {
                current = next();
                position = 0;
                if (current == null) {
                    return -1;
                }
            }
            int n = Math.min(len, current.length() - position);
            current.getBytes(position, position + n, b, off);
            position += n;
            return n;
        }

        private synchronized Buffer next() throws IOException {
            while (buffers.isEmpty()) {
                if (failure != null) {
                    throw new EOFException("the response was cut off before its end: " + failure);
                }
                if (ended) {
                    return null;
                }
                try {
                    waiting = true;
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted reading crypto-service's answer");
                } finally {
                    waiting = false;
                }
            }
            if (++consumed == AHEAD / 2) {
                consumed = 0;
                response.fetch(AHEAD / 2);
            }
            return buffers.poll();
        }

        /** Wakes the reader if it waits; the caller holds the monitor. */
        private void wake() {
            if (waiting) {
                notifyAll();
            }
        }

        @Override
        public void close() {
            boolean complete;
            synchronized (this) {
                complete = ended && buffers.isEmpty() && (current == null || position == current.length());
            }
            if (!complete) {
                request.reset(0);
            }
        }
    }
}
