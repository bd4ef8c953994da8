package io.coffer.crypto.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DuplexHttpTest {

    @Test
    void givenManyConcurrentUploads_whenTheirConnectionsComeBack_thenThePoolKeepsABoundedFew() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.createContext("/", exchange -> {
            byte[] in = exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(in);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.start();
        ExecutorService callers = Executors.newFixedThreadPool(48);
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/echo");
            for (int round = 0; round < 3; round++) {
                List<Future<byte[]>> answers = new ArrayList<>();
                for (int i = 0; i < 48; i++) {
                    byte[] body = ("request " + round + "/" + i).getBytes(StandardCharsets.UTF_8);
                    answers.add(callers.submit(() -> {
                        // not repeatable, as a push's upload: always a fresh connection, given back after
                        CryptoTransport.Response response = DuplexHttp.post(uri, null, Map.of(),
                                () -> new ByteArrayInputStream(body), 5_000, false, null);
                        try (InputStream answer = response.body()) {
                            return answer.readAllBytes();
                        }
                    }));
                }
                for (int i = 0; i < answers.size(); i++) {
                    assertArrayEquals(("request " + round + "/" + i).getBytes(StandardCharsets.UTF_8),
                            answers.get(i).get());
                }
                int idle = DuplexHttp.idleConnections();
                assertTrue(idle <= 16, idle + " idle connections kept after round " + round);
            }
            // a pooled one still serves
            CryptoTransport.Response reused = DuplexHttp.post(uri, null, Map.of(),
                    () -> new ByteArrayInputStream(new byte[1]), 5_000, true, null);
            assertEquals(200, reused.status());
            try (InputStream answer = reused.body()) {
                assertEquals(1, answer.readAllBytes().length);
            }
        } finally {
            callers.shutdownNow();
            server.stop(0);
        }
    }
}
