package io.coffer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.coffer.crypto.client.CryptoClient;
import io.coffer.events.Topics;
import io.coffer.kernel.AwsException;
import io.coffer.testsupport.KafkaBroker;
import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.TopicProbe;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectInserter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.BlobIdDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.BranchDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.BranchNameExistsException;
import software.amazon.awssdk.services.codecommit.model.CommitDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.CommitIdDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.DefaultBranchCannotBeDeletedException;
import software.amazon.awssdk.services.codecommit.model.EncryptionKeyDisabledException;
import software.amazon.awssdk.services.codecommit.model.FileDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.FolderDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.InvalidBlobIdException;
import software.amazon.awssdk.services.codecommit.model.InvalidBranchNameException;
import software.amazon.awssdk.services.codecommit.model.InvalidCommitIdException;
import software.amazon.awssdk.services.codecommit.model.InvalidPathException;
import software.amazon.awssdk.services.codecommit.model.PathRequiredException;
import software.amazon.awssdk.services.codecommit.model.RepositoryDoesNotExistException;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Stock git against Coffer, through the shipped credential helper: push, clone, fetch, force push, deletion, atomic
 * and shallow transfers, two repo-service instances racing, and what is (not) on disk afterwards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GitOverHttpsIT {

    private static final String REGION = "us-east-1";
    /** Written into file contents and commit messages: must never be found at rest. */
    private static final String MARKER = "COFFER-PLAINTEXT-MARKER-" + UUID.randomUUID();
    private static final Path WORK = Path.of("target", "git-e2e").toAbsolutePath();

    private static CofferStack stack;
    private static ServiceProcess secondRepo;
    private static CodeCommitClient codeCommit;
    private static StockGit git;
    private static String historyId;

    @BeforeAll
    static void start() throws Exception {
        CofferStack.deleteTree(WORK);
        stack = new CofferStack();
        codeCommit = stack.codeCommit(REGION, LocalIdentity.credentials());
        git = new StockGit(WORK.resolve("home"), REGION);
        historyId = codeCommit.createRepository(r -> r.repositoryName("history")).repositoryMetadata()
                .repositoryId();
    }

    @AfterAll
    static void stop() throws Exception {
        if (codeCommit != null) {
            codeCommit.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static String url(ServiceProcess repo, String name) {
        return repo.uri("/v1/repos/" + name).toString();
    }

    @Test
    @Order(1)
    void givenGeneratedHistory_whenPushedAtomicallyAndCloned_thenFsckStrictPassesAndRefsAreIdentical()
            throws Exception {
        Path source = generate(WORK.resolve("source"), 120, 4);
        git.ok(source, "tag", "-a", "v1", "-m", "first release");
        git.ok(source, "branch", "feature", "HEAD~10");
        git.ok(source, "remote", "add", "origin", url(stack.repo, "history"));
        git.ok(source, "push", "--atomic", "origin", "main", "feature", "v1");

        Path clone = WORK.resolve("clone");
        git.ok(WORK, "clone", url(stack.repo, "history"), clone.toString());
        git.ok(clone, "fsck", "--strict", "--full");
        assertEquals(git.ok(source, "rev-parse", "HEAD"), git.ok(clone, "rev-parse", "HEAD"));
        assertEquals(git.ok(source, "rev-parse", "v1^{}"), git.ok(clone, "rev-parse", "v1^{}"));
        assertEquals(git.ok(source, "show-ref", "--heads", "--tags", "--dereference").lines()
                        .map(line -> line.replace("refs/heads/", "")).sorted().toList(),
                remoteRefs(clone).stream().filter(line -> !line.endsWith("\tHEAD"))
                        .map(line -> line.replace('\t', ' ').replace("refs/heads/", "")).sorted().toList());

        // stock git speaks protocol v2 with Coffer, and v0 when told to
        for (String version : List.of("2", "0")) {
            StockGit.Result traced = git.run(java.util.Map.of("GIT_TRACE_PACKET", "1"), clone, "-c",
                    "protocol.version=" + version, "ls-remote", "origin");
            traced.ok();
            assertEquals(version.equals("2"), traced.err().contains("git< version 2"), traced.err());
        }

        // protocol v0 and a shallow clone
        Path shallow = WORK.resolve("shallow");
        git.ok(WORK, "-c", "protocol.version=0", "clone", "--depth", "3", url(stack.repo, "history"),
                shallow.toString());
        assertEquals("3", git.ok(shallow, "rev-list", "--count", "HEAD"));
        assertEquals(git.ok(source, "rev-parse", "HEAD"), git.ok(shallow, "rev-parse", "HEAD"));
        git.ok(shallow, "fsck", "--strict");
    }

    @Test
    @Order(2)
    void givenPushedData_whenBlobStoreAndDatabaseSearched_thenNoPlaintextAndNoPackOrIndexHeader() throws Exception {
        AtRest.assertSealed(CofferStack.BLOBS, MARKER);
    }

    @Test
    @Order(3)
    void givenClones_whenIncrementalPushFetchForcePushAndDeletion_thenBothSidesAgree() throws Exception {
        Path source = WORK.resolve("source");
        Path clone = WORK.resolve("clone");
        commit(clone, "incremental.txt", "more " + MARKER, "incremental");
        git.ok(clone, "push", "origin", "main");
        git.ok(source, "fetch", "origin");
        assertEquals(git.ok(clone, "rev-parse", "HEAD"), git.ok(source, "rev-parse", "origin/main"));

        // a diverged main is refused, then forced
        git.ok(source, "reset", "--hard", "HEAD~1");
        commit(source, "diverged.txt", "diverged", "diverged");
        StockGit.Result refused = git.run(source, "push", "origin", "main");
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.err().contains("rejected"), refused.err());
        git.ok(source, "push", "--force", "origin", "main");
        assertTrue(remoteRefs(source).contains(git.ok(source, "rev-parse", "HEAD") + "\trefs/heads/main"));

        git.ok(source, "push", "origin", "--delete", "feature");
        assertFalse(remoteRefs(source).stream().anyMatch(line -> line.endsWith("refs/heads/feature")));
        git.ok(clone, "fetch", "--prune", "origin");
        assertEquals(git.ok(source, "rev-parse", "HEAD"), git.ok(clone, "rev-parse", "origin/main"));
    }

    @Test
    @Order(4)
    void givenTwoInstances_whenConcurrentPushes_thenEveryBranchLandsAndExactlyOneRacerWins() throws Exception {
        ServiceProcess second = secondRepo();
        ServiceProcess[] instances = {stack.repo, second};
        Path base = WORK.resolve("clone");
        git.ok(base, "fetch", "-q", "origin");
        git.ok(base, "reset", "-q", "--hard", "origin/main");
        int racers = 6;
        List<Path> clones = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            Path racer = WORK.resolve("racer-" + i);
            git.ok(WORK, "clone", "-q", url(instances[i % 2], "history"), racer.toString());
            clones.add(racer);
        }
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            // different branches: all land
            List<Future<StockGit.Result>> pushes = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                Path racer = clones.get(i);
                commit(racer, "branch-" + i + ".txt", "racer " + i, "branch " + i);
                int n = i;
                pushes.add(pool.submit(() -> git.run(racer, "push", "origin", "HEAD:refs/heads/racer-" + n)));
            }
            for (Future<StockGit.Result> push : pushes) {
                push.get().ok();
            }
            List<String> refs = remoteRefs(base);
            for (int i = 0; i < racers; i++) {
                String head = git.ok(clones.get(i), "rev-parse", "HEAD");
                assertTrue(refs.contains(head + "\trefs/heads/racer-" + i), refs.toString());
            }

            // the same branch from the same base: exactly one wins each race
            for (int round = 0; round < 3; round++) {
                String remoteMain = git.ok(base, "ls-remote", "origin", "refs/heads/main").split("\t")[0];
                List<Callable<StockGit.Result>> race = new ArrayList<>();
                List<String> heads = new ArrayList<>();
                for (int i = 0; i < racers; i++) {
                    Path racer = clones.get(i);
                    git.ok(racer, "fetch", "-q", "origin");
                    git.ok(racer, "reset", "-q", "--hard", remoteMain);
                    commit(racer, "race.txt", "round " + round + " racer " + i, "race " + round + "/" + i);
                    heads.add(git.ok(racer, "rev-parse", "HEAD"));
                    race.add(() -> git.run(racer, "push", "origin", "HEAD:refs/heads/main"));
                }
                List<StockGit.Result> results = new ArrayList<>();
                for (Future<StockGit.Result> result : pool.invokeAll(race)) {
                    results.add(result.get());
                }
                List<Integer> winners = new ArrayList<>();
                for (int i = 0; i < racers; i++) {
                    if (results.get(i).exitCode() == 0) {
                        winners.add(i);
                    }
                }
                assertEquals(1, winners.size(), "round " + round + ": " + results);
                String main = git.ok(base, "ls-remote", "origin", "refs/heads/main").split("\t")[0];
                assertEquals(heads.get(winners.get(0)), main);
            }
        } finally {
            pool.shutdownNow();
        }
        Path viaSecond = WORK.resolve("via-second");
        git.ok(WORK, "clone", "-q", url(second, "history"), viaSecond.toString());
        git.ok(viaSecond, "fsck", "--strict");
        assertEquals(git.ok(base, "ls-remote", "origin", "refs/heads/main").split("\t")[0],
                git.ok(viaSecond, "rev-parse", "HEAD"));
    }

    @Test
    @Order(5)
    void givenTamperedOrTruncatedStoredPack_whenCloned_thenGitFailsWithTheIntegrityError() throws Exception {
        String id = codeCommit.createRepository(r -> r.repositoryName("tampered")).repositoryMetadata()
                .repositoryId();
        Path source = generate(WORK.resolve("tampered-source"), 20, 2);
        git.ok(source, "push", url(stack.repo, "tampered"), "main");
        Path pack;
        try (Stream<Path> files = Files.list(CofferStack.BLOBS.resolve(id))) {
            pack = files.filter(f -> f.toString().endsWith(".pack")).max(Comparator.comparingLong(f -> f.toFile()
                    .length())).orElseThrow();
        }
        long size = Files.size(pack);
        try (RandomAccessFile file = new RandomAccessFile(pack.toFile(), "rw")) {
            file.seek(size / 2);
            int b = file.read();
            file.seek(size / 2);
            file.write(b ^ 0x01);
        }
        // the second instance has never read this repository: nothing of it is in its block cache
        StockGit.Result clone = git.run(WORK, "clone", url(secondRepo(), "tampered"),
                WORK.resolve("tampered-clone").toString());
        assertNotEquals(0, clone.exitCode());
        assertTrue(clone.err().contains("failed its integrity check"), clone.err());
    }

    @Test
    @Order(6)
    void givenPushesAndClones_whenEventsRead_thenRefsUpdatedGitPushGitPullAndDataEvents() throws Exception {
        TopicProbe probe = new TopicProbe(KafkaBroker.bootstrapServers());
        List<JsonNode> refsUpdated = payloads(probe, Topics.REPOSITORY_EVENTS, historyId, "RefsUpdated", 3);
        JsonNode first = refsUpdated.get(0);
        assertEquals(LocalIdentity.ARN, first.get("pusher").asText());
        List<String> firstRefs = new ArrayList<>();
        first.get("updates").forEach(u -> firstRefs.add(u.get("ref").asText()));
        assertEquals(List.of("refs/heads/feature", "refs/heads/main", "refs/tags/v1"),
                firstRefs.stream().sorted().toList());
        assertTrue(first.get("updates").get(0).get("oldId").isNull());

        // wait for this repository's own records: the topic holds many more (every KMS call, every repository)
        List<ConsumerRecord<String, String>> audit = probe.readUntil(Topics.AUDIT_RECORDS, Duration.ofSeconds(30),
                seen -> !ofHistory(seen, "GitPull").isEmpty() && !ofHistory(seen, "GitPush").isEmpty());
        for (String event : List.of("GitPush", "GitPull")) {
            JsonNode record = ofHistory(audit, event).stream().findFirst()
                    .orElseThrow(() -> new AssertionError("no " + event + " for " + historyId));
            assertEquals("codecommit.amazonaws.com", record.get("eventSource").asText());
            assertEquals("arn:aws:codecommit:us-east-1:" + LocalIdentity.ACCOUNT_ID + ":history",
                    record.get("resources").get(0).get("ARN").asText());
            assertEquals(LocalIdentity.ARN, record.get("userIdentity").get("arn").asText());
        }
        payloads(probe, Topics.CRYPTO_EVENTS, historyId, "DataEncrypted", 2);
        payloads(probe, Topics.CRYPTO_EVENTS, historyId, "DataDecrypted", 1);
    }

    @Test
    @Order(7)
    void givenWrongExpiredOrFutureDatedPassword_whenCloned_thenGitSaysAuthenticationFailedAndWhy() throws Exception {
        String host = "localhost:" + stack.repo.port();
        String path = "/v1/repos/history";
        String expired = password(LocalIdentity.SECRET_ACCESS_KEY, Instant.now().minus(Duration.ofMinutes(20)), host,
                path);
        String wrong = password("not-the-secret", Instant.now(), host, path);
        String ahead = password(LocalIdentity.SECRET_ACCESS_KEY, Instant.now().plus(Duration.ofHours(1)), host, path);
        for (String password : List.of(expired, wrong, ahead)) {
            StockGit.Result clone = git.run(WORK, "-c", "credential.helper=", "clone",
                    "https://" + LocalIdentity.ACCESS_KEY_ID + ":" + password + "@" + host + path,
                    WORK.resolve("denied-" + UUID.randomUUID()).toString());
            assertNotEquals(0, clone.exitCode());
            assertTrue(clone.err().contains("Authentication failed"), clone.err());
            assertTrue(clone.err().contains(password == expired ? "expired"
                    : password == ahead ? "after this server's time" : "Wrong password"), clone.err());
        }
    }

    @Test
    @Order(8)
    void givenPushedRepository_whenBranchAndCommitApisCalled_thenTheyAgreeWithGit() throws Exception {
        Path clone = WORK.resolve("clone");
        git.ok(clone, "fetch", "-q", "origin");
        String main = git.ok(clone, "rev-parse", "origin/main");
        assertEquals("main", codeCommit.getRepository(r -> r.repositoryName("history")).repositoryMetadata()
                .defaultBranch());
        assertEquals(main, codeCommit.getBranch(r -> r.repositoryName("history").branchName("main")).branch()
                .commitId());
        List<String> branches = codeCommit.listBranches(r -> r.repositoryName("history")).branches();
        assertEquals(branches.stream().sorted().toList(), branches);
        assertTrue(branches.containsAll(List.of("main", "racer-0", "racer-5")), branches.toString());

        // GetCommit: what git itself says of the commit
        String parent = git.ok(clone, "rev-parse", "origin/main~1");
        var commit = codeCommit.getCommit(r -> r.repositoryName("history").commitId(parent)).commit();
        assertEquals(git.ok(clone, "log", "-1", "--format=%T", parent), commit.treeId());
        assertEquals(List.of(git.ok(clone, "rev-parse", parent + "~1")), commit.parents());
        assertEquals(git.ok(clone, "log", "-1", "--format=%B", parent), commit.message().trim());
        assertEquals(git.ok(clone, "log", "-1", "--format=%at %ad", "--date=format:%z", parent),
                commit.author().date());
        assertEquals("e2e@coffer.invalid", commit.committer().email());

        // CreateBranch is a ref change like a push: git sees it, and the reflog records it
        codeCommit.createBranch(r -> r.repositoryName("history").branchName("from-api").commitId(parent));
        assertTrue(remoteRefs(clone).contains(parent + "\trefs/heads/from-api"));
        assertThrows(BranchNameExistsException.class, () -> codeCommit.createBranch(r -> r.repositoryName("history")
                .branchName("from-api").commitId(parent)));
        assertThrows(CommitDoesNotExistException.class, () -> codeCommit.createBranch(r -> r
                .repositoryName("history").branchName("nowhere").commitId("0123456789abcdef0123456789abcdef01234567")));
        assertThrows(InvalidCommitIdException.class, () -> codeCommit.createBranch(r -> r.repositoryName("history")
                .branchName("bad").commitId("HEAD")));
        assertThrows(InvalidBranchNameException.class, () -> codeCommit.createBranch(r -> r
                .repositoryName("history").branchName("two..dots").commitId(parent)));
        assertThrows(CommitIdDoesNotExistException.class, () -> codeCommit.getCommit(r -> r
                .repositoryName("history").commitId("0123456789abcdef0123456789abcdef01234567")));
        assertThrows(BranchDoesNotExistException.class, () -> codeCommit.getBranch(r -> r.repositoryName("history")
                .branchName("never")));
        assertThrows(RepositoryDoesNotExistException.class, () -> codeCommit.listBranches(r -> r
                .repositoryName("no-such-repository")));

        assertThrows(DefaultBranchCannotBeDeletedException.class, () -> codeCommit.deleteBranch(r -> r
                .repositoryName("history").branchName("main")));
        assertEquals(parent, codeCommit.deleteBranch(r -> r.repositoryName("history").branchName("from-api"))
                .deletedBranch().commitId());
        assertEquals(null, codeCommit.deleteBranch(r -> r.repositoryName("history").branchName("from-api"))
                .deletedBranch());
        assertFalse(remoteRefs(clone).stream().anyMatch(line -> line.endsWith("refs/heads/from-api")));
        java.util.function.Predicate<JsonNode> deletion = e -> e.get("updates").get(0).get("ref").asText()
                .equals("refs/heads/from-api") && e.get("updates").get(0).get("newId").isNull();
        List<ConsumerRecord<String, String>> reflog = new TopicProbe(KafkaBroker.bootstrapServers()).readUntil(
                Topics.REPOSITORY_EVENTS, Duration.ofSeconds(30),
                seen -> typed(seen, historyId, "RefsUpdated").stream().anyMatch(deletion));
        assertTrue(typed(reflog, historyId, "RefsUpdated").stream().anyMatch(deletion));
    }

    @Test
    @Order(8)
    void givenPushedRepository_whenFilesFoldersAndBlobsRead_thenTheyAreWhatGitHas() throws Exception {
        Path clone = WORK.resolve("clone");
        git.ok(clone, "fetch", "-q", "origin");
        String main = git.ok(clone, "rev-parse", "origin/main");
        String parent = git.ok(clone, "rev-parse", "origin/main~1");
        // <mode> blob <id> <size>\t<path> of every file at main
        List<String[]> entries = git.ok(clone, "ls-tree", "-r", "-l", "origin/main").lines()
                .map(line -> line.split("\\s+", 5)).toList();
        String[] first = entries.get(0);
        String path = first[4];

        var file = codeCommit.getFile(r -> r.repositoryName("history").commitSpecifier("main").filePath(path));
        assertEquals(main, file.commitId());
        assertEquals(first[2], file.blobId());
        assertEquals(Long.parseLong(first[3]), file.fileSize());
        assertEquals("NORMAL", file.fileModeAsString());
        // the content is the blob: its Git object ID is the blob ID git lists
        assertEquals(first[2], new ObjectInserter.Formatter().idFor(Constants.OBJ_BLOB,
                file.fileContent().asByteArray()).name());
        assertEquals(file.blobId(), codeCommit.getFile(r -> r.repositoryName("history").filePath("/" + path))
                .blobId(), "no commit specifier: the default branch");
        assertEquals(parent, codeCommit.getFile(r -> r.repositoryName("history").commitSpecifier(parent)
                .filePath(path)).commitId());
        assertEquals(file.fileContent(), codeCommit.getBlob(r -> r.repositoryName("history").blobId(first[2]))
                .content());

        var root = codeCommit.getFolder(r -> r.repositoryName("history").commitSpecifier("main").folderPath("/"));
        assertEquals(git.ok(clone, "rev-parse", "origin/main^{tree}"), root.treeId());
        List<String> top = git.ok(clone, "ls-tree", "--name-only", "origin/main").lines().sorted().toList();
        List<String> listed = new ArrayList<>();
        root.files().forEach(f -> listed.add(f.relativePath()));
        root.subFolders().forEach(f -> listed.add(f.relativePath()));
        assertEquals(top, listed.stream().sorted().toList());

        assertThrows(FileDoesNotExistException.class, () -> codeCommit.getFile(r -> r.repositoryName("history")
                .filePath("no/such/file.txt")));
        assertThrows(FolderDoesNotExistException.class, () -> codeCommit.getFolder(r -> r
                .repositoryName("history").folderPath("no-such-folder")));
        assertThrows(CommitDoesNotExistException.class, () -> codeCommit.getFile(r -> r.repositoryName("history")
                .commitSpecifier("no-such-branch").filePath(path)));
        assertThrows(BlobIdDoesNotExistException.class, () -> codeCommit.getBlob(r -> r.repositoryName("history")
                .blobId("0123456789abcdef0123456789abcdef01234567")));
        assertThrows(InvalidBlobIdException.class, () -> codeCommit.getBlob(r -> r.repositoryName("history")
                .blobId("not-a-blob")));
        assertThrows(InvalidPathException.class, () -> codeCommit.getFile(r -> r.repositoryName("history")
                .filePath("../outside")));
        assertThrows(PathRequiredException.class, () -> codeCommit.getFolder(r -> r.repositoryName("history")));

        // every read is on the audit trail as a codecommit event naming the repository it read
        assertEquals(main, codeCommit.getBranch(r -> r.repositoryName("history").branchName("main")).branch()
                .commitId());
        codeCommit.listBranches(r -> r.repositoryName("history"));
        codeCommit.getCommit(r -> r.repositoryName("history").commitId(main));
        List<String> reads = List.of("GetFile", "GetFolder", "GetBlob", "GetBranch", "ListBranches", "GetCommit");
        List<ConsumerRecord<String, String>> audit = new TopicProbe(KafkaBroker.bootstrapServers()).readUntil(
                Topics.AUDIT_RECORDS, Duration.ofSeconds(30),
                seen -> reads.stream().noneMatch(event -> ofHistory(seen, event).isEmpty()));
        for (String event : reads) {
            JsonNode record = ofHistory(audit, event).get(0);
            assertEquals("codecommit.amazonaws.com", record.get("eventSource").asText());
            assertEquals("arn:aws:codecommit:us-east-1:" + LocalIdentity.ACCOUNT_ID + ":history",
                    record.get("resources").get(0).get("ARN").asText(), event);
            assertEquals("AWS::CodeCommit::Repository", record.get("resources").get(0).get("type").asText());
        }
    }

    @Test
    @Order(9)
    void givenCustomerKeys_whenEncryptionKeyUpdated_thenDataKeysRewrappedFramesUntouchedAndOldKeyNotNeeded()
            throws Exception {
        try (KmsClient kms = stack.kms(REGION)) {
            String first = kms.createKey(r -> r.description("first")).keyMetadata().arn();
            String second = kms.createKey(r -> r.description("second")).keyMetadata().arn();
            String id = codeCommit.createRepository(r -> r.repositoryName("rekeyed").kmsKeyId(first))
                    .repositoryMetadata().repositoryId();
            Path source = generate(WORK.resolve("rekeyed-source"), 15, 1);
            git.ok(source, "push", url(stack.repo, "rekeyed"), "main");
            assertTrue(headers(id).values().stream().allMatch(h -> contains(h, first)), "sealed under the first key");
            java.util.Map<Path, String> frames = digests(CofferStack.BLOBS.resolve(id));

            assertEquals(first, codeCommit.updateRepositoryEncryptionKey(r -> r.repositoryName("rekeyed")
                    .kmsKeyId(second)).originalKmsKeyId());
            assertTrue(headers(id).values().stream().allMatch(h -> contains(h, second) && !contains(h, first)),
                    "every data key is wrapped under the second key only");
            assertEquals(frames, digests(CofferStack.BLOBS.resolve(id)), "no frame was re-encrypted");

            // the first key is no longer needed: disabled, a clone (cold cache) still decrypts everything
            kms.disableKey(r -> r.keyId(first));
            Path clone = WORK.resolve("rekeyed-clone");
            git.ok(WORK, "clone", url(secondRepo(), "rekeyed"), clone.toString());
            git.ok(clone, "fsck", "--strict");
            assertEquals(git.ok(source, "rev-parse", "HEAD"), git.ok(clone, "rev-parse", "HEAD"));
            assertThrows(EncryptionKeyDisabledException.class, () -> codeCommit.updateRepositoryEncryptionKey(r -> r
                    .repositoryName("rekeyed").kmsKeyId(first)));
        }
    }

    @Test
    @Order(10)
    void givenDeletedRepository_whenItsStoredBytesWereKept_thenNoCopyOfItsDataKeysRemainsAndNothingOpensThem()
            throws Exception {
        String id = codeCommit.createRepository(r -> r.repositoryName("doomed")).repositoryMetadata()
                .repositoryId();
        Path source = generate(WORK.resolve("doomed-source"), 10, 1);
        git.ok(source, "push", url(stack.repo, "doomed"), "main");
        java.util.Map<String, byte[]> headers = headers(id);
        assertFalse(headers.isEmpty());
        Path kept = WORK.resolve("doomed-kept");
        Files.createDirectories(kept);
        try (Stream<Path> files = Files.list(CofferStack.BLOBS.resolve(id))) {
            for (Path file : files.toList()) {
                Files.copy(file, kept.resolve(file.getFileName()));
            }
        }

        assertEquals(id, codeCommit.deleteRepository(r -> r.repositoryName("doomed")).repositoryId());
        assertTrue(headers(id).isEmpty(), "the headers (wrapped data keys) are gone");
        assertFalse(Files.exists(CofferStack.BLOBS.resolve(id)), "the frames are gone from the blob store");
        byte[] dump = AtRest.pgDump();
        for (byte[] header : headers.values()) {
            // a bytea appears in a dump as hex
            assertEquals(-1, AtRest.indexOf(dump, HexFormat.of().formatHex(header).getBytes(StandardCharsets.US_ASCII)),
                    "a copy of a wrapped data key is still in the database");
        }
        // the kept frames open with no header that remains: here, one of another repository's files
        java.util.Map<String, byte[]> others = headers(historyId);
        var other = others.entrySet().iterator().next();
        Path frames;
        try (Stream<Path> files = Files.list(kept)) {
            frames = files.filter(f -> f.toString().endsWith(".pack")).findFirst().orElseThrow();
        }
        CryptoClient crypto = new CryptoClient(stack.crypto.uri("/"), LocalIdentity.ACCESS_KEY_ID,
                LocalIdentity.SECRET_ACCESS_KEY, SSLContext.getDefault());
        Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> {
            try (var in = crypto.decryptFrames(REGION, java.util.Map.of("aws:codecommit:id", historyId),
                    other.getValue(), 1, () -> {
                        try {
                            return Files.newInputStream(frames);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }, null)) {
                in.readAllBytes();
            }
        });
        assertTrue(refused instanceof IOException || refused instanceof java.io.UncheckedIOException
                || refused instanceof AwsException, refused.toString());
        StockGit.Result clone = git.run(WORK, "clone", url(stack.repo, "doomed"), WORK.resolve("doomed-clone")
                .toString());
        assertNotEquals(0, clone.exitCode());
        assertTrue(clone.err().contains("does not exist"), clone.err());
    }

    @Test
    @Order(11)
    void givenOneGibibyteOfBinaries_whenPushed_thenItIsStoredWholeAndSealed() throws Exception {
        String id = codeCommit.createRepository(r -> r.repositoryName("large")).repositoryMetadata().repositoryId();
        Path source = WORK.resolve("large-source");
        Files.createDirectories(source);
        git.ok(source, "init", "-q");
        Random random = new Random(11);
        byte[] bytes = new byte[128 * 1024 * 1024];
        for (int f = 0; f < 8; f++) {
            random.nextBytes(bytes);
            Files.write(source.resolve("large-" + f + ".bin"), bytes);
        }
        // incompressible data: the client neither compresses nor delta-searches it, as for any large binary
        git.ok(source, "-c", "core.compression=0", "add", "-A");
        git.ok(source, "commit", "-q", "-m", "one gibibyte");
        git.ok(source, "remote", "add", "origin", url(stack.repo, "large"));
        git.ok(source, "-c", "core.bigFileThreshold=1m", "-c", "pack.compression=0", "push", "origin", "main");

        assertTrue(remoteRefs(source).contains(git.ok(source, "rev-parse", "HEAD") + "\trefs/heads/main"));
        long stored = 0;
        try (Connection c = stack.connect();
                PreparedStatement s = c.prepareStatement("""
                        select coalesce(sum(plaintext_length), 0) from coffer_repo.git_pack_file
                        where repository_id = ?::uuid and ext = 'PACK'""")) {
            s.setString(1, id);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                stored = rows.getLong(1);
            }
        }
        assertTrue(stored >= 1L << 30, "pack bytes stored: " + stored);
        long onDisk;
        try (Stream<Path> files = Files.list(CofferStack.BLOBS.resolve(id))) {
            onDisk = files.mapToLong(f -> f.toFile().length()).sum();
        }
        assertTrue(onDisk > stored, "frames on disk: " + onDisk);
        CofferStack.deleteTree(source);
    }

    /** The stored message headers of a repository's files, by pack and extension. */
    private static java.util.Map<String, byte[]> headers(String repositoryId) throws Exception {
        java.util.Map<String, byte[]> headers = new java.util.TreeMap<>();
        try (Connection c = stack.connect();
                PreparedStatement select = c.prepareStatement("""
                        select pack_name || '.' || ext, header from coffer_repo.git_pack_file
                        where repository_id = ?::uuid""")) {
            select.setString(1, repositoryId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    headers.put(rows.getString(1), rows.getBytes(2));
                }
            }
        }
        return headers;
    }

    private static boolean contains(byte[] bytes, String text) {
        return AtRest.indexOf(bytes, text.getBytes(StandardCharsets.UTF_8)) >= 0;
    }

    private static java.util.Map<Path, String> digests(Path directory) throws Exception {
        java.util.Map<Path, String> digests = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                digests.put(file.getFileName(), HexFormat.of().formatHex(java.security.MessageDigest
                        .getInstance("SHA-256").digest(Files.readAllBytes(file))));
            }
        }
        return digests;
    }

    private static ServiceProcess secondRepo() throws Exception {
        if (secondRepo == null) {
            secondRepo = stack.anotherRepoService("repo-service-b");
        }
        return secondRepo;
    }

    /** A repository of {@code commits} commits of text (with the marker) and {@code binaries} changing binaries. */
    private static Path generate(Path directory, int commits, int binaries) throws Exception {
        Files.createDirectories(directory);
        git.ok(directory, "init", "-q");
        Random random = new Random(directory.hashCode());
        for (int i = 1; i <= commits; i++) {
            Path text = directory.resolve("src/file-" + (i % 13) + ".txt");
            Files.createDirectories(text.getParent());
            Files.writeString(text, "line " + i + " " + MARKER + " " + random.nextLong() + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            if (i % 10 == 1) {
                for (int b = 0; b < binaries; b++) {
                    byte[] bytes = new byte[256 * 1024];
                    random.nextBytes(bytes);
                    Files.write(directory.resolve("binary-" + b + ".bin"), bytes);
                }
            }
            git.ok(directory, "add", "-A");
            git.ok(directory, "commit", "-q", "-m", "commit " + i + " " + MARKER);
        }
        return directory;
    }

    private static List<JsonNode> ofHistory(List<ConsumerRecord<String, String>> seen, String event) {
        return EventRecords.ofRepository(seen, event, historyId);
    }

    private static void commit(Path directory, String file, String content, String message) throws Exception {
        Files.writeString(directory.resolve(file), content + "\n", StandardCharsets.UTF_8);
        git.ok(directory, "add", file);
        git.ok(directory, "commit", "-q", "-m", message);
    }

    private static List<String> remoteRefs(Path directory) throws Exception {
        return git.ok(directory, "ls-remote", "origin").lines().toList();
    }

    @Test
    @Order(12)
    void givenPushRequestsGitWouldNotSend_whenPosted_thenRefusedAsGitExpectsAndNothingLands()
            throws Exception {
        URI receivePack = stack.repo.uri("/v1/repos/history/git-receive-pack");
        String basic = basicAuthorization("/v1/repos/history");
        byte[] pack = new byte[256 * 1024];
        new Random(7).nextBytes(pack);

        HttpResponse<String> anonymous = LocalTls.HTTP.send(HttpRequest.newBuilder(receivePack)
                .header("Content-Type", "application/x-git-receive-pack-request")
                .POST(HttpRequest.BodyPublishers.ofByteArray(pack)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertTrue(anonymous.body().contains("credential helper"), anonymous.body());

        HttpResponse<String> wrongType = LocalTls.HTTP.send(HttpRequest.newBuilder(receivePack)
                .header("Authorization", basic).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofByteArray(pack)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(415, wrongType.statusCode());

        // a well-formed command followed by a pack that is not one: receive-pack's own status report says so
        String command = "0".repeat(40) + " " + "1".repeat(40) + " refs/heads/not-a-pack\0report-status\n";
        byte[] head = (String.format("%04x", command.length() + 4) + command + "0000")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = new byte[head.length + pack.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(pack, 0, body, head.length, pack.length);
        HttpResponse<String> notAPack = LocalTls.HTTP.send(HttpRequest.newBuilder(receivePack)
                .header("Authorization", basic).header("Content-Type", "application/x-git-receive-pack-request")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, notAPack.statusCode());
        assertEquals("application/x-git-receive-pack-result", notAPack.headers().firstValue("Content-Type")
                .orElse(""));
        assertTrue(notAPack.body().contains("unpack ") && notAPack.body().contains("ng refs/heads/not-a-pack"),
                notAPack.body());

        // no command list at all, and a line where a command must be: git is told why, as an ERR line
        for (String notCommands : List.of("zzzz", "0010hello world\n0000")) {
            HttpResponse<String> refused = gitRequest(receivePack, basic, "receive-pack", notCommands);
            assertEquals(200, refused.statusCode());
            assertTrue(refused.body().contains("ERR ") && !refused.body().contains("Internal error"),
                    refused.body());
        }

        // and nothing of it landed: git still sees the same branches and clones as before
        assertFalse(git.ok(WORK, "ls-remote", url(stack.repo, "history")).contains("not-a-pack"));
    }

    @Test
    @Order(13)
    void givenFetchRequestsGitWouldNotSend_whenPosted_thenGitIsToldWhyAndFetchesStillWork() throws Exception {
        URI uploadPack = stack.repo.uri("/v1/repos/history/git-upload-pack");
        String basic = basicAuthorization("/v1/repos/history");
        String head = git.ok(WORK, "ls-remote", url(stack.repo, "history"), "refs/heads/main").substring(0, 40);
        // the last pkt-line announces 9 bytes and brings 8: the body ends inside it
        String cutShort = "0032want " + head + "\n" + "0000" + "0009done";
        // a line where a want must be
        String outOfProtocol = "0010hello world\n0000";
        HttpResponse<String> cut = gitRequest(uploadPack, basic, "upload-pack", cutShort);
        HttpResponse<String> stray = gitRequest(uploadPack, basic, "upload-pack", outOfProtocol);
        for (HttpResponse<String> refused : List.of(cut, stray)) {
            // what git expects: a 200 whose body is one ERR line, which it prints as "remote error: ..."
            assertEquals(200, refused.statusCode());
            assertTrue(refused.body().contains("ERR "), refused.body());
            assertFalse(refused.body().contains("internal server error"), refused.body());
        }
        assertTrue(cut.body().contains("ended before its last line"), cut.body());
        assertTrue(stray.body().contains("hello world"), stray.body());

        assertTrue(git.ok(WORK, "ls-remote", url(stack.repo, "history")).contains(head));
    }

    @Test
    @Order(14)
    void givenPassedKeyChecks_whenTheKeyIsDisabled_thenEveryInstanceRefusesTheNextGitRequestUntilReEnabled()
            throws Exception {
        try (KmsClient kms = stack.kms(REGION)) {
            String key = kms.createKey(r -> r.description("checked")).keyMetadata().arn();
            codeCommit.createRepository(r -> r.repositoryName("key-checked").kmsKeyId(key));
            git.ok(generate(WORK.resolve("key-checked-source"), 3, 0), "push", url(stack.repo, "key-checked"),
                    "main");
            List<String> urls = List.of(url(stack.repo, "key-checked"), url(secondRepo(), "key-checked"));
            for (String url : urls) {
                // each instance passes the key check and keeps it (coffer.repo.key-access-ttl: 5 minutes)
                git.ok(WORK, "ls-remote", url);
            }

            kms.disableKey(r -> r.keyId(key));
            for (String url : urls) {
                StockGit.Result refused = awaitLsRemote(url, false);
                assertTrue(refused.err().contains("The encryption key is disabled"), refused.err());
            }
            kms.enableKey(r -> r.keyId(key));
            for (String url : urls) {
                awaitLsRemote(url, true);
            }
        }
    }

    /** {@code git ls-remote url} until it succeeds (or fails), for at most 15 s: far less than a passed check lives. */
    private static StockGit.Result awaitLsRemote(String url, boolean succeeds) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        StockGit.Result result = git.run(WORK, "ls-remote", url);
        while ((result.exitCode() == 0) != succeeds && System.nanoTime() < deadline) {
            Thread.sleep(250);
            result = git.run(WORK, "ls-remote", url);
        }
        assertEquals(succeeds, result.exitCode() == 0, url + ": " + result.err());
        return result;
    }

    /** POSTs {@code body} as a request of Git smart HTTP's {@code service} (upload-pack, receive-pack). */
    private static HttpResponse<String> gitRequest(URI uri, String authorization, String service, String body)
            throws Exception {
        return LocalTls.HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", authorization)
                .header("Content-Type", "application/x-git-" + service + "-request")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Basic authorization for Git requests on {@code path}, with the password the credential helper would make. */
    private static String basicAuthorization(String path) {
        return GitPasswords.basic(REGION, "localhost:" + stack.repo.port(), path);
    }

    private static String password(String secret, Instant time, String host, String path) {
        return GitPasswords.password(secret, time, REGION, host, path);
    }

    private static List<JsonNode> payloads(TopicProbe probe, String topic, String key, String type, int atLeast) {
        List<ConsumerRecord<String, String>> seen = probe.readUntil(topic, Duration.ofSeconds(30),
                records -> typed(records, key, type).size() >= atLeast);
        List<JsonNode> payloads = typed(seen, key, type);
        assertTrue(payloads.size() >= atLeast, type + " events for " + key + ": " + payloads.size());
        return payloads;
    }

    private static List<JsonNode> typed(List<ConsumerRecord<String, String>> records, String key, String type) {
        return records.stream().filter(r -> key.equals(r.key())).map(r -> EventRecords.json(r.value()))
                .filter(e -> type.equals(e.path("type").asText())).map(e -> e.get("payload")).toList();
    }
}
