package io.coffer.crypto.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * How a {@link CryptoClient} reaches crypto-service: one HTTP/1.1 POST whose request body and response body stream
 * at the same time, as crypto-service answers a stream while still reading it (the JDK's HttpClient reads the
 * response only once the whole request is sent, which deadlocks as soon as the answer outgrows the socket buffers).
 * A response cut before its end fails the reader with an {@link IOException} rather than ending quietly.
 */
public interface CryptoTransport {

    int CONNECT_TIMEOUT_MILLIS = 5_000;

    /**
     * @param repeatable whether {@code body} yields the same bytes again when asked twice, so that an exchange on a
     *     kept-alive connection the server closed meanwhile may be asked again
     */
    Response post(URI uri, Map<String, String> headers, Supplier<InputStream> body, boolean repeatable)
            throws IOException;

    /** The answer: its status, headers (names in lower case) and body, to be read to its end or closed. */
    record Response(int status, Map<String, String> headers, InputStream body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Coffer's own HTTP/1.1 client on blocking sockets ({@link DuplexHttp}). */
    static CryptoTransport sockets(Path socket, SSLContext tls) {
        return new DuplexHttp(socket, tls, CONNECT_TIMEOUT_MILLIS);
    }
}
