package io.coffer.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.platform.contract.KeyProvisioned;
import io.coffer.platform.contract.RepositoryCreated;
import io.coffer.platform.events.Actor;
import io.coffer.platform.events.EventCodec;
import io.coffer.platform.events.EventEnvelope;
import io.coffer.platform.events.Topics;
import io.coffer.platform.events.UuidV7;
import io.coffer.testsupport.KafkaBroker;
import io.coffer.testsupport.KafkaBrokerResource;
import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.SignedHttp;
import io.coffer.testsupport.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.BatchGetRepositoriesResponse;
import software.amazon.awssdk.services.codecommit.model.InvalidContinuationTokenException;
import software.amazon.awssdk.services.codecommit.model.InvalidOrderException;
import software.amazon.awssdk.services.codecommit.model.InvalidRepositoryDescriptionException;
import software.amazon.awssdk.services.codecommit.model.InvalidSortByException;
import software.amazon.awssdk.services.codecommit.model.ListRepositoriesResponse;
import software.amazon.awssdk.services.codecommit.model.MaximumRepositoryNamesExceededException;
import software.amazon.awssdk.services.codecommit.model.OrderEnum;
import software.amazon.awssdk.services.codecommit.model.RepositoryNameIdPair;
import software.amazon.awssdk.services.codecommit.model.RepositoryNamesRequiredException;
import software.amazon.awssdk.services.codecommit.model.SortByEnum;
import software.amazon.awssdk.services.codecommit.model.CodeCommitException;
import software.amazon.awssdk.services.codecommit.model.InvalidRepositoryNameException;
import software.amazon.awssdk.services.codecommit.model.RepositoryDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.RepositoryMetadata;
import software.amazon.awssdk.services.codecommit.model.RepositoryNameExistsException;

/**
 * repo-service on its own, with the official AWS SDK CodeCommit client, real Kafka and PostgreSQL. key-service's
 * side of the saga is played by publishing its KeyProvisioned contract event to Kafka; the whole saga with the real
 * key-service runs in the e2e module.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class CodeCommitApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI endpoint;

    @Inject
    EventCodec codec;

    private CodeCommitClient client(String region) {
        return CodeCommitClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(LocalIdentity.credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private String announceRegionKey(String region) {
        String keyId = UUID.randomUUID().toString();
        String arn = "arn:aws:kms:" + region + ":" + LocalIdentity.ACCOUNT_ID + ":key/" + keyId;
        KeyProvisioned payload = new KeyProvisioned(keyId, arn, LocalIdentity.ACCOUNT_ID, region, "AWS",
                "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", "Default key", KeyProvisioned.CODECOMMIT_ALIAS, null,
                Instant.now(), "{}", Map.of());
        Actor actor = new Actor("IAMUser", "arn:aws:iam::111122223333:user/admin", LocalIdentity.ACCOUNT_ID, "admin",
                LocalIdentity.ACCESS_KEY_ID, "127.0.0.1", "test", "codecommit.amazonaws.com");
        EventEnvelope event = new EventEnvelope(UuidV7.next(), KeyProvisioned.TYPE, 1, KeyProvisioned.AGGREGATE, keyId,
                1, Instant.now(), LocalIdentity.ACCOUNT_ID, region, actor, "test", codec.toTree(payload));
        new TopicProbe(KafkaBroker.bootstrapServers()).send(Topics.KEY_EVENTS, keyId, codec.encode(event));
        return arn;
    }

    @Test
    void givenRegionWithKey_whenCreateRepository_thenMetadataNamesKeyAndEventIsPublished() throws Exception {
        String region = "eu-west-3";
        String keyArn = announceRegionKey(region);
        try (CodeCommitClient codeCommit = client(region)) {
            RepositoryMetadata created = codeCommit.createRepository(r -> r.repositoryName("first-repo")
                    .repositoryDescription("my first")).repositoryMetadata();
            assertEquals(keyArn, created.kmsKeyId());
            assertEquals("arn:aws:codecommit:eu-west-3:111122223333:first-repo", created.arn());
            assertEquals(LocalIdentity.ACCOUNT_ID, created.accountId());
            assertTrue(created.cloneUrlHttp().matches("http://localhost:[0-9]+/v1/repos/first-repo"), created.cloneUrlHttp());
            assertNotNull(created.creationDate());
            UUID.fromString(created.repositoryId());

            RepositoryMetadata got = codeCommit.getRepository(r -> r.repositoryName("first-repo")).repositoryMetadata();
            assertEquals(created.repositoryId(), got.repositoryId());
            assertEquals(keyArn, got.kmsKeyId());
            assertEquals("my first", got.repositoryDescription());

            assertThrows(RepositoryNameExistsException.class,
                    () -> codeCommit.createRepository(r -> r.repositoryName("first-repo")));

            var records = new TopicProbe(KafkaBroker.bootstrapServers()).readUntil(Topics.REPOSITORY_EVENTS,
                    Duration.ofSeconds(20), seen -> seen.stream().anyMatch(r -> r.key().equals(created.repositoryId())));
            JsonNode envelope = JSON.readTree(records.stream()
                    .filter(r -> r.key().equals(created.repositoryId())).findFirst().orElseThrow().value());
            assertEquals(RepositoryCreated.TYPE, envelope.get("type").asText());
            assertEquals(region, envelope.get("region").asText());
            assertEquals("first-repo", envelope.get("payload").get("repositoryName").asText());
            assertEquals(LocalIdentity.ACCESS_KEY_ID, envelope.get("actor").get("accessKeyId").asText());
        }
    }

    @Test
    void givenUnknownName_whenGetRepository_thenRepositoryDoesNotExist() {
        try (CodeCommitClient codeCommit = client("us-east-2")) {
            var e = assertThrows(RepositoryDoesNotExistException.class,
                    () -> codeCommit.getRepository(r -> r.repositoryName("nope")));
            assertEquals(400, e.statusCode());
        }
    }

    @Test
    void givenInvalidNames_whenCreateRepository_thenInvalidRepositoryName() {
        try (CodeCommitClient codeCommit = client("us-east-2")) {
            for (String name : List.of("has space", "ends.git", "x".repeat(101), "semi;colon")) {
                assertThrows(InvalidRepositoryNameException.class,
                        () -> codeCommit.createRepository(r -> r.repositoryName(name)), name);
            }
        }
    }

    @Test
    void givenWrongSecret_whenCalling_then403InvalidSignature() {
        try (CodeCommitClient codeCommit = CodeCommitClient.builder().endpointOverride(endpoint)
                .region(Region.US_EAST_2).credentialsProvider(LocalIdentity.wrongSecret())
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            CodeCommitException e = assertThrows(CodeCommitException.class,
                    () -> codeCommit.getRepository(r -> r.repositoryName("any")));
            assertEquals(403, e.statusCode());
            assertEquals("InvalidSignatureException", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void givenUnsignedOrTamperedOrStaleRequests_whenCalling_thenAwsShapedAuthErrors() throws Exception {
        URI uri = endpoint;
        byte[] body = "{\"repositoryName\":\"any\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("Content-Type", "application/x-amz-json-1.1",
                "X-Amz-Target", "CodeCommit_20150413.GetRepository");

        HttpResponse<String> unsigned = SignedHttp.sendRaw("POST", uri,
                Map.of("Content-Type", List.of("application/x-amz-json-1.1"),
                        "X-Amz-Target", List.of("CodeCommit_20150413.GetRepository")), body);
        assertEquals(403, unsigned.statusCode());
        assertEquals("MissingAuthenticationTokenException", JSON.readTree(unsigned.body()).get("__type").asText());

        SignedHttp signer = new SignedHttp(LocalIdentity.credentials(), "us-east-2", "codecommit");
        byte[] tampered = "{\"repositoryName\":\"other\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> changedBody = SignedHttp.sendRaw("POST", uri,
                signer.sign("POST", uri, headers, body, Instant.now()), tampered);
        assertEquals(403, changedBody.statusCode());
        assertEquals("InvalidSignatureException", JSON.readTree(changedBody.body()).get("__type").asText());

        HttpResponse<String> stale = SignedHttp.sendRaw("POST", uri,
                signer.sign("POST", uri, headers, body, Instant.now().minus(Duration.ofMinutes(6))), body);
        assertEquals(403, stale.statusCode());
        assertTrue(JSON.readTree(stale.body()).get("message").asText().startsWith("Signature expired"));

        HttpResponse<String> wrongService = new SignedHttp(LocalIdentity.credentials(), "us-east-2", "kms")
                .send("POST", uri, headers, body);
        assertEquals(403, wrongService.statusCode());

        HttpResponse<String> unknownKey = new SignedHttp(
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("AKIAUNKNOWNKEY000000",
                                "secret")), "us-east-2", "codecommit").send("POST", uri, headers, body);
        assertEquals(403, unknownKey.statusCode());
        assertEquals("UnrecognizedClientException", JSON.readTree(unknownKey.body()).get("__type").asText());

        HttpResponse<String> ok = signer.send("POST", uri, headers, body);
        assertEquals("RepositoryDoesNotExistException", JSON.readTree(ok.body()).get("__type").asText());
    }

    @Test
    void givenMalformedBodies_whenCalling_thenSerializationOrUnknownOperation() throws Exception {
        SignedHttp signer = new SignedHttp(LocalIdentity.credentials(), "us-east-2", "codecommit");
        HttpResponse<String> notJson = signer.send("POST", endpoint, Map.of("X-Amz-Target",
                "CodeCommit_20150413.GetRepository"), "{not json".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, notJson.statusCode());
        assertEquals("SerializationException", JSON.readTree(notJson.body()).get("__type").asText());

        HttpResponse<String> wrongType = signer.send("POST", endpoint, Map.of("X-Amz-Target",
                "CodeCommit_20150413.GetRepository"), "{\"repositoryName\":{\"a\":1}}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, wrongType.statusCode());
        assertEquals("SerializationException", JSON.readTree(wrongType.body()).get("__type").asText());

        HttpResponse<String> unknownOp = signer.send("POST", endpoint, Map.of("X-Amz-Target",
                "CodeCommit_20150413.DropEverything"), "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, unknownOp.statusCode());
        assertEquals("UnknownOperationException", JSON.readTree(unknownOp.body()).get("__type").asText());
    }

    @Test
    void givenRepositories_whenListedBatchGotAndDescribed_thenCodeCommitShapesAndErrors() throws Exception {
        String region = "ap-northeast-3";
        String keyArn = announceRegionKey(region);
        try (CodeCommitClient codeCommit = client(region)) {
            for (String name : List.of("zeta", "alpha", "mid")) {
                codeCommit.createRepository(r -> r.repositoryName(name));
                Thread.sleep(5);
            }
            assertEquals(List.of("alpha", "mid", "zeta"), names(codeCommit.listRepositories(r -> { })));
            assertEquals(List.of("zeta", "mid", "alpha"), names(codeCommit.listRepositories(r -> r
                    .sortBy(SortByEnum.REPOSITORY_NAME).order(OrderEnum.DESCENDING))));
            assertEquals(List.of("zeta", "alpha", "mid"), names(codeCommit.listRepositories(r -> r
                    .sortBy(SortByEnum.LAST_MODIFIED_DATE))));

            codeCommit.updateRepositoryDescription(r -> r.repositoryName("zeta").repositoryDescription("last letter"));
            RepositoryMetadata zeta = codeCommit.getRepository(r -> r.repositoryName("zeta")).repositoryMetadata();
            assertEquals("last letter", zeta.repositoryDescription());
            assertTrue(zeta.lastModifiedDate().isAfter(zeta.creationDate()));
            assertEquals(List.of("alpha", "mid", "zeta"), names(codeCommit.listRepositories(r -> r
                    .sortBy(SortByEnum.LAST_MODIFIED_DATE))));
            var described = new TopicProbe(KafkaBroker.bootstrapServers()).readUntil(Topics.REPOSITORY_EVENTS,
                    Duration.ofSeconds(20), seen -> seen.stream().anyMatch(r -> r.key().equals(zeta.repositoryId())
                            && r.value().contains("RepositoryDescriptionUpdated")));
            assertTrue(described.stream().anyMatch(r -> r.value().contains("\"aggregateVersion\":2")));
            // the call's CloudTrail record names the repository's ID, so a search of the trail by ID finds it
            var audited = new TopicProbe(KafkaBroker.bootstrapServers()).readUntil(Topics.AUDIT_RECORDS,
                    Duration.ofSeconds(20), seen -> seen.stream().anyMatch(r -> r.value().contains(
                            "UpdateRepositoryDescription") && r.value().contains(zeta.repositoryId())));
            JsonNode record = JSON.readTree(audited.stream().filter(r -> r.value().contains("UpdateRepositoryDescription")
                    && r.value().contains(zeta.repositoryId())).findFirst().orElseThrow().value()).get("payload");
            assertEquals(zeta.repositoryId(), record.get("additionalEventData").get("repositoryId").asText());

            BatchGetRepositoriesResponse batch = codeCommit.batchGetRepositories(r -> r.repositoryNames("mid", "nope",
                    "alpha"));
            assertEquals(List.of("mid", "alpha"), batch.repositories().stream().map(RepositoryMetadata::repositoryName)
                    .toList());
            assertEquals(keyArn, batch.repositories().get(0).kmsKeyId());
            assertEquals(List.of("nope"), batch.repositoriesNotFound());

            assertThrows(RepositoryNamesRequiredException.class,
                    () -> codeCommit.batchGetRepositories(r -> r.repositoryNames(List.of())));
            List<String> tooMany = new java.util.ArrayList<>();
            for (int i = 0; i < 26; i++) {
                tooMany.add("r" + i);
            }
            assertThrows(MaximumRepositoryNamesExceededException.class,
                    () -> codeCommit.batchGetRepositories(r -> r.repositoryNames(tooMany)));
            assertThrows(InvalidRepositoryNameException.class,
                    () -> codeCommit.batchGetRepositories(r -> r.repositoryNames("bad name")));
            assertThrows(InvalidSortByException.class, () -> codeCommit.listRepositories(r -> r.sortBy("size")));
            assertThrows(InvalidOrderException.class, () -> codeCommit.listRepositories(r -> r.order("sideways")));
            assertThrows(InvalidContinuationTokenException.class,
                    () -> codeCommit.listRepositories(r -> r.nextToken("garbage")));
            assertThrows(RepositoryDoesNotExistException.class, () -> codeCommit.updateRepositoryDescription(r -> r
                    .repositoryName("nope").repositoryDescription("x")));
            assertThrows(InvalidRepositoryDescriptionException.class, () -> codeCommit.updateRepositoryDescription(r -> r
                    .repositoryName("mid").repositoryDescription("x".repeat(1001))));
        }
    }

    private static List<String> names(ListRepositoriesResponse page) {
        return page.repositories().stream().map(RepositoryNameIdPair::repositoryName).toList();
    }

    @Test
    void givenRepository_whenRenamedThenDeleted_thenNameFreedAndDeleteIsIdempotent() {
        String region = "ca-west-1";
        announceRegionKey(region);
        try (CodeCommitClient codeCommit = client(region)) {
            String id = codeCommit.createRepository(r -> r.repositoryName("before")).repositoryMetadata().repositoryId();
            codeCommit.createRepository(r -> r.repositoryName("taken"));
            assertThrows(RepositoryNameExistsException.class,
                    () -> codeCommit.updateRepositoryName(r -> r.oldName("before").newName("taken")));
            assertThrows(RepositoryDoesNotExistException.class,
                    () -> codeCommit.updateRepositoryName(r -> r.oldName("nope").newName("other")));
            assertThrows(InvalidRepositoryNameException.class,
                    () -> codeCommit.updateRepositoryName(r -> r.oldName("before").newName("bad name")));

            codeCommit.updateRepositoryName(r -> r.oldName("before").newName("after"));
            RepositoryMetadata renamed = codeCommit.getRepository(r -> r.repositoryName("after")).repositoryMetadata();
            assertEquals(id, renamed.repositoryId());
            assertEquals("arn:aws:codecommit:ca-west-1:111122223333:after", renamed.arn());
            assertTrue(renamed.cloneUrlHttp().endsWith("/v1/repos/after"));
            assertThrows(RepositoryDoesNotExistException.class,
                    () -> codeCommit.getRepository(r -> r.repositoryName("before")));

            assertEquals(id, codeCommit.deleteRepository(r -> r.repositoryName("after")).repositoryId());
            assertThrows(RepositoryDoesNotExistException.class,
                    () -> codeCommit.getRepository(r -> r.repositoryName("after")));
            // idempotent: a second delete succeeds and names no repository
            assertNull(codeCommit.deleteRepository(r -> r.repositoryName("after")).repositoryId());
            String again = codeCommit.createRepository(r -> r.repositoryName("after")).repositoryMetadata()
                    .repositoryId();
            assertNotEquals(id, again);
        }
    }
}
