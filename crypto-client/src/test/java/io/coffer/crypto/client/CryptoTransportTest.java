package io.coffer.crypto.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transport against a server that answers as crypto-service does: the response streams while the request body
 * is still arriving, so a client that sends everything before it reads deadlocks once the answer outgrows the socket
 * buffers.
 */
class CryptoTransportTest {

    private static Vertx vertx;
    private static HttpServer server;
    private static URI base;

    @BeforeAll
    static void startEchoServer() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(request -> {
            HttpServerResponse response = request.response().setChunked(true);
            if (request.path().equals("/cut")) {
                // half an answer, then the connection goes: the reader must not take it for the whole answer
                response.write(Buffer.buffer(new byte[1000]))
                        .onComplete(x -> vertx.setTimer(50, t -> request.connection().close()));
                return;
            }
            request.handler(buffer -> {
                response.write(buffer);
                if (response.writeQueueFull()) {
                    request.pause();
                    response.drainHandler(v -> request.resume());
                }
            });
            request.endHandler(v -> response.end());
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        base = URI.create("http://127.0.0.1:" + server.actualPort());
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static CryptoTransport transport() throws Exception {
        return CryptoTransport.sockets(null, SSLContext.getDefault());
    }

    @Test
    void givenA64MiBUpload_whenTheAnswerStreamsWhileItIsSent_thenEveryByteComesBackWithoutDeadlock()
            throws Exception {
        CryptoTransport transport = transport();
        byte[] body = new byte[64 * 1024 * 1024];
        new Random(3).nextBytes(body);
        byte[] echoed = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            CryptoTransport.Response response = transport.post(base.resolve("/echo"), Map.of("x-test", "1"),
                    () -> new ByteArrayInputStream(body), false);
            assertEquals(200, response.status());
            try (InputStream in = response.body()) {
                return in.readAllBytes();
            }
        });
        assertArrayEquals(digest(body), digest(echoed));
    }

    @Test
    void givenAnAnswerCutOffBeforeItsLastChunk_whenRead_thenIOExceptionNotAQuietEnd() throws Exception {
        CryptoTransport.Response response = transport().post(base.resolve("/cut"), Map.of(),
                () -> new ByteArrayInputStream(new byte[10]), false);
        try (InputStream in = response.body()) {
            assertThrows(IOException.class, in::readAllBytes);
        }
    }

    @Test
    void givenManyConcurrentExchanges_whenAnswered_thenEachGetsItsOwnBytes() throws Exception {
        CryptoTransport transport = transport();
        ExecutorService callers = Executors.newFixedThreadPool(32);
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<byte[]>> answers = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    byte[] body = ("request " + round + "/" + i).getBytes();
                    boolean repeatable = i % 2 == 0;
                    answers.add(callers.submit(() -> {
                        CryptoTransport.Response response = transport.post(base.resolve("/echo"), Map.of(),
                                () -> new ByteArrayInputStream(body), repeatable);
                        try (InputStream in = response.body()) {
                            return in.readAllBytes();
                        }
                    }));
                }
                for (int i = 0; i < answers.size(); i++) {
                    assertArrayEquals(("request " + round + "/" + i).getBytes(), answers.get(i).get());
                }
            }
        } finally {
            callers.shutdownNow();
        }
    }

    private static byte[] digest(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
