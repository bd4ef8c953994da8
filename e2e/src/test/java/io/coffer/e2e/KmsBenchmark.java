package io.coffer.e2e;

import io.coffer.aws.cloudtrail.AuditTrail;
import io.coffer.testsupport.KafkaBroker;
import io.coffer.testsupport.LocalIdentity;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;

/**
 * Load generator for key-service (not a test): Encrypt, Decrypt and GenerateDataKey throughput and p50/p99 latency
 * at 1, 8 and 64 concurrent callers, with the audit trail on and, as the baseline, off — measured in the same run
 * against the packaged key-service on real Kafka and PostgreSQL. Run with {@code mvn -B -Pbench verify}
 * (see BENCHMARKS.md); the table is printed and written to {@code e2e/target/bench/kms.md}.
 * The generator shares the machine's cores with the service, the broker and PostgreSQL.
 */
public final class KmsBenchmark {

    private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmup", 5));
    /** Before the matrix, every operation runs this long so the service's JIT has compiled all their paths. */
    private static final Duration JIT_WARMUP = Duration.ofSeconds(Long.getLong("bench.jit-warmup", 15));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.seconds", 8));
    private static final int[] CALLERS = {1, 8, 64};
    private static final Map<String, String> CONTEXT = Map.of("aws:codecommit:id", "bench-repository");

    private KmsBenchmark() {
    }

    record Result(String audit, String operation, int callers, double perSecond, double p50Millis, double p99Millis) {
    }

    public static void main(String[] args) throws Exception {
        String external = System.getProperty("bench.endpoint");
        if (external != null) {
            // against a running key-service (e.g. to profile it): one pass, audit as that service is configured
            System.out.println(table(run(URI.create(external), "external")));
            System.exit(0);
        }
        String bootstrap = KafkaBroker.bootstrapServers();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("drop database if exists coffer_bench with (force)");
            s.execute("create database coffer_bench");
        }
        List<Result> results = new ArrayList<>();
        for (boolean audit : new boolean[] {false, true}) {
            ServiceProcess keyService = new ServiceProcess("key-service", "bench-key-service", Map.of(
                    "kafka.bootstrap.servers", bootstrap,
                    "coffer.db.name", "coffer_bench", "coffer.audit.enabled", String.valueOf(audit),
                    "coffer.root-key-file", Path.of("target", "bench-root.key").toAbsolutePath().toString()));
            try {
                keyService.start().awaitReady(Duration.ofSeconds(120));
                results.addAll(run(keyService.uri("/"), audit ? "on" : "off"));
            } finally {
                keyService.stop();
            }
        }
        String table = table(results) + floor(kafkaRoundTrip(bootstrap), results);
        System.out.println(table);
        Path out = Path.of("target", "bench", "kms.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.exit(0);
    }

    private static List<Result> run(URI endpoint, String audit) throws Exception {
        try (KmsClient kms = KmsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_2)
                .credentialsProvider(LocalIdentity.credentials())
                .httpClient(ApacheHttpClient.builder().maxConnections(128).build()).build()) {
            String keyId = kms.createKey(r -> r.description("benchmark")).keyMetadata().keyId();
            SdkBytes plaintext = SdkBytes.fromByteArray(new byte[256]);
            SdkBytes blob = kms.encrypt(r -> r.keyId(keyId).plaintext(plaintext).encryptionContext(CONTEXT))
                    .ciphertextBlob();
            Map<String, Consumer<KmsClient>> operations = Map.of(
                    "Encrypt", c -> c.encrypt(r -> r.keyId(keyId).plaintext(plaintext).encryptionContext(CONTEXT)),
                    "Decrypt", c -> c.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(CONTEXT)),
                    "GenerateDataKey", c -> c.generateDataKey(r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256)
                            .encryptionContext(CONTEXT)));
            for (String operation : List.of("Encrypt", "Decrypt", "GenerateDataKey")) {
                measure(kms, operations.get(operation), 8, JIT_WARMUP);
            }
            List<Result> results = new ArrayList<>();
            for (String operation : List.of("Encrypt", "Decrypt", "GenerateDataKey")) {
                for (int callers : CALLERS) {
                    measure(kms, operations.get(operation), callers, WARMUP);
                    long[] latencies = measure(kms, operations.get(operation), callers, MEASURE);
                    Arrays.sort(latencies);
                    results.add(new Result(audit, operation, callers, latencies.length / (double) MEASURE.toSeconds(),
                            percentile(latencies, 0.50), percentile(latencies, 0.99)));
                    System.out.printf("audit %-3s %-16s %3d callers: %s%n", audit, operation, callers,
                            results.get(results.size() - 1));
                }
            }
            return results;
        }
    }

    /**
     * The floor under a lone audited call: a producer with key-service's audit trail settings (acks=all, idempotent,
     * no linger, one request in flight) sends records of an audit record's size one at a time and waits for each
     * acknowledgement, as a lone caller's call does. Returns the round trips in nanoseconds, sorted.
     */
    private static long[] kafkaRoundTrip(String bootstrap) throws Exception {
        Map<String, Object> config = AuditTrail.producerConfig(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), Duration.ZERO, Duration.ofSeconds(10));
        String record = "x".repeat(2048);
        try (Producer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            Samples samples = new Samples();
            for (Duration phase : List.of(WARMUP, MEASURE)) {
                samples.count = 0;
                long end = System.nanoTime() + phase.toNanos();
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    producer.send(new ProducerRecord<>("bench.kafka.round-trip", "account", record)).get();
                    samples.add(System.nanoTime() - start);
                }
            }
            long[] sorted = Arrays.copyOf(samples.nanos, samples.count);
            Arrays.sort(sorted);
            return sorted;
        }
    }

    /** What the Kafka round trip bounds a lone caller's on/off ratio to, for each operation. */
    private static String floor(long[] roundTrips, List<Result> results) {
        double rtt = percentile(roundTrips, 0.50);
        StringBuilder out = new StringBuilder(String.format("%nKafka acks=all round trip of one 2 KiB record, one "
                + "producer as the audit trail's, measured in this run: p50 %.3f ms, p99 %.3f ms. A lone audited call "
                + "waits for it after doing all the unaudited call's work, so one caller's on/off is at most "
                + "p50 off / (p50 off + round trip):%n", rtt, percentile(roundTrips, 0.99)));
        for (Result off : results) {
            if (off.audit().equals("off") && off.callers() == 1) {
                out.append(String.format("- %s: %.2f / (%.2f + %.3f) = %.2f%n", off.operation(), off.p50Millis(),
                        off.p50Millis(), rtt, off.p50Millis() / (off.p50Millis() + rtt)));
            }
        }
        return out.toString();
    }

    /** Runs {@code operation} from {@code callers} threads for {@code duration}; returns each call's nanoseconds. */
    static long[] measure(KmsClient kms, Consumer<KmsClient> operation, int callers, Duration duration)
            throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        Samples[] perThread = new Samples[callers];
        CountDownLatch done = new CountDownLatch(callers);
        for (int t = 0; t < callers; t++) {
            Samples samples = new Samples();
            perThread[t] = samples;
            Thread thread = new Thread(() -> {
                try {
                    while (running.get()) {
                        long start = System.nanoTime();
                        operation.accept(kms);
                        samples.add(System.nanoTime() - start);
                    }
                } finally {
                    done.countDown();
                }
            });
            thread.start();
        }
        Thread.sleep(duration.toMillis());
        running.set(false);
        done.await();
        long[] all = new long[Arrays.stream(perThread).mapToInt(s -> s.count).sum()];
        int at = 0;
        for (Samples samples : perThread) {
            System.arraycopy(samples.nanos, 0, all, at, samples.count);
            at += samples.count;
        }
        return all;
    }

    /** One caller's latencies; grows as needed (preallocating for the worst case cost 1 GiB at 64 callers). */
    private static final class Samples {
        long[] nanos = new long[16_384];
        int count;

        void add(long value) {
            if (count == nanos.length) {
                nanos = Arrays.copyOf(nanos, count * 2);
            }
            nanos[count++] = value;
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static String table(List<Result> results) {
        StringBuilder out = new StringBuilder("| operation | callers | audit off ops/s | audit on ops/s | on/off | "
                + "p50 off ms | p50 on ms | p99 off ms | p99 on ms |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Result off : results) {
            if (!off.audit().equals("off")) {
                continue;
            }
            Result on = results.stream().filter(r -> r.audit().equals("on") && r.operation().equals(off.operation())
                    && r.callers() == off.callers()).findFirst().orElseThrow();
            out.append(String.format("| %s | %d | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f |%n", off.operation(),
                    off.callers(), off.perSecond(), on.perSecond(), on.perSecond() / off.perSecond(), off.p50Millis(),
                    on.p50Millis(), off.p99Millis(), on.p99Millis()));
        }
        return out.toString();
    }
}
