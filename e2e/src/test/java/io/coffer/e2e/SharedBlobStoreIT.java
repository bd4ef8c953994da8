package io.coffer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;

/**
 * Two repo-service replicas on one S3 bucket (S3Proxy over HTTPS, a real S3 server): stock git pushes to one
 * repository through both at once, and every acknowledged push is there, whole and sealed, when one replica has been
 * killed and the other serves alone.
 */
class SharedBlobStoreIT {

    private static final String REGION = "ap-southeast-2";
    private static final String BUCKET = "coffer-e2e-git";
    private static final Path WORK = Path.of("target", "shared-blob-store").toAbsolutePath();
    /** Written into every pushed file: must never be found at rest. */
    private static final String MARKER = "COFFER-S3-PLAINTEXT-MARKER-" + UUID.randomUUID();
    private static final int PUSHERS = 6;

    private static S3ProxyServer s3;
    private static CofferStack stack;
    private static ServiceProcess second;
    private static StockGit git;

    @BeforeAll
    static void start() throws Exception {
        CofferStack.deleteTree(WORK);
        Files.createDirectories(WORK);
        s3 = CofferStack.s3Server(WORK.resolve("s3proxy"));
        Map<String, String> settings = new HashMap<>(CofferStack.s3BlobStore(s3, BUCKET));
        settings.put("coffer.repo.git.blob-root", WORK.resolve("local-blobs").toString());
        // the least S3 allows, so the pushes below take several parts
        settings.put("coffer.repo.git.s3.part-size", "5M");
        settings.put("coffer.repo.git.s3.spool-dir", WORK.resolve("spool").toString());
        stack = new CofferStack(settings);
        second = stack.anotherRepoService("repo-service-b");
        git = new StockGit(WORK.resolve("home"), REGION);
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void givenTwoReplicasOnOneBucket_whenBothTakePushesToOneRepositoryAndOneDies_thenTheOtherServesEveryPush()
            throws Exception {
        String repositoryId;
        try (CodeCommitClient codeCommit = stack.codeCommit(REGION, LocalIdentity.credentials())) {
            repositoryId = codeCommit.createRepository(r -> r.repositoryName("shared")).repositoryMetadata()
                    .repositoryId();
        }
        ServiceProcess[] replicas = {stack.repo, second};
        List<Path> pushers = new ArrayList<>();
        for (int i = 0; i < PUSHERS; i++) {
            pushers.add(history(WORK.resolve("pusher-" + i), i));
        }

        // every pusher twice, through alternating replicas, all at once: new packs land on both, and each
        // replica repacks the repository behind the pushes while the other adds to it
        ExecutorService pool = Executors.newFixedThreadPool(PUSHERS);
        try {
            for (int round = 0; round < 2; round++) {
                List<Future<StockGit.Result>> pushes = new ArrayList<>();
                for (int i = 0; i < PUSHERS; i++) {
                    Path pusher = pushers.get(i);
                    if (round == 1) {
                        commit(pusher, i, round);
                    }
                    String url = replicas[(i + round) % 2].uri("/v1/repos/shared").toString();
                    pushes.add(pool.submit(() -> git.run(pusher, "push", url,
                            "HEAD:refs/heads/" + pusher.getFileName())));
                }
                for (Future<StockGit.Result> push : pushes) {
                    push.get().ok();
                }
            }
        } finally {
            pool.shutdownNow();
        }

        // a repack by either replica, which replaces packs the other one may have added to meanwhile
        Path stored = s3.objects().resolve(BUCKET).resolve(repositoryId);
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (names(stored).stream().noneMatch(n -> n.endsWith("-GC.pack"))) {
            assertTrue(System.nanoTime() < deadline, "no repack stored a pack: " + names(stored));
            Thread.sleep(500);
        }

        stack.repo.kill();
        Path clone = WORK.resolve("clone");
        git.ok(WORK, "clone", "-q", "--no-checkout", second.uri("/v1/repos/shared").toString(), clone.toString());
        git.ok(clone, "fsck", "--strict", "--no-dangling");
        for (Path pusher : pushers) {
            String branch = "origin/" + pusher.getFileName();
            assertEquals(git.ok(pusher, "rev-parse", "HEAD"), git.ok(clone, "rev-parse", branch), branch);
            assertEquals(git.ok(pusher, "rev-parse", "HEAD^{tree}"), git.ok(clone, "rev-parse", branch + "^{tree}"));
        }

        AtRest.assertSealed(s3.objects().resolve(BUCKET), MARKER);
        assertFalse(Files.exists(WORK.resolve("local-blobs").resolve(repositoryId)), "nothing on the local disk");
        try (Stream<Path> spooled = Files.list(WORK.resolve("spool"))) {
            assertEquals(0, spooled.count(), "every spool file is gone once its upload ended");
        }
    }

    private static List<String> names(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    /**
     * A repository of a few commits with text (the marker) and a binary, distinct per pusher: 6 MiB in the first
     * commit (its pack takes two S3 parts), 64 KiB after.
     */
    private static Path history(Path directory, int pusher) throws Exception {
        Files.createDirectories(directory);
        git.ok(directory, "init", "-q");
        for (int i = 0; i < 3; i++) {
            commit(directory, pusher, i);
        }
        return directory;
    }

    private static void commit(Path directory, int pusher, int n) throws Exception {
        Files.writeString(directory.resolve("notes-" + n + ".txt"),
                MARKER + " pusher " + pusher + " commit " + n + "\n", StandardCharsets.UTF_8);
        byte[] binary = new byte[n == 0 ? 6 * 1024 * 1024 : 64 * 1024];
        new Random(pusher * 1000L + n).nextBytes(binary);
        Files.write(directory.resolve("blob.bin"), binary);
        git.ok(directory, "add", "-A");
        git.ok(directory, "commit", "-q", "-m", MARKER + " " + pusher + "/" + n);
    }
}
