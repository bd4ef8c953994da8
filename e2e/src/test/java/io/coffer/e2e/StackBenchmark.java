package io.coffer.e2e;

import io.coffer.events.Topics;
import io.coffer.testsupport.LocalIdentity;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;

/**
 * The whole stack as users run it (not a test): {@code deploy/local/up.sh} starts Kafka, the four services on
 * PostgreSQL over HTTPS, audit-service ingesting; this JVM drives it with the official AWS SDK for Java v2
 * ({@code KmsClient}, {@code CloudTrailClient}; Apache client, keep-alive, retries off). Every KMS figure stands
 * next to two baselines measured in the same run, in alternating rounds: (a) the same client against a second
 * key-service of the same stack with the audit trail off ({@code up.sh --instance key-service:8092}), (b) the
 * client's HTTP layer against a trivial HTTPS endpoint of the same server ({@code GET /q/health/live}), the
 * transport floor. CPU per call is read from {@code /proc} for the client and for each server process. Also:
 * audit-service's consumer lag under load, and LookupEvents latency while KMS load runs next to LookupEvents alone.
 * Run from {@code e2e/} with {@code mvn -B -Pbench verify -Dbench.kms.skip=true -Dbench.crypto.skip=true
 * -Dbench.audit.skip=true -Dbench.git.skip=true} (see BENCHMARKS.md), with the default ports free; the tables are
 * printed and written to {@code e2e/target/bench/stack.md}. {@code -Dbench.stack.running=true} measures the stack
 * already running from {@code .coffer/local} instead of starting one.
 */
public final class StackBenchmark {

    private static final Duration JIT_WARMUP = Duration.ofSeconds(Long.getLong("bench.stack.jit-warmup", 60));
    private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.stack.warmup", 5));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.stack.seconds", 15));
    private static final int[] CALLERS = Arrays.stream(System.getProperty("bench.stack.callers", "1,8,64").split(","))
            .mapToInt(Integer::parseInt).toArray();
    private static final Map<String, String> CONTEXT = Map.of("aws:codecommit:id", "bench-repository");
    private static final int AUDIT_OFF_PORT = 8092;
    /** A second audited key-service, for the scale-out figure. */
    private static final int SECOND_PORT = 8102;
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private StackBenchmark() {
    }

    /** One measured phase: calls, their latencies, and CPU seconds each process spent meanwhile. */
    record Phase(String variant, String operation, int callers, double perSecond, double p50Millis,
            double p99Millis, Map<String, Double> cpuMillisPerCall) {
    }

    public static void main(String[] args) throws Exception {
        boolean ownStack = !Boolean.getBoolean("bench.stack.running");
        Path state = ownStack ? Path.of("target", "bench", "stack").toAbsolutePath()
                : Path.of(System.getProperty("bench.stack.dir", ROOT.resolve(".coffer/local").toString()));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("COFFER_LOCAL_DIR", state.toString());
        if (ownStack) {
            CofferStack.deleteTree(state);
            env.put("COFFER_DB_NAME", "coffer_stack_bench");
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres",
                    ""); Statement s = c.createStatement()) {
                s.execute("drop database if exists coffer_stack_bench with (force)");
            }
            script(env, "up.sh");
        }
        StringBuilder report = new StringBuilder();
        try {
            if (!Files.exists(state.resolve("pids/key-service-" + AUDIT_OFF_PORT + ".pid"))) {
                Map<String, String> off = new LinkedHashMap<>(env);
                off.put("COFFER_AUDIT_ENABLED", "false");
                script(off, "up.sh", "--instance", "key-service:" + AUDIT_OFF_PORT);
            }
            if (!Files.exists(state.resolve("pids/key-service-" + SECOND_PORT + ".pid"))) {
                script(env, "up.sh", "--instance", "key-service:" + SECOND_PORT);
            }
            System.setProperty("javax.net.ssl.trustStore", state.resolve("tls/truststore.p12").toString());
            System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
            Processes processes = new Processes(state.resolve("pids"));
            report.append(kms(processes)).append('\n').append(lookupEvents(processes));
        } finally {
            if (ownStack) {
                script(env, "down.sh");
            }
        }
        System.out.println(report);
        Path out = Path.of("target", "bench", "stack.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        System.exit(0);
    }

    private static void script(Map<String, String> env, String script, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("deploy/local/" + script).toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(env);
        int exit = builder.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException(script + " " + String.join(" ", arguments) + " exited with " + exit);
        }
    }

    // --- KMS ---

    private static String kms(Processes processes) throws Exception {
        try (KmsClient audited = kmsClient(8082); KmsClient unaudited = kmsClient(AUDIT_OFF_PORT);
                SdkHttpClient floorHttp = ApacheHttpClient.builder().maxConnections(128).build()) {
            String keyId = audited.createKey(r -> r.description("stack benchmark")).keyMetadata().keyId();
            SdkBytes plaintext = SdkBytes.fromByteArray(new byte[64]);
            SdkBytes blob = audited.encrypt(r -> r.keyId(keyId).plaintext(plaintext).encryptionContext(CONTEXT))
                    .ciphertextBlob();
            Map<String, Operation> operations = new LinkedHashMap<>();
            for (var variant : Map.of("audit on", audited, "audit off", unaudited).entrySet()) {
                KmsClient kms = variant.getValue();
                operations.put(variant.getKey() + "/Encrypt",
                        () -> kms.encrypt(r -> r.keyId(keyId).plaintext(plaintext).encryptionContext(CONTEXT)));
                operations.put(variant.getKey() + "/Decrypt",
                        () -> kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(CONTEXT)));
                operations.put(variant.getKey() + "/GenerateDataKey", () -> kms.generateDataKey(
                        r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256).encryptionContext(CONTEXT)));
            }
            Operation floor = () -> health(floorHttp, 8082);
            // a long-running client's and server's JIT-compiled state is what users meet, not their first calls
            long slice = JIT_WARMUP.toMillis() / (operations.size() + 1);
            for (Operation operation : operations.values()) {
                run(operation, 8, Duration.ofMillis(slice));
            }
            run(floor, 8, Duration.ofMillis(slice));

            List<Phase> phases = new ArrayList<>();
            try (AuditLag lag = new AuditLag()) {
            for (int callers : CALLERS) {
                phases.add(measure(processes, "transport floor", "GET /q/health/live", callers, floor, null));
                for (String operation : List.of("Encrypt", "Decrypt", "GenerateDataKey")) {
                    phases.add(measure(processes, "audit on", operation, callers,
                            operations.get("audit on/" + operation), lag));
                    phases.add(measure(processes, "audit off", operation, callers,
                            operations.get("audit off/" + operation), null));
                }
            }
            long drainMillis = lag.drained(Duration.ofSeconds(120));
            return table(phases) + lag.report(drainMillis) + twoInstances(processes, keyId, plaintext, lag);
            }
        }
    }

    /**
     * GenerateDataKey from 64 callers on one audited key-service, then spread over two (every other call on the
     * second instance, same broker and database), in alternating rounds.
     */
    private static String twoInstances(Processes processes, String keyId, SdkBytes plaintext, AuditLag lag)
            throws Exception {
        try (KmsClient first = kmsClient(8082); KmsClient second = kmsClient(SECOND_PORT)) {
            KmsClient[] both = {first, second};
            AtomicLong next = new AtomicLong();
            Operation one = () -> first.generateDataKey(
                    r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256).encryptionContext(CONTEXT));
            Operation spread = () -> both[(int) (next.getAndIncrement() & 1)].generateDataKey(
                    r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256).encryptionContext(CONTEXT));
            // the second instance has served nothing yet: its JIT warms up as the first one's did
            run(spread, 8, JIT_WARMUP);
            StringBuilder out = new StringBuilder(String.format("%nGenerateDataKey, audit on, 64 callers, on one "
                    + "key-service and spread over two (same broker, database and audit-service), alternating:%n%n"
                    + "| round | one instance calls/s | two instances calls/s | two / one |%n|---|---|---|---|%n"));
            for (int round = 1; round <= 2; round++) {
                Phase single = measure(processes, "audit on", "GenerateDataKey", 64, one, lag);
                Phase pair = measure(processes, "audit on, 2 key-services", "GenerateDataKey", 64, spread, lag);
                out.append(String.format("| %d | %.0f | %.0f | %.2f |%n", round, single.perSecond(),
                        pair.perSecond(), pair.perSecond() / single.perSecond()));
            }
            return out.toString();
        }
    }

    private static KmsClient kmsClient(int port) {
        return KmsClient.builder().endpointOverride(URI.create("https://localhost:" + port)).region(Region.US_EAST_2)
                .credentialsProvider(LocalIdentity.credentials())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .httpClient(ApacheHttpClient.builder().maxConnections(128).build()).build();
    }

    private static void health(SdkHttpClient http, int port) {
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(SdkHttpFullRequest.builder().method(SdkHttpMethod.GET)
                            .uri(URI.create("https://localhost:" + port + "/q/health/live")).build())
                    .build()).call();
            if (response.httpResponse().statusCode() != 200) {
                throw new IllegalStateException("health answered " + response.httpResponse().statusCode());
            }
            try (var body = response.responseBody().orElseThrow()) {
                body.readAllBytes();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Phase measure(Processes processes, String variant, String operation, int callers, Operation call,
            AuditLag lag) throws Exception {
        run(call, callers, WARMUP);
        Map<String, Long> before = processes.cpuNanos();
        if (lag != null) {
            lag.watch(true);
        }
        long[] latencies = run(call, callers, MEASURE);
        if (lag != null) {
            lag.watch(false);
        }
        Map<String, Long> after = processes.cpuNanos();
        Arrays.sort(latencies);
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (String process : after.keySet()) {
            if (variant.equals("audit on") && process.equals("key-service " + AUDIT_OFF_PORT)
                    || variant.equals("audit off") && process.equals("key-service")) {
                continue;
            }
            cpu.put(process, (after.get(process) - before.getOrDefault(process, 0L)) / 1e6 / latencies.length);
        }
        Phase phase = new Phase(variant, operation, callers, latencies.length / (double) MEASURE.toSeconds(),
                percentile(latencies, 0.50), percentile(latencies, 0.99), cpu);
        System.out.printf("%-15s %-18s %2d callers: %8.0f calls/s, p50 %.2f ms, p99 %.2f ms, CPU ms/call %s%n",
                variant, operation, callers, phase.perSecond(), phase.p50Millis(), phase.p99Millis(),
                cpu.entrySet().stream().map(e -> e.getKey() + " " + String.format("%.3f", e.getValue()))
                        .collect(Collectors.joining(", ")));
        return phase;
    }

    private static String table(List<Phase> phases) {
        StringBuilder out = new StringBuilder("""
                | operation | callers | audit on calls/s | audit off calls/s | on/off | floor calls/s | p50 on / off / floor ms | p99 on / off ms | CPU ms per audited call: client, key-service, audit-service, Kafka, PostgreSQL |
                |---|---|---|---|---|---|---|---|---|
                """);
        for (Phase on : phases) {
            if (!on.variant().equals("audit on")) {
                continue;
            }
            Phase off = find(phases, "audit off", on.operation(), on.callers());
            Phase floor = find(phases, "transport floor", "GET /q/health/live", on.callers());
            Map<String, Double> cpu = on.cpuMillisPerCall();
            out.append(String.format("| %s | %d | %.0f | %.0f | %.2f | %.0f | %.2f / %.2f / %.2f | %.2f / %.2f | "
                    + "%.3f, %.3f, %.3f, %.3f, %.3f |%n", on.operation(), on.callers(), on.perSecond(),
                    off.perSecond(), on.perSecond() / off.perSecond(), floor.perSecond(), on.p50Millis(),
                    off.p50Millis(), floor.p50Millis(), on.p99Millis(), off.p99Millis(), cpu.get("client"),
                    cpu.get("key-service"), cpu.get("audit-service"), cpu.get("kafka"), cpu.get("postgres")));
        }
        out.append("\nCPU ms per call of the baselines (client, key-service): ");
        out.append(phases.stream().filter(p -> !p.variant().equals("audit on"))
                .map(p -> String.format("%s %s %d: %.3f, %.3f", p.variant(), p.operation().startsWith("GET")
                        ? "" : p.operation(), p.callers(), p.cpuMillisPerCall().get("client"),
                        p.cpuMillisPerCall().get(p.variant().equals("audit off") ? "key-service " + AUDIT_OFF_PORT
                                : "key-service")))
                .collect(Collectors.joining("; ")));
        return out.append('\n').toString();
    }

    private static Phase find(List<Phase> phases, String variant, String operation, int callers) {
        return phases.stream().filter(p -> p.variant().equals(variant) && p.operation().equals(operation)
                && p.callers() == callers).findFirst().orElseThrow();
    }

    // --- LookupEvents under load ---

    private static String lookupEvents(Processes processes) throws Exception {
        try (CloudTrailClient cloudTrail = CloudTrailClient.builder()
                .endpointOverride(URI.create("https://localhost:8084")).region(Region.US_EAST_2)
                .credentialsProvider(LocalIdentity.credentials())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .httpClient(ApacheHttpClient.builder().build()).build();
                KmsClient kms = kmsClient(8082)) {
            Operation lookup = () -> cloudTrail.lookupEvents(r -> r.maxResults(50).lookupAttributes(
                    a -> a.attributeKey(LookupAttributeKey.EVENT_NAME).attributeValue("GenerateDataKey")));
            String keyId = kms.createKey(r -> r.description("stack benchmark, load")).keyMetadata().keyId();
            SdkBytes plaintext = SdkBytes.fromByteArray(new byte[64]);
            Phase alone = measure(processes, "LookupEvents", "alone", 1, lookup, null);
            AtomicLong loadCalls = new AtomicLong();
            Thread load = new Thread(() -> {
                try {
                    long[] calls = run(() -> kms.encrypt(r -> r.keyId(keyId).plaintext(plaintext)
                            .encryptionContext(CONTEXT)), 64, WARMUP.plus(WARMUP).plus(MEASURE));
                    loadCalls.set(calls.length);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            load.start();
            Phase loaded = measure(processes, "LookupEvents", "under Encrypt load", 1, lookup, null);
            load.join();
            return String.format("""
                    LookupEvents (EventName = GenerateDataKey, 50 per page, one caller) alone and while 64 callers \
                    run audited Encrypt (%.0f calls/s over the whole load):

                    | LookupEvents | calls/s | p50 ms | p99 ms |
                    |---|---|---|---|
                    | alone | %.0f | %.2f | %.2f |
                    | under KMS load | %.0f | %.2f | %.2f |
                    """, loadCalls.get() / (double) WARMUP.plus(WARMUP).plus(MEASURE).toSeconds(),
                    alone.perSecond(), alone.p50Millis(), alone.p99Millis(), loaded.perSecond(), loaded.p50Millis(),
                    loaded.p99Millis());
        }
    }

    // --- load ---

    @FunctionalInterface
    interface Operation {
        void call();
    }

    /** Runs {@code operation} from {@code callers} threads, closed loop, for {@code duration}; each call's nanos. */
    private static long[] run(Operation operation, int callers, Duration duration) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        long[][] perThread = new long[callers][];
        int[] counts = new int[callers];
        CountDownLatch done = new CountDownLatch(callers);
        for (int t = 0; t < callers; t++) {
            int slot = t;
            perThread[t] = new long[16_384];
            new Thread(() -> {
                try {
                    while (running.get()) {
                        long start = System.nanoTime();
                        operation.call();
                        if (counts[slot] == perThread[slot].length) {
                            perThread[slot] = Arrays.copyOf(perThread[slot], counts[slot] * 2);
                        }
                        perThread[slot][counts[slot]++] = System.nanoTime() - start;
                    }
                } finally {
                    done.countDown();
                }
            }).start();
        }
        Thread.sleep(duration.toMillis());
        running.set(false);
        done.await();
        long[] all = new long[Arrays.stream(counts).sum()];
        int at = 0;
        for (int t = 0; t < callers; t++) {
            System.arraycopy(perThread[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        return all;
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
    }

    // --- what each process spends ---

    /** CPU time of the stack's processes (from up.sh's PID files), of PostgreSQL's, and of this client. */
    static final class Processes {

        private static final long TICK_NANOS = 10_000_000; // USER_HZ is 100 on Linux
        private final Path pids;

        Processes(Path pids) {
            this.pids = pids;
        }

        Map<String, Long> cpuNanos() throws IOException {
            Map<String, Long> cpu = new LinkedHashMap<>();
            cpu.put("client", ((com.sun.management.OperatingSystemMXBean) ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime());
            try (var files = Files.list(pids)) {
                for (Path file : files.sorted().toList()) {
                    String name = file.getFileName().toString().replace(".pid", "").replaceFirst("-(\\d+)$", " $1");
                    cpu.put(name, ticks(Files.readString(file).trim()) * TICK_NANOS);
                }
            }
            long postgres = 0;
            try (var all = Files.list(Path.of("/proc"))) {
                for (Path process : all.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        if (Files.readString(process.resolve("comm")).trim().equals("postgres")) {
                            postgres += ticks(process.getFileName().toString());
                        }
                    } catch (IOException gone) {
                        // a backend that ended meanwhile: its time is no longer counted anywhere
                    }
                }
            }
            cpu.put("postgres", postgres * TICK_NANOS);
            return cpu;
        }

        private static long ticks(String pid) throws IOException {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        }
    }

    /** audit-service's consumer lag on the audit trail's topic: records written but not yet committed as read. */
    static final class AuditLag implements AutoCloseable {

        private final Admin admin;
        private final Thread sampler;
        private volatile boolean watching;
        private long max;

        AuditLag() {
            Properties config = new Properties();
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
            admin = Admin.create(config);
            sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        if (watching) {
                            long lag = lag();
                            synchronized (this) {
                                max = Math.max(max, lag);
                            }
                        }
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
        }

        void watch(boolean on) {
            watching = on;
        }

        long lag() throws Exception {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("audit-service")
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> ends = new LinkedHashMap<>();
            admin.describeTopics(List.of(Topics.AUDIT_RECORDS)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(Topics.AUDIT_RECORDS).partitions()
                    .forEach(p -> ends.put(new TopicPartition(Topics.AUDIT_RECORDS, p.partition()),
                            OffsetSpec.latest()));
            long lag = 0;
            for (var end : admin.listOffsets(ends).all().get(10, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata read = committed.get(end.getKey());
                lag += end.getValue().offset() - (read == null ? 0 : read.offset());
            }
            return lag;
        }

        /** Milliseconds until audit-service has read everything written, after the load stopped. */
        long drained(Duration atMost) throws Exception {
            long start = System.nanoTime();
            while (lag() > 0) {
                if (System.nanoTime() - start > atMost.toNanos()) {
                    return -1;
                }
                Thread.sleep(100);
            }
            return (System.nanoTime() - start) / 1_000_000;
        }

        String report(long drainMillis) {
            return String.format("%naudit-service lag (records in the audit topic not yet committed as read, sampled "
                    + "every 0.5 s while audited load ran; offsets are committed every few seconds, so this "
                    + "overstates): at most %d records; after the last load, all read within %s.%n", max,
                    drainMillis < 0 ? "more than 120 s (did not catch up)" : drainMillis + " ms");
        }

        @Override
        public void close() {
            sampler.interrupt();
            admin.close();
        }
    }
}
