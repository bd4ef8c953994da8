package io.coffer.platform.crypto;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * One HTTP/1.1 POST whose request body and response body stream at the same time, as crypto-service answers a stream
 * while still reading it. (The JDK's HttpClient and HttpURLConnection read the response only once the whole request
 * is sent, which deadlocks as soon as the answer outgrows the socket buffers.) The request body goes out chunked from
 * its own thread; the response body is read chunked, and a response cut before its last chunk fails with an
 * {@link IOException} rather than ending quietly. One connection per exchange.
 */
final class DuplexHttp {

    private static final int CHUNK = 64 * 1024;

    private DuplexHttp() {
    }

    record Response(int status, Map<String, String> headers, InputStream body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    static Response post(URI uri, Map<String, String> headers, Supplier<InputStream> body, int connectTimeoutMillis)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            int port = uri.getPort() < 0 ? 80 : uri.getPort();
            socket.connect(new InetSocketAddress(uri.getHost(), port), connectTimeoutMillis);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), CHUNK + 32);
            StringBuilder head = new StringBuilder("POST ").append(uri.getRawPath());
            if (uri.getRawQuery() != null) {
                head.append('?').append(uri.getRawQuery());
            }
            head.append(" HTTP/1.1\r\nhost: ").append(uri.getHost()).append(':').append(port).append("\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("transfer-encoding: chunked\r\nconnection: close\r\n\r\n");
            // not flushed here: the head leaves with the first chunk, so a small request is one segment
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            Thread upload = new Thread(() -> upload(body, out, socket), "crypto-client-upload");
            upload.setDaemon(true);
            upload.start();
            InputStream in = new BufferedInputStream(socket.getInputStream(), CHUNK);
            int status = status(line(in));
            Map<String, String> responseHeaders = new TreeMap<>();
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    responseHeaders.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).trim());
                }
            }
            InputStream responseBody = "chunked".equalsIgnoreCase(responseHeaders.get("transfer-encoding"))
                    ? new Chunked(in, socket)
                    : new Sized(in, socket, Long.parseLong(responseHeaders.getOrDefault("content-length", "0")));
            return new Response(status, responseHeaders, responseBody);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static void upload(Supplier<InputStream> body, OutputStream out, Socket socket) {
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = body.get()) {
            for (int n; (n = in.readNBytes(buffer, 0, CHUNK)) > 0;) {
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(buffer, 0, n);
                out.write('\r');
                out.write('\n');
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException | RuntimeException e) {
            // the server answered without reading all of it (an error), or the body failed: end the exchange, so
            // the reader sees a cut response instead of waiting
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
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
     * the body's end is an error. Closing it closes the connection.
     */
    private abstract static class Body extends InputStream {
        final InputStream in;
        private final Socket socket;
        long remaining;

        Body(InputStream in, Socket socket, long remaining) {
            this.in = in;
            this.socket = socket;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        /** Reads up to {@code len} of the {@code remaining} bytes. */
        int readRemaining(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("the response was cut off before its end");
            }
            remaining -= n;
            return n;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A chunked body: ends only at the last (empty) chunk. */
    private static final class Chunked extends Body {
        private boolean done;

        Chunked(InputStream in, Socket socket) {
            super(in, socket, 0);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (remaining == 0) {
                String size = line(in);
                int extension = size.indexOf(';');
                remaining = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
                if (remaining == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers
                    }
                    done = true;
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

        Sized(InputStream in, Socket socket, long length) {
            super(in, socket, length);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return remaining == 0 ? -1 : readRemaining(b, off, len);
        }
    }
}
