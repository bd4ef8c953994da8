package io.coffer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.SignedHttp;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;

/**
 * The fault-injection suite: KMS callers and git pushers run while each process of the stack is killed with SIGKILL
 * in turn (the broker, audit-service, a key-service replica, repo-service, crypto-service) and started again,
 * PostgreSQL refuses the stack's connections for 15 s and then crashes and restarts. Afterwards no acknowledged push
 * is lost, every acknowledged KMS call has exactly one audit record, and the audit chain verifies. Then a full blob
 * store refuses a push cleanly, and a push soak ({@code -Dcoffer.e2e.soak}, 45 s unless given: the full run takes 30
 * minutes: e2e/fault-injection.sh) leaves heap, threads and open files of every service where they were. Prints
 * what it measured (docs/operations.md has a run).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashRecoveryIT {

    private static final String REGION = "eu-central-2";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path WORK = Path.of("target", "crash-e2e").toAbsolutePath();
    private static final int KMS_CALLERS = 4;
    private static final int PUSHERS = 2;
    /** repo-service's default {@code coffer.repo.git.block-cache-bytes}, in MiB. */
    private static final long REPO_BLOCK_CACHE_MIB = 64;

    private static BrokerProcess broker;
    private static PostgresProcess postgres;
    private static CofferStack stack;

    @BeforeAll
    static void start() throws Exception {
        CofferStack.deleteTree(WORK);
        Files.createDirectories(WORK);
        broker = new BrokerProcess(WORK.resolve("broker")).start();
        postgres = new PostgresProcess().start();
        stack = new CofferStack(broker.bootstrapServers(), postgres.port(), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (postgres != null) {
            postgres.close();
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
    @Order(1)
    void givenLoad_whenEachProcessIsKilledAndRestarted_thenNoAcknowledgedWriteIsLostOrUnaudited() throws Exception {
        // a broker just started may take a while to elect its partitions' leaders (seen: 30 s), and a call whose
        // record cannot reach Kafka in time is refused: the first key is made once the broker takes records
        String keyArn = awaitCreateKey(Duration.ofSeconds(120));
        assertNotNull(keyArn, "no key could be made on the fresh stack");
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
        try (Connection root = stack.connectToServer(); java.sql.Statement sql = root.createStatement()) {
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
        // PostgreSQL crashes (no checkpoint: the restart replays its log) and is started again 5 s later
        postgres.crash();
        pause(5000);
        postgres.start();
        long restarted = System.nanoTime();
        backAfter.put("KMS writes after PostgreSQL's crash and restart", awaitCreateKey(Duration.ofSeconds(90))
                == null ? -1 : millisSince(restarted));
        pause(5000);
        running.set(false);
        for (Future<?> worker : workers) {
            worker.get();
        }
        load.shutdown();

        AuditedCalls audited = new AuditedCalls(stack);
        long unaudited = audited.awaitAudited(acknowledgedCalls, Duration.ofSeconds(120));
        long duplicated = audited.duplicates(acknowledgedCalls);
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

    @Test
    @Order(2)
    void givenAFullBlobStore_whenAPushDoesNotFit_thenItIsRefusedAndNothingIsLeftBehind() throws Exception {
        String repositoryId;
        try (CodeCommitClient codeCommit = stack.codeCommit(REGION, LocalIdentity.credentials())) {
            repositoryId = codeCommit.createRepository(r -> r.repositoryName("full")).repositoryMetadata()
                    .repositoryId();
        }
        // the repository's blob directory on a file system of 4 MiB (mounting needs root, as CI has)
        Path blobs = CofferStack.BLOBS.toAbsolutePath().resolve(repositoryId);
        Files.createDirectories(blobs);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "coffer-full", blobs.toString())
                .redirectErrorStream(true).start();
        Assumptions.assumeTrue(mount.waitFor() == 0, "cannot mount a small file system: "
                + new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        try {
            StockGit git = new StockGit(WORK.resolve("home-full"), REGION);
            Path source = WORK.resolve("full");
            Files.createDirectories(source);
            git.ok(source, "init", "-q", "-b", "main");
            byte[] noise = new byte[8 << 20];
            new java.security.SecureRandom().nextBytes(noise);
            Files.write(source.resolve("noise.bin"), noise);
            git.ok(source, "add", "-A");
            git.ok(source, "commit", "-q", "-m", "does not fit");
            String url = "https://localhost:" + stack.repo.port() + "/v1/repos/full";
            long pushed = System.nanoTime();
            StockGit.Result refused = git.run(source, "push", "-q", url, "main");
            long refusedAfter = millisSince(pushed);
            java.nio.file.FileStore store = Files.getFileStore(blobs);
            long leftBehind = store.getTotalSpace() - store.getUnallocatedSpace();

            git.ok(source, "checkout", "-q", "--orphan", "small");
            git.ok(source, "rm", "-q", "--cached", "noise.bin");
            Files.delete(source.resolve("noise.bin"));
            Files.writeString(source.resolve("small.txt"), "fits\n");
            git.ok(source, "add", "-A");
            git.ok(source, "commit", "-q", "-m", "fits");
            StockGit.Result fits = git.run(source, "push", "-q", url, "small");
            System.out.printf("full blob store: the push that did not fit was refused after %d ms (git exit %d: %s),"
                    + " %d bytes left behind; a push that fits afterwards: git exit %d%n", refusedAfter,
                    refused.exitCode(), refused.err().strip().replace('\n', ' '), leftBehind, fits.exitCode());

            assertTrue(refused.exitCode() != 0, "a push larger than the store was acknowledged");
            assertTrue(refused.err().toLowerCase(Locale.ROOT).contains("no space left"), refused.err());
            assertTrue(leftBehind < 256 * 1024, "the refused push left " + leftBehind + " bytes in the store");
            assertEquals(0, fits.exitCode(), fits.err());
            Path clone = WORK.resolve("full-clone");
            git.ok(WORK, "clone", "-q", "-b", "small", url, clone.toString());
            assertEquals("fits\n", Files.readString(clone.resolve("small.txt")));
        } finally {
            new ProcessBuilder("umount", "-l", blobs.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    @Order(3)
    void givenPushesAFifthOfASecondApart_whenTheSoakEnds_thenHeapThreadsAndOpenFilesAreWhereTheyWere()
            throws Exception {
        Duration soak = Duration.parse(System.getProperty("coffer.e2e.soak", "PT45S"));
        try (CodeCommitClient codeCommit = stack.codeCommit(REGION, LocalIdentity.credentials())) {
            codeCommit.createRepository(r -> r.repositoryName("soak"));
        }
        StockGit git = new StockGit(WORK.resolve("home-soak"), REGION);
        Path source = WORK.resolve("soak");
        Files.createDirectories(source);
        git.ok(source, "init", "-q", "-b", "main");
        String url = "https://localhost:" + stack.repo.port() + "/v1/repos/soak";
        Map<ServiceProcess, ServiceProcess.Footprint> before = footprints();
        long pushes = 0;
        long refused = 0;
        long started = System.nanoTime();
        long deadline = started + soak.toNanos();
        Map<ServiceProcess, ServiceProcess.Footprint> middle = null;
        while (System.nanoTime() < deadline) {
            if (middle == null && System.nanoTime() - started > soak.toNanos() / 2) {
                middle = footprints();
            }
            Files.writeString(source.resolve("soak.txt"), "push " + pushes + "\n", StandardCharsets.UTF_8);
            git.ok(source, "commit", "-q", "-a", "--allow-empty", "-m", "soak " + pushes);
            if (git.run(source, "push", "-q", url, "main").exitCode() != 0) {
                refused++;
            }
            pushes++;
            pause(200);
        }
        Map<ServiceProcess, ServiceProcess.Footprint> after = footprints();
        StringBuilder report = new StringBuilder();
        Map<ServiceProcess, ServiceProcess.Footprint> half = middle;
        before.forEach((service, start) -> report.append(String.format("%n  %-15s start: %s; half-way: %s; end: %s",
                service, start, half == null ? "-" : half.get(service), after.get(service))));
        System.out.printf("push soak: %s, %d pushes 0.2 s apart, %d refused%s%n", soak, pushes, refused, report);

        assertEquals(0, refused, "pushes refused during the soak");
        before.forEach((service, start) -> {
            ServiceProcess.Footprint end = after.get(service);
            assertTrue(end.threads() <= start.threads() + 20, service + " threads grew: " + start + " -> " + end);
            assertTrue(end.openFiles() <= start.openFiles() + 64, service + " open files grew: " + start + " -> "
                    + end);
            // repo-service also fills JGit's block cache of decrypted blocks, bounded by its configuration
            long cache = service.toString().startsWith("repo-service") ? REPO_BLOCK_CACHE_MIB : 0;
            assertTrue(end.heapUsedMiB() <= start.heapUsedMiB() + cache + Math.max(32, start.heapUsedMiB() / 2),
                    service + " heap grew: " + start + " -> " + end);
        });
    }

    private static Map<ServiceProcess, ServiceProcess.Footprint> footprints() throws Exception {
        Map<ServiceProcess, ServiceProcess.Footprint> footprints = new LinkedHashMap<>();
        for (ServiceProcess service : stack.running()) {
            footprints.put(service, service.footprint());
        }
        return footprints;
    }

    /** Creates a key (a write to key-service's store) until one is made; its ARN, or null at the deadline. */
    private static String awaitCreateKey(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KmsClient kms = kms(stack.keyA)) {
            while (System.nanoTime() < deadline) {
                try {
                    return kms.createKey(r -> r.description("crash")).keyMetadata().arn();
                } catch (RuntimeException notYet) {
                    pause(200);
                }
            }
        }
        return null;
    }

    private static long gitPushRecords() throws Exception {
        try (Connection c = stack.connect(); PreparedStatement select = c.prepareStatement(
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
