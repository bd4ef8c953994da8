package io.coffer.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.testsupport.KafkaBroker;
import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.SignedHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;

/**
 * audit-service at scale (not a test): the ingest rate from Kafka to durable, chained rows, next to a bare Kafka
 * consumer reading the same records; then query latency p50/p99 at that store size for {@code GET /v1/events} by
 * repository ID and for LookupEvents through the AWS SDK, next to a bare HTTP round trip to the same service.
 * Run with {@code mvn -B -Pbench verify -Dbench.kms.skip=true -Dbench.crypto.skip=true}; {@code -Dbench.audit.records}
 * sets the store size (default 1,000,000). The table is printed and written to {@code e2e/target/bench/audit.md}.
 */
public final class AuditBenchmark {

    private static final int RECORDS = Integer.getInteger("bench.audit.records", 1_000_000);
    private static final int REPOSITORIES = 1000;
    private static final int QUERIES = 1000;
    private static final String REGION = "us-east-2";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try {
            run();
            System.exit(0);
        } catch (Exception | Error e) {
            e.printStackTrace();
            // the in-JVM Kafka broker's threads would keep the JVM alive
            System.exit(1);
        }
    }

    private static void run() throws Exception {
        String database = "coffer_bench_audit";
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + database + " with (force)");
            s.execute("create database " + database);
        }
        Map<String, String> properties = Map.of("kafka.bootstrap.servers", KafkaBroker.bootstrapServers(),
                "coffer.db.name", database,
                "coffer.audit.digest.signing-key-file", Path.of("target", "bench-audit-digest.pem").toAbsolutePath()
                        .toString());
        ServiceProcess audit = new ServiceProcess("audit-service", "bench-audit-service", properties).maxHeap("512m");
        List<String> rows = new ArrayList<>();
        try {
            // the schema first, then the records wait in Kafka while audit-service is down
            audit.start().awaitReady(Duration.ofSeconds(120));
            audit.stop();
            List<String> repositories = new ArrayList<>();
            for (int i = 0; i < REPOSITORIES; i++) {
                repositories.add(UUID.randomUUID().toString());
            }
            long feedStart = System.nanoTime();
            try (AuditFeed feed = new AuditFeed()) {
                feed.send(RECORDS, repositories, REGION, Instant.now().minus(Duration.ofDays(1)));
            }
            System.out.printf("fed %,d records in %.1f s%n", RECORDS, seconds(System.nanoTime() - feedStart));

            double consumed = consumeRate();
            System.out.printf("bare consumer: %,.0f records/s%n", consumed);

            audit.start();
            String jdbc = "jdbc:postgresql://127.0.0.1:5432/" + database;
            double ingested;
            try (Connection db = DriverManager.getConnection(jdbc, "postgres", "")) {
                long first = 0;
                long firstAt = 0;
                long stored = 0;
                long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
                while (stored < RECORDS && System.nanoTime() < deadline) {
                    stored = head(db);
                    if (first == 0 && stored > 0) {
                        first = stored;
                        firstAt = System.nanoTime();
                    }
                    Thread.sleep(100);
                }
                ingested = (stored - first) / seconds(System.nanoTime() - firstAt);
                System.out.printf("ingest: %,.0f records/s (%,d stored)%n", ingested, stored);
                try (Statement s = db.createStatement()) {
                    s.execute("vacuum analyze coffer_audit.audit_record");
                }
            }
            audit.awaitReady(Duration.ofSeconds(120));
            rows.add(String.format("| ingest, Kafka to durable chained rows | %,.0f records/s | bare Kafka consumer "
                    + "%,.0f records/s | %.2f |", ingested, consumed, ingested / consumed));

            SignedHttp signed = new SignedHttp(LocalIdentity.credentials(), REGION, "cloudtrail");
            URI health = audit.uri("/q/health/live");
            long[] bare = latencies(() -> LocalTls.HTTP.send(HttpRequest.newBuilder(health).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            int[] next = {0};
            long[] byRepository = latencies(() -> {
                String repository = repositories.get(next[0]++ % REPOSITORIES);
                HttpResponse<String> r = signed.send("GET", audit.uri("/v1/events?repositoryId=" + repository),
                        Map.of(), new byte[0]);
                if (r.statusCode() != 200 || !r.body().contains(repository)) {
                    throw new IllegalStateException(r.body());
                }
                return r.statusCode();
            });
            long[] byRepositoryPage2 = latencies(() -> {
                String repository = repositories.get(next[0]++ % REPOSITORIES);
                String query = "/v1/events?repositoryId=" + repository + "&limit=20";
                String token = JSON.readTree(signed.send("GET", audit.uri(query), Map.of(), new byte[0]).body())
                        .get("nextToken").asText();
                long start = System.nanoTime();
                signed.send("GET", audit.uri(query + "&nextToken=" + token), Map.of(), new byte[0]);
                return (int) ((System.nanoTime() - start) / 1000);
            }, true);
            long[] lookup;
            long[] lookupByResource;
            try (CloudTrailClient cloudTrail = CloudTrailClient.builder().endpointOverride(audit.uri("/"))
                    .region(Region.of(REGION)).credentialsProvider(LocalIdentity.credentials())
                    .httpClient(UrlConnectionHttpClient.create()).build()) {
                lookup = latencies(() -> cloudTrail.lookupEvents(r -> r.lookupAttributes(a -> a
                        .attributeKey(LookupAttributeKey.EVENT_NAME).attributeValue("GenerateDataKey")))
                        .events().size());
                lookupByResource = latencies(() -> cloudTrail.lookupEvents(r -> r.lookupAttributes(a -> a
                        .attributeKey(LookupAttributeKey.RESOURCE_NAME)
                        .attributeValue("arn:aws:kms:" + REGION + ":" + AuditFeed.ACCOUNT_ID + ":key/feed-3")))
                        .events().size());
            }
            rows.add(row("bare HTTP GET /q/health/live", bare, bare));
            rows.add(row("GET /v1/events?repositoryId (first page)", byRepository, bare));
            rows.add(row("GET /v1/events?repositoryId (second page of 20)", byRepositoryPage2, bare));
            rows.add(row("LookupEvents EventName (SDK)", lookup, bare));
            rows.add(row("LookupEvents ResourceName (SDK)", lookupByResource, bare));
        } finally {
            audit.stop();
        }
        String table = String.format("Store: %,d records%n%n", RECORDS)
                + "| measure | Coffer | baseline | ratio |\n|---|---|---|---|\n" + String.join("\n", rows) + "\n";
        System.out.println(table);
        Path out = Path.of("target", "bench", "audit.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    private static long head(Connection db) throws Exception {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("select record_count from coffer_audit.audit_chain_head")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** How fast a bare consumer reads every record of the topic: the ceiling for any ingest. */
    private static double consumeRate() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("coffer.audit.records"));
            long read = 0;
            long start = 0;
            while (read < RECORDS) {
                int n = consumer.poll(Duration.ofMillis(500)).count();
                if (n > 0 && start == 0) {
                    start = System.nanoTime();
                }
                read += n;
            }
            return read / seconds(System.nanoTime() - start);
        }
    }

    private static long[] latencies(Callable<Integer> call) throws Exception {
        return latencies(call, false);
    }

    /** Runs {@code call} for warm-up, then {@value #QUERIES} times; sorted latencies in µs. */
    private static long[] latencies(Callable<Integer> call, boolean callMeasuresItself) throws Exception {
        for (int i = 0; i < QUERIES / 5; i++) {
            call.call();
        }
        long[] micros = new long[QUERIES];
        for (int i = 0; i < QUERIES; i++) {
            long start = System.nanoTime();
            int measured = call.call();
            micros[i] = callMeasuresItself ? measured : (System.nanoTime() - start) / 1000;
        }
        Arrays.sort(micros);
        return micros;
    }

    private static String row(String name, long[] micros, long[] baseline) {
        return String.format("| %s p50 / p99 | %.1f / %.1f ms | %.1f / %.1f ms | %.1f / %.1f |", name,
                percentile(micros, 0.5), percentile(micros, 0.99), percentile(baseline, 0.5),
                percentile(baseline, 0.99), percentile(micros, 0.5) / percentile(baseline, 0.5),
                percentile(micros, 0.99) / percentile(baseline, 0.99));
    }

    private static double percentile(long[] sortedMicros, double p) {
        return sortedMicros[Math.min(sortedMicros.length - 1, (int) Math.ceil(p * sortedMicros.length) - 1)] / 1000.0;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
