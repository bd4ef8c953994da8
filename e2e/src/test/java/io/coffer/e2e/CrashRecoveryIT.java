package io.coffer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.SignedHttp;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;

/**
 * The fault-injection suite, short form: KMS callers and git pushers run while each process of the stack is killed
 * with SIGKILL in turn (the broker, audit-service, a key-service replica, repo-service, crypto-service) and started
 * again, and PostgreSQL refuses the stack's connections for 15 s. Afterwards no acknowledged push is lost, every acknowledged KMS call has exactly one audit record, and the
 * audit chain verifies. Prints what it measured (the README's "Crashes and outages" has a run).
 */
class CrashRecoveryIT {

    private static final String REGION = "eu-central-2";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path WORK = Path.of("target", "crash-e2e").toAbsolutePath();
    private static final int KMS_CALLERS = 4;
    private static final int PUSHERS = 2;
    private static final String DISTINCT = "count(distinct (record::jsonb)->>'requestID')";

    private static BrokerProcess broker;
    private static CofferStack stack;

    @BeforeAll
    static void start() throws Exception {
        CofferStack.deleteTree(WORK);
        Files.createDirectories(WORK);
        broker = new BrokerProcess(WORK.resolve("broker")).start();
        stack = new CofferStack(broker.bootstrapServers(), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static KmsClient kms(ServiceProcess keyService) {
        return KmsClient.builder().endpointOverride(keyService.uri("/")).region(Region.of(REGION))
                .credentialsProvider(LocalIdentity.credentials()).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(20)))
                .build();
    }

    @Test
    void givenLoad_whenEachProcessIsKilledAndRestarted_thenNoAcknowledgedWriteIsLostOrUnaudited() throws Exception {
        String keyArn;
        try (KmsClient kms = kms(stack.keyA)) {
            keyArn = kms.createKey(r -> r.description("crash")).keyMetadata().arn();
        }
        try (CodeCommitClient codeCommit = stack.codeCommit(REGION, LocalIdentity.credentials())) {
            codeCommit.createRepository(r -> r.repositoryName("crash"));
        }
        Set<String> acknowledgedCalls = ConcurrentHashMap.newKeySet();
        AtomicLong failedCalls = new AtomicLong();
        Map<String, List<String>> acknowledgedPushes = new ConcurrentHashMap<>();
        AtomicLong failedPushes = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(KMS_CALLERS + PUSHERS);
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < KMS_CALLERS; i++) {
            ServiceProcess keyService = i % 2 == 0 ? stack.keyA : stack.keyB;
            workers.add(load.submit(() -> {
                try (KmsClient kms = kms(keyService)) {
                    while (running.get()) {
                        try {
                            EncryptResponse sealed = kms.encrypt(r -> r.keyId(keyArn).plaintext(
                                    SdkBytes.fromUtf8String("crash")).encryptionContext(Map.of("run", "crash")));
                            acknowledgedCalls.add(sealed.responseMetadata().requestId());
                            DecryptResponse opened = kms.decrypt(r -> r.ciphertextBlob(sealed.ciphertextBlob())
                                    .encryptionContext(Map.of("run", "crash")));
                            acknowledgedCalls.add(opened.responseMetadata().requestId());
                        } catch (RuntimeException refused) {
                            failedCalls.incrementAndGet();
                            pause(200);
                        }
                    }
                }
                return null;
            }));
        }
        for (int i = 0; i < PUSHERS; i++) {
            String branch = "pusher-" + i;
            workers.add(load.submit(() -> {
                StockGit git = new StockGit(WORK.resolve("home-" + branch), REGION);
                Path source = WORK.resolve(branch);
                Files.createDirectories(source);
                git.ok(source, "init", "-q", "-b", branch);
                String url = "https://localhost:" + stack.repo.port() + "/v1/repos/crash";
                for (int n = 0; running.get(); n++) {
                    Files.writeString(source.resolve("file.txt"), branch + " " + n + "\n", StandardCharsets.UTF_8);
                    git.ok(source, "add", "-A");
                    git.ok(source, "commit", "-q", "-m", branch + " " + n);
                    String commit = git.ok(source, "rev-parse", "HEAD");
                    if (git.run(source, "push", "-q", url, branch).exitCode() == 0) {
                        acknowledgedPushes.computeIfAbsent(branch, b -> new ArrayList<>()).add(commit);
                    } else {
                        failedPushes.incrementAndGet();
                        pause(500);
                    }
                }
                return null;
            }));
        }

        Map<String, Long> backAfter = new LinkedHashMap<>();
        pause(5000);
        long brokerDown = System.nanoTime();
        broker.kill();
        pause(1000);
        // with the broker down every service says so at once, not after a stalled probe
        Map<String, Long> probes = new LinkedHashMap<>();
        for (ServiceProcess service : List.of(stack.repo, stack.keyA, stack.crypto, stack.audit)) {
            long asked = System.nanoTime();
            int status = LocalTls.HTTP.send(java.net.http.HttpRequest.newBuilder(service.uri("/q/health/ready"))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            probes.put(service.toString(), millisSince(asked));
            assertEquals(503, status, service + " ready with the broker down");
        }
        pause(Math.max(0, 5000 - millisSince(brokerDown)));
        broker.start();
        backAfter.put("broker (down 5 s)", millisSince(brokerDown));
        pause(5000);
        for (ServiceProcess service : List.of(stack.audit, stack.keyB, stack.repo, stack.crypto)) {
            service.kill();
            long killed = System.nanoTime();
            service.start().awaitReady(Duration.ofSeconds(180));
            backAfter.put(service.toString(), millisSince(killed));
            pause(5000);
        }
        // PostgreSQL away for 15 s: the stack's database refuses every connection and drops those open
        try (Connection root = java.sql.DriverManager.getConnection(CofferStack.JDBC_ROOT, "postgres", "");
                java.sql.Statement sql = root.createStatement()) {
            sql.execute("alter database " + CofferStack.DATABASE + " allow_connections false");
            try {
                sql.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '"
                        + CofferStack.DATABASE + "'");
                pause(15_000);
            } finally {
                sql.execute("alter database " + CofferStack.DATABASE + " allow_connections true");
            }
        }
        long databaseBack = System.nanoTime();
        backAfter.put("KMS writes after PostgreSQL's 15 s outage", awaitCreateKey(Duration.ofSeconds(90)) == null
                ? -1 : millisSince(databaseBack));
        pause(5000);
        running.set(false);
        for (Future<?> worker : workers) {
            worker.get();
        }
        load.shutdown();

        long unaudited = awaitAudited(acknowledgedCalls, Duration.ofSeconds(120));
        long duplicated = duplicates(acknowledgedCalls);
        int pushes = acknowledgedPushes.values().stream().mapToInt(List::size).sum();
        long lostPushes = lost(acknowledgedPushes);
        JsonNode chain = verifyChain();
        System.out.printf("crash recovery: %d acknowledged KMS calls (%d refused while processes were down), %d "
                + "without an audit record, %d audited twice; %d acknowledged pushes (%d refused), %d lost; chain "
                + "valid: %s; back to ready after SIGKILL (ms): %s; readiness with the broker down answered in (ms): "
                + "%s%n", acknowledgedCalls.size(), failedCalls.get(), unaudited, duplicated, pushes, failedPushes.get(),
                lostPushes, chain.path("valid"), backAfter, probes);

        assertTrue(backAfter.values().stream().allMatch(ms -> ms >= 0), "not serving again: " + backAfter);
        assertTrue(probes.values().stream().allMatch(ms -> ms < 3000), "readiness probes with the broker down (ms): "
                + probes);
        assertTrue(acknowledgedCalls.size() > 100, "too little KMS load to mean anything: " + acknowledgedCalls.size());
        assertTrue(pushes >= PUSHERS, "too few pushes to mean anything: " + pushes);
        assertEquals(0, unaudited, "acknowledged KMS calls without an audit record");
        assertEquals(0, duplicated, "KMS calls audited more than once");
        assertEquals(0, lostPushes, "acknowledged pushes lost");
        assertTrue(chain.path("valid").asBoolean(), chain.toString());
        assertTrue(gitPushRecords() >= pushes, "acknowledged pushes without their GitPush record");
    }

    /** Creates a key (a write to key-service's store) until one is made; its ARN, or null at the deadline. */
    private static String awaitCreateKey(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KmsClient kms = kms(stack.keyA)) {
            while (System.nanoTime() < deadline) {
                try {
                    return kms.createKey(r -> r.description("after the outage")).keyMetadata().arn();
                } catch (RuntimeException notYet) {
                    pause(200);
                }
            }
        }
        return null;
    }

    /** Waits until every request ID has its audit record; returns how many are still missing at the deadline. */
    private static long awaitAudited(Set<String> requestIds, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long missing;
        do {
            missing = requestIds.size() - countAudited(requestIds, DISTINCT);
            if (missing == 0) {
                return 0;
            }
            pause(1000);
        } while (System.nanoTime() < deadline);
        return missing;
    }

    private static long duplicates(Set<String> requestIds) throws Exception {
        return countAudited(requestIds, "count(*)") - countAudited(requestIds, DISTINCT);
    }

    private static long countAudited(Set<String> requestIds, String count) throws Exception {
        try (Connection c = CofferStack.connect(); PreparedStatement select = c.prepareStatement(
                "select " + count + " from coffer_audit.audit_record where (record::jsonb)->>'requestID' = any(?)")) {
            Array ids = c.createArrayOf("text", requestIds.toArray());
            select.setArray(1, ids);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long gitPushRecords() throws Exception {
        try (Connection c = CofferStack.connect(); PreparedStatement select = c.prepareStatement(
                "select count(*) from coffer_audit.audit_record where event_name = 'GitPush' and error_code is null");
                ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Acknowledged commits that a fresh clone does not have on their branch. */
    private static long lost(Map<String, List<String>> acknowledged) throws Exception {
        StockGit git = new StockGit(WORK.resolve("home-check"), REGION);
        Path clone = WORK.resolve("check");
        git.ok(WORK, "clone", "-q", "--mirror", "https://localhost:" + stack.repo.port() + "/v1/repos/crash",
                clone.toString());
        long lost = 0;
        for (Map.Entry<String, List<String>> branch : acknowledged.entrySet()) {
            for (String commit : branch.getValue()) {
                if (git.run(clone, "merge-base", "--is-ancestor", commit, branch.getKey()).exitCode() != 0) {
                    lost++;
                }
            }
        }
        return lost;
    }

    private static JsonNode verifyChain() throws Exception {
        HttpResponse<String> verified = new SignedHttp(LocalIdentity.credentials(), REGION, "cloudtrail")
                .send("GET", stack.audit.uri("/v1/integrity/verify"), Map.of(), new byte[0]);
        return JSON.readTree(verified.body());
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
