package io.coffer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.coffer.events.Topics;
import io.coffer.testsupport.KafkaBroker;
import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.TopicProbe;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;

/**
 * Git LFS with the stock git-lfs client over HTTPS, through the credential helper: large files pushed and cloned
 * back byte for byte, sealed at rest like packs, audited, refused when they are not what they claim, and gone with
 * their repository.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GitLfsIT {

    private static final String REGION = "us-east-1";
    private static final String REPOSITORY = "large-files";
    /** Written into the LFS objects: must never be found at rest. */
    private static final String MARKER = "COFFER-LFS-MARKER-" + UUID.randomUUID();
    private static final Path WORK = Path.of("target", "lfs-e2e").toAbsolutePath();

    private static CofferStack stack;
    private static CodeCommitClient codeCommit;
    private static StockGit git;
    private static String repositoryId;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        CofferStack.deleteTree(WORK);
        stack = new CofferStack();
        codeCommit = stack.codeCommit(REGION, LocalIdentity.credentials());
        repositoryId = codeCommit.createRepository(r -> r.repositoryName(REPOSITORY)).repositoryMetadata()
                .repositoryId();
        git = new StockGit(WORK.resolve("home"), REGION);
        git.ok(WORK, "lfs", "install");
        url = stack.repo.uri("/v1/repos/" + REPOSITORY).toString();
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

    @Test
    @Order(1)
    void givenLargeFilesTrackedByLfs_whenPushedAndCloned_thenTheyComeBackByteForByteAndGitHoldsPointers()
            throws Exception {
        Path work = Files.createDirectories(WORK.resolve("work"));
        git.ok(work, "init", "-q");
        git.ok(work, "lfs", "track", "*.bin");
        byte[] large = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(large);
        byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(marker, 0, large, 1000, marker.length);
        Files.write(work.resolve("large.bin"), large);
        Files.writeString(work.resolve("small.bin"), MARKER + " small\n");
        Files.writeString(work.resolve("empty.bin"), "");
        git.ok(work, "add", ".gitattributes", "large.bin", "small.bin", "empty.bin");
        git.ok(work, "commit", "-q", "-m", "large files");
        git.ok(work, "remote", "add", "origin", url);
        git.ok(work, "push", "-q", "origin", "main");

        String pointer = codeCommit.getFile(r -> r.repositoryName(REPOSITORY).filePath("large.bin")).fileContent()
                .asUtf8String();
        assertTrue(pointer.startsWith("version https://git-lfs.github.com/spec/v1"), pointer);
        assertTrue(pointer.contains("oid sha256:" + sha256(large)), pointer);

        Path clone = WORK.resolve("clone");
        git.ok(WORK, "clone", "-q", url, clone.toString());
        assertEquals(-1, Files.mismatch(work.resolve("large.bin"), clone.resolve("large.bin")));
        assertEquals(MARKER + " small\n", Files.readString(clone.resolve("small.bin")));
        assertEquals(0, Files.size(clone.resolve("empty.bin")));
        assertEquals("", git.ok(clone, "lfs", "fsck").replaceAll("(?m)^Git LFS fsck OK$", "").trim());
        AtRest.assertSealed(CofferStack.BLOBS, MARKER);
    }

    @Test
    @Order(2)
    void givenUploadsThatAreNotWhatTheyClaim_whenSent_thenRefusedAndNothingIsStored() throws Exception {
        String host = stack.repo.uri("").getAuthority();
        String lfs = "/v1/repos/" + REPOSITORY + ".git/info/lfs";
        byte[] content = "not what the oid says".getBytes(StandardCharsets.UTF_8);
        String claimed = sha256("something else".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> wrong = LocalTls.HTTP.send(HttpRequest.newBuilder(stack.repo.uri(lfs + "/objects/"
                + claimed)).header("Authorization", GitPasswords.basic(REGION, host, lfs))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(422, wrong.statusCode(), wrong.body());
        HttpResponse<String> batch = LocalTls.HTTP.send(HttpRequest.newBuilder(stack.repo.uri(lfs
                + "/objects/batch")).header("Authorization", GitPasswords.basic(REGION, host, lfs))
                .header("Accept", "application/vnd.git-lfs+json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"operation\": \"download\", \"objects\": [{\"oid\": \""
                        + claimed + "\", \"size\": 14}, {\"oid\": \"../../etc\", \"size\": 1}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, batch.statusCode(), batch.body());
        JsonNode objects = EventRecords.json(batch.body()).get("objects");
        assertEquals(404, objects.get(0).get("error").get("code").asInt());
        assertEquals(422, objects.get(1).get("error").get("code").asInt());
        HttpResponse<String> anonymous = LocalTls.HTTP.send(HttpRequest.newBuilder(stack.repo.uri(lfs
                + "/objects/batch")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
    }

    @Test
    @Order(3)
    void givenLfsTransfers_whenAuditTrailRead_thenEachObjectMovedIsRecordedOnItsRepository() throws Exception {
        List<ConsumerRecord<String, String>> audit = new TopicProbe(KafkaBroker.bootstrapServers()).readUntil(
                Topics.AUDIT_RECORDS, Duration.ofSeconds(30),
                // two objects each way: git-lfs keeps an empty file in Git itself
                seen -> EventRecords.ofRepository(seen, "GitLfsUpload", repositoryId).size() >= 2
                        && EventRecords.ofRepository(seen, "GitLfsDownload", repositoryId).size() >= 2);
        JsonNode upload = EventRecords.ofRepository(audit, "GitLfsUpload", repositoryId).get(0);
        assertEquals("arn:aws:codecommit:us-east-1:" + LocalIdentity.ACCOUNT_ID + ":" + REPOSITORY,
                upload.get("resources").get(0).get("ARN").asText());
        for (ConsumerRecord<String, String> record : audit) {
            assertFalse(record.value().contains(MARKER), "object content on the audit trail");
        }
    }

    @Test
    @Order(4)
    void givenRepositoryWithLfsObjects_whenDeleted_thenItsObjectsAreGone() throws Exception {
        Path blobs = CofferStack.BLOBS.resolve(repositoryId);
        assertTrue(Files.isDirectory(blobs));
        codeCommit.deleteRepository(r -> r.repositoryName(REPOSITORY));
        assertFalse(Files.exists(blobs), "the repository's frames, LFS objects among them, are deleted");
        // the objects' rows (blob lfs-<id>, header with the wrapped data key) went with the repository
        assertEquals(-1, AtRest.indexOf(AtRest.pgDump(), "lfs-".getBytes(StandardCharsets.UTF_8)),
                "an LFS object of the deleted repository is left in the database");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
