package io.coffer.e2e;

import io.coffer.crypto.client.CryptoClient;
import io.coffer.crypto.client.CryptoTransport;
import io.coffer.testsupport.KafkaBroker;
import io.coffer.testsupport.LocalIdentity;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * repo-service's two HTTP clients of crypto-service side by side (not a test): Coffer's own on blocking sockets
 * ({@code sockets}) and Vert.x's ({@code vertx}), each calling the same packaged crypto-service from this JVM, over
 * TLS and over its Unix domain socket, encrypt then decrypt of 1 KiB, 1 MiB and 64 MiB messages. Rounds alternate
 * between the clients so that both meet the same machine; each figure is the median of {@code bench.transport.rounds}
 * rounds, with this process's CPU per operation (the client's own cost; the service's is the same for both). Run with
 * {@code mvn -B -Pbench verify -Dbench.kms.skip=true -Dbench.crypto.skip=true -Dbench.audit.skip=true
 * -Dbench.git.skip=true}; the table goes to {@code e2e/target/bench/transport.md}.
 */
public final class TransportBenchmark {

    private static final String REGION = "us-east-2";
    private static final Map<String, String> CONTEXT = Map.of("aws:codecommit:id", "bench-repository");
    private static final Duration ROUND = Duration.ofSeconds(Long.getLong("bench.transport.seconds", 3));
    private static final int ROUNDS = Integer.getInteger("bench.transport.rounds", 5);

    private TransportBenchmark() {
    }

    /** Median MB/s and CPU ms per operation of each client. */
    record Row(String path, String size, double socketsMBps, double vertxMBps, double socketsCpuMs,
            double vertxCpuMs) {
    }

    public static void main(String[] args) throws Exception {
        LocalTls.install();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("drop database if exists coffer_bench with (force)");
            s.execute("create database coffer_bench");
        }
        Map<String, String> common = Map.of("kafka.bootstrap.servers", KafkaBroker.bootstrapServers(),
                "coffer.db.name", "coffer_bench",
                "coffer.root-key-file", Path.of("target", "bench-root.key").toAbsolutePath().toString());
        ServiceProcess keyService = new ServiceProcess("key-service", "bench-key-service", common);
        keyService.start().awaitReady(Duration.ofSeconds(120));
        Path socket = Files.createTempDirectory("coffer-bench").resolve("crypto-service.sock");
        Map<String, String> cryptoProperties = new HashMap<>(common);
        cryptoProperties.put("coffer.crypto.key-service-url", keyService.uri("").toString());
        cryptoProperties.put("quarkus.http.domain-socket-enabled", "true");
        cryptoProperties.put("quarkus.http.domain-socket", socket.toString());
        ServiceProcess cryptoService = new ServiceProcess("crypto-service", "bench-crypto-service", cryptoProperties)
                .maxHeap("512m");
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        List<Row> rows = new ArrayList<>();
        try {
            cryptoService.start().awaitReady(Duration.ofSeconds(120));
            if (!vertx.isNativeTransportEnabled()) {
                throw new IllegalStateException("Vert.x has no native transport here",
                        vertx.unavailableNativeTransportCause());
            }
            String keyArn;
            try (KmsClient kms = KmsClient.builder().endpointOverride(keyService.uri("/")).region(Region.of(REGION))
                    .credentialsProvider(LocalIdentity.credentials()).httpClient(UrlConnectionHttpClient.create())
                    .build()) {
                keyArn = kms.createKey(r -> r.description("transport benchmark")).keyMetadata().arn();
            }
            var identity = LocalIdentity.credentials().resolveCredentials();
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init((KeyStore) null);
            for (String path : List.of("TLS", "Unix socket")) {
                Path via = path.equals("TLS") ? null : socket;
                CryptoClient sockets = new CryptoClient(cryptoService.uri("/"),
                        CryptoTransport.sockets(via, SSLContext.getDefault()), identity.accessKeyId(),
                        identity.secretAccessKey());
                CryptoClient vertxClient = new CryptoClient(cryptoService.uri("/"),
                        CryptoTransport.vertx(vertx, via, trust.getTrustManagers()[0]), identity.accessKeyId(),
                        identity.secretAccessKey());
                for (int size : new int[] {1024, 1 << 20, 64 << 20}) {
                    byte[] plaintext = new byte[size];
                    new SecureRandom().nextBytes(plaintext);
                    Run socketsRun = () -> roundTrip(sockets, keyArn, plaintext);
                    Run vertxRun = () -> roundTrip(vertxClient, keyArn, plaintext);
                    measure(socketsRun, Duration.ofSeconds(2));
                    measure(vertxRun, Duration.ofSeconds(2));
                    double[][] socketsRounds = new double[ROUNDS][];
                    double[][] vertxRounds = new double[ROUNDS][];
                    for (int r = 0; r < ROUNDS; r++) {
                        socketsRounds[r] = measure(socketsRun, ROUND);
                        vertxRounds[r] = measure(vertxRun, ROUND);
                    }
                    String label = size >= 1 << 20 ? (size >> 20) + " MiB" : (size >> 10) + " KiB";
                    // bytes moved per round trip: the plaintext out and back (the message is about as large)
                    rows.add(new Row(path, label, median(socketsRounds, 0) * 2 * size / 1e6,
                            median(vertxRounds, 0) * 2 * size / 1e6, median(socketsRounds, 1),
                            median(vertxRounds, 1)));
                    System.out.println(rows.get(rows.size() - 1));
                }
            }
        } finally {
            vertx.close();
            cryptoService.stop();
            keyService.stop();
        }
        StringBuilder table = new StringBuilder("| path | message | sockets MB/s | Vert.x MB/s | Vert.x / sockets"
                + " | sockets CPU ms/op | Vert.x CPU ms/op |\n|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            table.append(String.format("| %s | %s | %.1f | %.1f | %.2f | %.2f | %.2f |%n", r.path(), r.size(),
                    r.socketsMBps(), r.vertxMBps(), r.vertxMBps() / r.socketsMBps(), r.socketsCpuMs(),
                    r.vertxCpuMs()));
        }
        System.out.println(table);
        Path out = Path.of("target", "bench", "transport.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.exit(0);
    }

    /** Encrypts the plaintext, then decrypts the message (both streamed through the client). */
    private static void roundTrip(CryptoClient client, String keyArn, byte[] plaintext) throws IOException {
        byte[] message;
        try (InputStream in = client.encrypt(REGION, CONTEXT, keyArn, () -> new ByteArrayInputStream(plaintext))
                .message()) {
            message = in.readAllBytes();
        }
        try (InputStream in = client.decrypt(REGION, CONTEXT, () -> new ByteArrayInputStream(message))) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    interface Run {
        void run() throws Exception;
    }

    /** Round trips per second, and this process's CPU milliseconds per round trip, over at least {@code duration}. */
    private static double[] measure(Run run, Duration duration) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        long count = 0;
        long elapsed;
        do {
            run.run();
            count++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < duration.toNanos());
        double cpuMs = (os.getProcessCpuTime() - cpuStart) / 1e6 / count;
        return new double[] {count / (elapsed / 1e9), cpuMs};
    }

    private static double median(double[][] rounds, int column) {
        double[] values = Arrays.stream(rounds).mapToDouble(r -> r[column]).sorted().toArray();
        return values[values.length / 2];
    }
}
