package io.coffer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.events.Topics;
import io.coffer.events.contract.RepositoryCreated;
import io.coffer.testsupport.KafkaBroker;
import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.SignedHttp;
import io.coffer.testsupport.TopicProbe;
import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.BatchGetRepositoriesResponse;
import software.amazon.awssdk.services.codecommit.model.CodeCommitException;
import software.amazon.awssdk.services.codecommit.model.EncryptionKeyDisabledException;
import software.amazon.awssdk.services.codecommit.model.EncryptionKeyNotFoundException;
import software.amazon.awssdk.services.codecommit.model.EncryptionKeyRequiredException;
import software.amazon.awssdk.services.codecommit.model.InvalidContinuationTokenException;
import software.amazon.awssdk.services.codecommit.model.InvalidOrderException;
import software.amazon.awssdk.services.codecommit.model.InvalidRepositoryDescriptionException;
import software.amazon.awssdk.services.codecommit.model.InvalidRepositoryNameException;
import software.amazon.awssdk.services.codecommit.model.InvalidSortByException;
import software.amazon.awssdk.services.codecommit.model.ListRepositoriesResponse;
import software.amazon.awssdk.services.codecommit.model.MaximumRepositoryNamesExceededException;
import software.amazon.awssdk.services.codecommit.model.OrderEnum;
import software.amazon.awssdk.services.codecommit.model.RepositoryDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.RepositoryMetadata;
import software.amazon.awssdk.services.codecommit.model.RepositoryNameExistsException;
import software.amazon.awssdk.services.codecommit.model.RepositoryNameIdPair;
import software.amazon.awssdk.services.codecommit.model.RepositoryNamesRequiredException;
import software.amazon.awssdk.services.codecommit.model.SortByEnum;
import software.amazon.awssdk.services.codecommit.model.UpdateRepositoryEncryptionKeyResponse;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The saga CodeCommit's encryption guide describes, across all four services: CreateRepository in repo-service,
 * the region's aws/codecommit key from key-service (two replicas), and the CloudTrail records in audit-service.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RepositorySagaIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static CofferStack stack;
    private static String firstRepositoryId;

    @BeforeAll
    static void startStack() throws Exception {
        stack = new CofferStack();
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    private static CodeCommitClient codeCommit(String region) {
        return stack.codeCommit(region, LocalIdentity.credentials());
    }

    private static KmsClient kms(ServiceProcess keyService, String region) {
        return KmsClient.builder().endpointOverride(keyService.uri("/")).region(Region.of(region))
                .credentialsProvider(LocalIdentity.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static JsonNode auditEvents(String query) throws Exception {
        HttpResponse<String> response = new SignedHttp(LocalIdentity.credentials(), "us-east-2", "cloudtrail")
                .send("GET", stack.audit.uri("/v1/events" + query), Map.of(), new byte[0]);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("events");
    }

    @Test
    @Order(1)
    void givenNewRegion_whenCreateRepositoryWithSdk_thenRepositoryUsesTheRegionsManagedKey() throws Exception {
        try (CodeCommitClient client = codeCommit("us-east-2"); KmsClient kms = kms(stack.keyA, "us-east-2")) {
            RepositoryMetadata created = client.createRepository(r -> r.repositoryName("hello-coffer")
                    .repositoryDescription("first repository")).repositoryMetadata();
            firstRepositoryId = created.repositoryId();
            KeyMetadata key = kms.describeKey(r -> r.keyId("alias/aws/codecommit")).keyMetadata();
            assertEquals(key.arn(), created.kmsKeyId());
            assertEquals(KeyManagerType.AWS, key.keyManager());
            assertTrue(created.kmsKeyId().matches("arn:aws:kms:us-east-2:111122223333:key/[0-9a-f-]{36}"));
            assertEquals("https://localhost:" + stack.repo.port() + "/v1/repos/hello-coffer", created.cloneUrlHttp());

            RepositoryMetadata got = client.getRepository(r -> r.repositoryName("hello-coffer")).repositoryMetadata();
            assertEquals(created.repositoryId(), got.repositoryId());
            assertEquals(created.kmsKeyId(), got.kmsKeyId());
            assertEquals("arn:aws:codecommit:us-east-2:111122223333:hello-coffer", got.arn());
        }
    }

    @Test
    @Order(2)
    void given20ConcurrentCreatesInNewRegionAndTwoKeyServices_thenExactlyOneKeySharedByAll() throws Exception {
        String region = "eu-central-2";
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<RepositoryMetadata>> creates = new ArrayList<>();
        try (CodeCommitClient client = codeCommit(region)) {
            for (int i = 0; i < 20; i++) {
                String name = "concurrent-" + i;
                creates.add(pool.submit(() -> client.createRepository(r -> r.repositoryName(name)).repositoryMetadata()));
            }
            Set<String> keys = new HashSet<>();
            for (Future<RepositoryMetadata> create : creates) {
                keys.add(create.get().kmsKeyId());
            }
            assertEquals(1, keys.size(), keys.toString());
        } finally {
            pool.shutdown();
        }
        for (ServiceProcess keyService : List.of(stack.keyA, stack.keyB)) {
            try (KmsClient kms = kms(keyService, region)) {
                assertEquals(1, kms.listAliases(r -> { }).aliases().stream()
                        .filter(a -> a.aliasName().equals("alias/aws/codecommit")).count());
            }
        }
        try (Connection db = stack.connect();
                PreparedStatement keys = db.prepareStatement(
                        "select count(*) from coffer_key.kms_key where region = ? and key_manager = 'AWS'")) {
            keys.setString(1, region);
            try (ResultSet rs = keys.executeQuery()) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
        }
        // the RepositoryCreated events are consumed after the answers went out: wait for all 21 (1 + 20) to be handled
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int handled;
        do {
            handled = processedRepositoryEvents();
            if (handled >= 21) {
                break;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        assertTrue(handled >= 21, "key-service handled " + handled + " of 21 RepositoryCreated events");
    }

    private static int processedRepositoryEvents() throws Exception {
        try (Connection db = stack.connect();
                PreparedStatement processed = db.prepareStatement(
                        "select count(*) from coffer_key.processed_event where consumer = 'key-service.managed-keys'");
                ResultSet rs = processed.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    @Order(3)
    void givenSaga_whenAuditQueriedByRepositoryId_thenCreateRepositoryAndCreateKeyNewestFirst() throws Exception {
        JsonNode events = awaitAudit("?repositoryId=" + firstRepositoryId, 3);
        List<String> names = new ArrayList<>();
        events.forEach(e -> names.add(e.get("eventSource").asText() + ":" + e.get("eventName").asText()));
        assertTrue(names.contains("codecommit.amazonaws.com:CreateRepository"), names.toString());
        assertTrue(names.contains("kms.amazonaws.com:CreateKey"), names.toString());
        JsonNode createKey = find(events, "CreateKey");
        assertEquals("codecommit.amazonaws.com", createKey.get("userIdentity").get("invokedBy").asText());
        assertEquals("admin", createKey.get("userIdentity").get("userName").asText());
        assertEquals("111122223333", createKey.get("accountId").asText());
        assertEquals("us-east-2", createKey.get("region").asText());
        JsonNode createRepository = find(events, "CreateRepository");
        assertEquals(firstRepositoryId, createRepository.get("repositoryId").asText());
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i - 1).get("eventTime").asText().compareTo(events.get(i).get("eventTime").asText()) >= 0);
        }
    }

    @Test
    @Order(4)
    void givenAuditServiceRestartedFromTheBeginningOfTheTopic_thenNoRecordIsStoredTwice() throws Exception {
        int before = storedAuditRecords();
        // the broker is shared with earlier stacks of this test JVM, so the first re-read may add their records;
        // a second re-read of the same topic must add nothing
        int afterFirstReread = rereadAuditTopicFromTheBeginning();
        assertTrue(afterFirstReread >= before);
        assertEquals(afterFirstReread, rereadAuditTopicFromTheBeginning());
    }

    private int rereadAuditTopicFromTheBeginning() throws Exception {
        stack.audit.stop();
        try (Admin admin = Admin.create(adminProps())) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("audit-service")
                    .partitionsToOffsetAndMetadata().get();
            assertTrue(!committed.isEmpty());
            admin.deleteConsumerGroups(List.of("audit-service")).all().get();
        }
        stack.audit.start().awaitReady(Duration.ofSeconds(120));
        awaitGroupCaughtUp("audit-service", "coffer.audit.records");
        return storedAuditRecords();
    }

    @Test
    @Order(2)
    void givenCustomerManagedKey_whenCreateRepositoryWithKmsKeyId_thenMetadataNamesItAndBadKeysAreRefused()
            throws Exception {
        try (CodeCommitClient client = codeCommit("us-east-2"); KmsClient kms = kms(stack.keyA, "us-east-2")) {
            KeyMetadata key = kms.createKey(r -> r.description("team key")).keyMetadata();
            RepositoryMetadata created = client.createRepository(r -> r.repositoryName("customer-keyed")
                    .kmsKeyId(key.keyId())).repositoryMetadata();
            assertEquals(key.arn(), created.kmsKeyId());
            assertEquals(key.arn(), client.getRepository(r -> r.repositoryName("customer-keyed")).repositoryMetadata()
                    .kmsKeyId());

            assertThrows(EncryptionKeyNotFoundException.class, () -> client.createRepository(r -> r
                    .repositoryName("no-such-key").kmsKeyId("alias/no-such-key")));
            String disabled = kms.createKey(r -> r.description("disabled")).keyMetadata().keyId();
            kms.disableKey(r -> r.keyId(disabled));
            assertThrows(EncryptionKeyDisabledException.class, () -> client.createRepository(r -> r
                    .repositoryName("disabled-key").kmsKeyId(disabled)));
            assertThrows(RepositoryDoesNotExistException.class,
                    () -> client.getRepository(r -> r.repositoryName("disabled-key")));

            // a repository on the region's key moves to the customer's key; CodeCommit names the key it left
            String regionKey = client.createRepository(r -> r.repositoryName("moving")).repositoryMetadata()
                    .kmsKeyId();
            UpdateRepositoryEncryptionKeyResponse moved = client.updateRepositoryEncryptionKey(r -> r
                    .repositoryName("moving").kmsKeyId(key.arn()));
            assertEquals(regionKey, moved.originalKmsKeyId());
            assertEquals(key.arn(), moved.kmsKeyId());
            assertEquals(key.arn(), client.getRepository(r -> r.repositoryName("moving")).repositoryMetadata()
                    .kmsKeyId());
            assertThrows(EncryptionKeyDisabledException.class, () -> client.updateRepositoryEncryptionKey(r -> r
                    .repositoryName("moving").kmsKeyId(disabled)));
            assertThrows(EncryptionKeyRequiredException.class, () -> client.updateRepositoryEncryptionKey(r -> r
                    .repositoryName("moving")));
        }
    }

    @Test
    @Order(5)
    void givenWrongSecret_whenCallingAnyService_then403() {
        try (CodeCommitClient client = stack.codeCommit("us-east-2", LocalIdentity.wrongSecret())) {
            CodeCommitException e = assertThrows(CodeCommitException.class,
                    () -> client.getRepository(r -> r.repositoryName("hello-coffer")));
            assertEquals(403, e.statusCode());
        }
    }

    @Test
    @Order(6)
    void givenBlobsMadeBeforeRestart_whenKeyServiceRestarted_thenTheyStillDecrypt() throws Exception {
        software.amazon.awssdk.core.SdkBytes blob;
        try (KmsClient kms = kms(stack.keyA, "us-east-2")) {
            String keyId = kms.createKey(r -> r.description("survives restarts")).keyMetadata().keyId();
            blob = kms.encrypt(r -> r.keyId(keyId).plaintext(software.amazon.awssdk.core.SdkBytes.fromUtf8String("kept"))
                    .encryptionContext(Map.of("aws:codecommit:id", "r"))).ciphertextBlob();
        }
        stack.keyA.stop();
        stack.keyA.start().awaitReady(Duration.ofSeconds(120));
        for (ServiceProcess keyService : List.of(stack.keyA, stack.keyB)) {
            try (KmsClient kms = kms(keyService, "us-east-2")) {
                assertEquals("kept", kms.decrypt(r -> r.ciphertextBlob(blob)
                        .encryptionContext(Map.of("aws:codecommit:id", "r"))).plaintext().asUtf8String());
            }
        }
    }

    private static JsonNode find(JsonNode events, String name) {
        for (JsonNode e : events) {
            if (e.get("eventName").asText().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no " + name + " in " + events);
    }

    private static JsonNode awaitAudit(String query, int atLeast) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode events;
        do {
            events = auditEvents(query);
            if (events.size() >= atLeast) {
                return events;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("audit has " + events.size() + " events for " + query + ": " + events);
    }

    private static int storedAuditRecords() throws Exception {
        try (Connection db = stack.connect();
                ResultSet rs = db.createStatement().executeQuery("select count(*) from coffer_audit.audit_record")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Properties adminProps() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        return props;
    }

    /** Waits until the group's committed offsets reach the end of every partition of the topic. */
    private static void awaitGroupCaughtUp(String group, String topic) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Admin admin = Admin.create(adminProps())) {
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                boolean caughtUp = ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                        || (committed.get(e.getKey()) != null
                                && committed.get(e.getKey()).offset() >= e.getValue().offset()));
                if (caughtUp) {
                    return;
                }
                Thread.sleep(250);
            }
        }
        throw new AssertionError(group + " did not catch up on " + topic);
    }

    @Test
    @Order(7)
    void givenRegionWithKey_whenCreateRepository_thenMetadataNamesKeyAndEventIsPublished() throws Exception {
        String region = "eu-west-3";
        try (CodeCommitClient codeCommit = codeCommit(region)) {
            RepositoryMetadata created = codeCommit.createRepository(r -> r.repositoryName("first-repo")
                    .repositoryDescription("my first")).repositoryMetadata();
            String keyArn = created.kmsKeyId();
            assertTrue(keyArn.startsWith("arn:aws:kms:eu-west-3:111122223333:key/"), keyArn);
            assertEquals("arn:aws:codecommit:eu-west-3:111122223333:first-repo", created.arn());
            assertEquals(LocalIdentity.ACCOUNT_ID, created.accountId());
            assertTrue(created.cloneUrlHttp().endsWith("/v1/repos/first-repo"), created.cloneUrlHttp());
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
    @Order(8)
    void givenRepositories_whenListedBatchGotAndDescribed_thenCodeCommitShapesAndErrors() throws Exception {
        String region = "ap-northeast-3";
        try (CodeCommitClient codeCommit = codeCommit(region)) {
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
            assertEquals(codeCommit.getRepository(r -> r.repositoryName("zeta")).repositoryMetadata().kmsKeyId(),
                    batch.repositories().get(0).kmsKeyId());
            assertEquals(List.of("nope"), batch.repositoriesNotFound());

            assertThrows(RepositoryNamesRequiredException.class,
                    () -> codeCommit.batchGetRepositories(r -> r.repositoryNames(List.of())));
            List<String> tooMany = new ArrayList<>();
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
    @Order(9)
    void givenRepository_whenRenamedThenDeleted_thenNameFreedAndDeleteIsIdempotent() {
        String region = "ca-west-1";
        try (CodeCommitClient codeCommit = codeCommit(region)) {
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

    @Test
    @Order(10)
    void givenRepositoriesAndKeys_whenAnOperatorRebuildsTheReadModels_thenTheyAreAsBefore() throws Exception {
        try (CodeCommitClient codeCommit = codeCommit("ap-south-2")) {
            codeCommit.createRepository(r -> r.repositoryName("kept").repositoryDescription("one"));
            codeCommit.updateRepositoryDescription(r -> r.repositoryName("kept").repositoryDescription("two"));
            codeCommit.createRepository(r -> r.repositoryName("renamed"));
            codeCommit.updateRepositoryName(r -> r.oldName("renamed").newName("was-renamed"));
            codeCommit.createRepository(r -> r.repositoryName("gone"));
            codeCommit.deleteRepository(r -> r.repositoryName("gone"));
        }
        Map<String, String> readModels = Map.of("repositories", """
                select string_agg(concat_ws('|', repository_id, account_id, region, name, description, arn, kms_key_id,
                       creation_date, last_modified), E'\n' order by repository_id) from coffer_repo.repository""",
                "keys", """
                select string_agg(concat_ws('|', key_id, arn, key_state, version, state), E'\n' order by key_id)
                  from coffer_key.kms_key""");
        Map<String, ServiceProcess> owners = Map.of("repositories", stack.repo, "keys", stack.keyA);
        for (Map.Entry<String, String> readModel : readModels.entrySet()) {
            String before = snapshot(readModel.getValue());
            URI rebuild = owners.get(readModel.getKey()).uri("/v1/admin/read-models/" + readModel.getKey()
                    + "/rebuild");
            HttpResponse<String> refused = new SignedHttp(LocalIdentity.developer(), "ap-south-2", "coffer")
                    .send("POST", rebuild, Map.of(), new byte[0]);
            assertEquals("AccessDeniedException", JSON.readTree(refused.body()).path("__type").asText(),
                    refused.body());
            HttpResponse<String> rebuilt = new SignedHttp(LocalIdentity.credentials(), "ap-south-2", "coffer")
                    .send("POST", rebuild, Map.of(), new byte[0]);
            assertEquals(200, rebuilt.statusCode(), rebuilt.body());
            assertTrue(JSON.readTree(rebuilt.body()).path("eventsReplayed").asLong() > 0, rebuilt.body());
            assertEquals(before, snapshot(readModel.getValue()), readModel.getKey() + " differs after the rebuild");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (auditEvents("?eventName=RebuildReadModel").size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(2, auditEvents("?eventName=RebuildReadModel").size(), "the rebuilds' audit records");
    }

    private static String snapshot(String query) throws Exception {
        try (Connection db = stack.connect(); PreparedStatement select = db.prepareStatement(query);
                ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
