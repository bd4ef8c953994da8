package io.coffer.crypto.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * crypto-service exchanges on blocking sockets, HTTP/1.1 written here: the request body goes out chunked from an
 * upload thread while the response body is read chunked; a response cut before its last chunk fails with an
 * {@link IOException} rather than ending quietly.
 * <p>
 * Connections are kept alive: one whose exchange ended cleanly (status 200, request sent, response read to its end)
 * goes back to a pool for {@value #IDLE_SECONDS} seconds. A request whose body can be produced again may take a
 * pooled connection, and is retried once on a fresh one if the pooled one turns out to be closed before any answer.
 * <p>
 * The connection is TCP (TLS for {@code https}), or a Unix domain socket when one is given: plain HTTP, which the
 * kernel carries from process to process without a network in between (see {@link #post}).
 */
final class DuplexHttp implements CryptoTransport {

    private static final int CHUNK = 64 * 1024;
    private static final int IDLE_SECONDS = 15;
    /**
     * Idle connections kept per server: requests whose body cannot be produced again always open a fresh one and
     * give it back, so without a bound a stream of pushes would grow the pool (and its buffers) without end.
     */
    private static final int MAX_IDLE = 16;
    private static final Map<String, Deque<Connection>> IDLE = new ConcurrentHashMap<>();
    /** Closes connections idle past {@value #IDLE_SECONDS} s even when no request comes to find them. */
    private static final ScheduledExecutorService SWEEPER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "crypto-client-idle-sweeper");
        thread.setDaemon(true);
        return thread;
    });

    static {
        SWEEPER.scheduleWithFixedDelay(DuplexHttp::sweep, IDLE_SECONDS, IDLE_SECONDS, TimeUnit.SECONDS);
    }
    private static final ExecutorService UPLOADS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "crypto-client-upload");
        thread.setDaemon(true);
        return thread;
    });

    private final Path socket;
    private final SSLContext tls;
    private final int connectTimeoutMillis;

    /**
     * @param socket the Unix domain socket to reach each URI's server on, or null for TCP to its host and port
     * @param tls what an {@code https} endpoint's certificate is verified against
     */
    DuplexHttp(Path socket, SSLContext tls, int connectTimeoutMillis) {
        this.socket = socket;
        this.tls = tls;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    @Override
    public Response post(URI uri, Map<String, String> headers, Supplier<InputStream> body, boolean repeatable)
            throws IOException {
        return post(uri, socket, headers, body, connectTimeoutMillis, repeatable, tls);
    }

    /** An open connection with its buffered streams. */
    private static final class Connection {
        final String key;
        final InputStream in;
        final OutputStream out;
        private final Closeable channel;
        private final BooleanSupplier open;
        long idleSince;

        Connection(String key, Socket socket) throws IOException {
            this(key, socket.getInputStream(), socket.getOutputStream(), socket, () -> !socket.isClosed());
        }

        Connection(String key, SocketChannel channel) {
            this(key, new ChannelInput(channel), new ChannelOutput(channel), channel, channel::isOpen);
        }

        private Connection(String key, InputStream in, OutputStream out, Closeable channel, BooleanSupplier open) {
            this.key = key;
            this.in = new BufferedInputStream(in, CHUNK);
            this.out = new BufferedOutputStream(out, CHUNK + 32);
            this.channel = channel;
            this.open = open;
        }

        boolean open() {
            return open.getAsBoolean();
        }

        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    /**
     * Reads a blocking socket channel. (The JDK 17 streams of {@code Channels} lock the channel for a read, so a
     * writer on another thread would wait for the answer it is meant to produce.)
     */
    private static final class ChannelInput extends InputStream {
        private final SocketChannel channel;

        ChannelInput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            ByteBuffer one = ByteBuffer.allocate(1);
            return channel.read(one) < 0 ? -1 : one.get(0) & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return len == 0 ? 0 : channel.read(ByteBuffer.wrap(b, off, len));
        }
    }

    /** Writes a blocking socket channel, without the lock of the JDK 17 {@code Channels} streams. */
    private static final class ChannelOutput extends OutputStream {
        private final SocketChannel channel;

        ChannelOutput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (ByteBuffer buffer = ByteBuffer.wrap(b, off, len); buffer.hasRemaining();) {
                channel.write(buffer);
            }
        }
    }

    /**
     * @param socket the Unix domain socket to reach {@code uri}'s server on, or null for TCP to its host and port
     * @param repeatable whether {@code body} yields the same bytes again when asked twice
     */
    static Response post(URI uri, Path socket, Map<String, String> headers, Supplier<InputStream> body,
            int connectTimeoutMillis, boolean repeatable, SSLContext tls) throws IOException {
        boolean https = socket == null && "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
        String key = socket != null ? "unix:" + socket : uri.getScheme() + "://" + uri.getHost() + ":" + port;
        Connection pooled = repeatable ? pooled(key) : null;
        if (pooled != null) {
            try {
                return exchange(pooled, uri, port, headers, body);
            } catch (StaleConnectionException e) {
                // the server closed it while idle: nothing was processed, so ask again on a fresh one
            }
        }
        Connection fresh = socket != null ? new Connection(key, SocketChannel.open(UnixDomainSocketAddress.of(socket)))
                : connect(key, uri.getHost(), port, https, connectTimeoutMillis, tls);
        return exchange(fresh, uri, port, headers, body);
    }

    private static Connection connect(String key, String host, int port, boolean https, int connectTimeoutMillis,
            SSLContext tls) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            return new Connection(key, https ? tls(socket, host, port, tls) : socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** TLS over the connected socket, the server's certificate checked against {@code host} as HTTPS does. */
    private static Socket tls(Socket plain, String host, int port, SSLContext tls) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private static Connection pooled(String key) {
        Deque<Connection> idle = IDLE.get(key);
        long now = System.nanoTime();
        for (Connection c = idle == null ? null : idle.pollFirst(); c != null; c = idle.pollFirst()) {
            if (now - c.idleSince < IDLE_SECONDS * 1_000_000_000L && c.open()) {
                return c;
            }
            c.close();
        }
        return null;
    }

    private static void release(Connection c) {
        c.idleSince = System.nanoTime();
        Deque<Connection> idle = IDLE.computeIfAbsent(c.key, k -> new ConcurrentLinkedDeque<>());
        idle.addFirst(c);
        // the least recently used go first: the pool keeps the connections that are reused
        while (idle.size() > MAX_IDLE) {
            Connection oldest = idle.pollLast();
            if (oldest == null) {
                break;
            }
            oldest.close();
        }
    }

    /** Closes every pooled connection idle for longer than a pooled one may be used. */
    private static void sweep() {
        long now = System.nanoTime();
        for (Deque<Connection> idle : IDLE.values()) {
            for (Connection c = idle.peekLast(); c != null && now - c.idleSince >= IDLE_SECONDS * 1_000_000_000L;
                    c = idle.peekLast()) {
                if (idle.removeLastOccurrence(c)) {
                    c.close();
                }
            }
        }
    }

    /** Idle connections in the pool now, for tests. */
    static int idleConnections() {
        return IDLE.values().stream().mapToInt(Deque::size).sum();
    }

    /** A pooled connection that had been closed by the server: no byte of an answer came. */
    private static final class StaleConnectionException extends IOException {
        StaleConnectionException(Throwable cause) {
            super("pooled connection was closed", cause);
        }
    }

    private static Response exchange(Connection c, URI uri, int port, Map<String, String> headers,
            Supplier<InputStream> body) throws IOException {
        boolean answered = false;
        try {
            StringBuilder head = new StringBuilder("POST ").append(uri.getRawPath());
            if (uri.getRawQuery() != null) {
                head.append('?').append(uri.getRawQuery());
            }
            head.append(" HTTP/1.1\r\nhost: ").append(uri.getHost()).append(':').append(port).append("\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("transfer-encoding: chunked\r\n\r\n");
            // not flushed here: the head leaves with the first chunk, so a small request is one segment
            c.out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            Future<?> upload = UPLOADS.submit(() -> upload(body, c));
            String statusLine = line(c.in);
            answered = true;
            int status = status(statusLine);
            Map<String, String> responseHeaders = new TreeMap<>();
            for (String line = line(c.in); !line.isEmpty(); line = line(c.in)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    responseHeaders.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).trim());
                }
            }
            boolean reusable = status == 200 && !"close".equalsIgnoreCase(responseHeaders.get("connection"));
            Body.End end = clean -> {
                if (clean && reusable && finished(upload)) {
                    release(c);
                } else {
                    c.close();
                }
            };
            InputStream responseBody = "chunked".equalsIgnoreCase(responseHeaders.get("transfer-encoding"))
                    ? new Chunked(c.in, end)
                    : new Sized(c.in, end, Long.parseLong(responseHeaders.getOrDefault("content-length", "0")));
            return new Response(status, responseHeaders, responseBody);
        } catch (IOException | RuntimeException e) {
            c.close();
            if (!answered && e instanceof IOException && c.idleSince != 0) {
                throw new StaleConnectionException(e);
            }
            throw e;
        }
    }

    /** Whether the request body went out whole (it has, once the server answered it completely, or very soon). */
    private static boolean finished(Future<?> upload) {
        try {
            upload.get(1, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    private static void upload(Supplier<InputStream> body, Connection c) {
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = body.get()) {
            for (int n; (n = in.readNBytes(buffer, 0, CHUNK)) > 0;) {
                c.out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                c.out.write(buffer, 0, n);
                c.out.write('\r');
                c.out.write('\n');
            }
            c.out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            c.out.flush();
        } catch (IOException | RuntimeException e) {
            // the server answered without reading all of it (an error), or the body failed: end the exchange, so
            // the reader sees a cut response instead of waiting
            c.close();
            throw new IllegalStateException("request body not sent", e);
        }
    }

    private static int status(String line) throws IOException {
        String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.1 response: " + line);
        }
        return Integer.parseInt(parts[1]);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b; (b = in.read()) != '\n';) {
            if (b < 0) {
                throw new EOFException("connection closed inside the response head");
            }
            if (line.size() > 16 * 1024) {
                throw new IOException("response line too long");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * A response body of {@code remaining} bytes (or, chunked, of chunks of that many); the connection ending before
     * the body's end is an error. Reading to the end, or closing, ends the exchange.
     */
    private abstract static class Body extends InputStream {

        /** The exchange is over: cleanly (the body read to its end) or not. */
        interface End {
            void ended(boolean clean);
        }

        final InputStream in;
        private final End end;
        private boolean ended;
        long remaining;

        Body(InputStream in, End end, long remaining) {
            this.in = in;
            this.end = end;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        /** Reads up to {@code len} of the {@code remaining} bytes. */
        int readRemaining(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, (int) Math.min(len, remaining));
            } catch (IOException e) {
                end(false);
                throw e;
            }
            if (n < 0) {
                end(false);
                throw new EOFException("the response was cut off before its end");
            }
            remaining -= n;
            return n;
        }

        void end(boolean clean) {
            if (!ended) {
                ended = true;
                end.ended(clean);
            }
        }

        @Override
        public void close() {
            end(false);
        }
    }

    /** A chunked body: ends only at the last (empty) chunk. */
    private static final class Chunked extends Body {
        private boolean done;

        Chunked(InputStream in, End end) {
            super(in, end, 0);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (remaining == 0) {
                String size;
                try {
                    size = line(in);
                } catch (IOException e) {
                    end(false);
                    throw e;
                }
                int extension = size.indexOf(';');
                remaining = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
                if (remaining == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers
                    }
                    done = true;
                    end(true);
                    return -1;
                }
            }
            int n = readRemaining(b, off, len);
            if (remaining == 0) {
                line(in);
            }
            return n;
        }
    }

    /** A body of Content-Length bytes. */
    private static final class Sized extends Body {

        Sized(InputStream in, End end, long length) {
            super(in, end, length);
            if (length == 0) {
                end(true);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                end(true);
                return -1;
            }
            int n = readRemaining(b, off, len);
            if (remaining == 0) {
                end(true);
            }
            return n;
        }
    }
}
