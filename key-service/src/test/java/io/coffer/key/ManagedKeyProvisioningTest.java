package io.coffer.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.events.Database;
import io.coffer.events.EventCodec;
import io.coffer.events.Topics;
import io.coffer.events.contract.KeyProvisioned;
import io.coffer.events.contract.RepositoryCreated;
import io.coffer.kernel.Actor;
import io.coffer.kernel.EventEnvelope;
import io.coffer.kernel.UuidV7;
import io.coffer.testsupport.KafkaBroker;
import io.coffer.testsupport.KafkaBrokerResource;
import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/** key-service's step of the repository saga, driven through real Kafka, observed through the AWS SDK KMS client. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class ManagedKeyProvisioningTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Actor ADMIN = new Actor("IAMUser", "arn:aws:iam::111122223333:user/admin",
            LocalIdentity.ACCOUNT_ID, "admin", LocalIdentity.ACCESS_KEY_ID, "127.0.0.1", "test", null);

    @TestHTTPResource("/")
    URI endpoint;

    @Inject
    EventCodec codec;

    @Inject
    Database database;

    private final TopicProbe kafka = new TopicProbe(KafkaBroker.bootstrapServers());

    private EventEnvelope repositoryCreated(String region, String name) {
        String id = UUID.randomUUID().toString();
        RepositoryCreated created = new RepositoryCreated(id, name, null,
                "arn:aws:codecommit:" + region + ":111122223333:" + name, LocalIdentity.ACCOUNT_ID, region, Map.of(),
                Instant.now(), null);
        return new EventEnvelope(UuidV7.next(), RepositoryCreated.TYPE, 1, RepositoryCreated.AGGREGATE, id, 1,
                Instant.now(), LocalIdentity.ACCOUNT_ID, region, ADMIN, "req-" + id, codec.toTree(created));
    }

    /** A RepositoryCreated envelope in its wire form, for tests that start the saga. */
    static String repositoryCreatedJson(String region) {
        String id = UUID.randomUUID().toString();
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"RepositoryCreated\",\"schemaVersion\":1,"
                + "\"aggregateType\":\"Repository\",\"aggregateId\":\"" + id + "\",\"aggregateVersion\":1,"
                + "\"occurredAt\":\"2026-11-25T19:00:00Z\",\"accountId\":\"111122223333\",\"region\":\"" + region
                + "\",\"actor\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/admin\","
                + "\"accountId\":\"111122223333\",\"userName\":\"admin\",\"accessKeyId\":\"AKIAIOSFODNN7EXAMPLE\"},"
                + "\"correlationId\":\"t\",\"payload\":{\"repositoryId\":\"" + id + "\",\"repositoryName\":\"r\","
                + "\"arn\":\"arn:aws:codecommit:" + region + ":111122223333:r\",\"accountId\":\"111122223333\","
                + "\"region\":\"" + region + "\",\"creationDate\":\"2026-11-25T19:00:00Z\"}}";
    }

    private KmsClient kms(String region) {
        return KmsClient.builder().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(LocalIdentity.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static List<JsonNode> provisionedIn(List<ConsumerRecord<String, String>> records, String region) {
        List<JsonNode> found = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            try {
                JsonNode event = JSON.readTree(r.value());
                if (KeyProvisioned.TYPE.equals(event.path("type").asText())
                        && region.equals(event.path("region").asText())) {
                    found.add(event);
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return found;
    }

    @Test
    void given20ConcurrentRepositoriesInNewRegion_whenConsumed_thenExactlyOneManagedKey() throws Exception {
        String region = "ap-southeast-4";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> sends = new ArrayList<>();
        List<UUID> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            EventEnvelope event = repositoryCreated(region, "repo-" + i);
            sent.add(event.eventId());
            sends.add(pool.submit(() -> kafka.send(Topics.REPOSITORY_EVENTS, event.aggregateId(), codec.encode(event))));
        }
        for (Future<?> send : sends) {
            send.get();
        }
        pool.shutdown();

        // wait until all 20 were consumed, then check that only one key came of them
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (processed(sent) < 20 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(20, processed(sent));
        List<JsonNode> provisioned = provisionedIn(kafka.readUntil(Topics.KEY_EVENTS, Duration.ofSeconds(20),
                seen -> !provisionedIn(seen, region).isEmpty()), region);
        assertEquals(1, provisioned.size());
        JsonNode payload = provisioned.get(0).get("payload");
        assertEquals("AWS", payload.get("keyManager").asText());
        assertEquals("codecommit.amazonaws.com", provisioned.get(0).get("actor").get("invokedBy").asText());

        try (KmsClient kms = kms(region)) {
            KeyMetadata key = kms.describeKey(r -> r.keyId("alias/aws/codecommit")).keyMetadata();
            assertEquals(payload.get("arn").asText(), key.arn());
            assertEquals(KeyManagerType.AWS, key.keyManager());
            assertTrue(key.enabled());
            assertEquals(1, kms.listAliases(r -> r.keyId(key.keyId())).aliases().size());
            KeyMetadata byArn = kms.describeKey(r -> r.keyId(key.arn())).keyMetadata();
            assertEquals(key.keyId(), byArn.keyId());
        }
        long keys = database.first("select count(*) from kms_key where region = ?", row -> row.getLong(1), region)
                .orElseThrow();
        assertEquals(1, keys);
        byte[] wrapped = database.first("select wrapped from key_material where key_id = cast(? as uuid)",
                row -> row.getBytes(1), payload.get("keyId").asText()).orElseThrow();
        assertEquals(12 + 32 + 16, wrapped.length);

        List<ConsumerRecord<String, String>> audit = kafka.readUntil(Topics.AUDIT_RECORDS, Duration.ofSeconds(20),
                seen -> seen.stream().anyMatch(r -> r.value().contains("\"CreateKey\"")
                        && r.value().contains(payload.get("arn").asText())));
        JsonNode createKey = JSON.readTree(audit.stream().filter(r -> r.value().contains("\"CreateKey\"")
                && r.value().contains(payload.get("arn").asText())).findFirst().orElseThrow().value()).get("payload");
        assertEquals("kms.amazonaws.com", createKey.get("eventSource").asText());
        assertEquals("codecommit.amazonaws.com", createKey.get("userIdentity").get("invokedBy").asText());
        assertEquals(payload.get("triggeredByRepositoryId").asText(),
                createKey.get("additionalEventData").get("repositoryId").asText());
    }

    private int processed(List<UUID> eventIds) {
        return database.first("select count(*) from processed_event "
                + "where consumer = 'key-service.managed-keys' and event_id = any(?)",
                row -> row.getInt(1), (Object) eventIds.toArray(UUID[]::new)).orElseThrow();
    }

    @Test
    void givenSameEventDeliveredTwice_whenConsumed_thenAppliedOnce() throws Exception {
        String region = "ca-west-1";
        EventEnvelope event = repositoryCreated(region, "dup");
        kafka.send(Topics.REPOSITORY_EVENTS, event.aggregateId(), codec.encode(event));
        kafka.send(Topics.REPOSITORY_EVENTS, event.aggregateId(), codec.encode(event));
        EventEnvelope marker = repositoryCreated(region, "after");
        kafka.send(Topics.REPOSITORY_EVENTS, event.aggregateId(), codec.encode(marker));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && count(marker.eventId()) == 0) {
            Thread.sleep(100);
        }
        assertEquals(1, count(marker.eventId()));
        assertEquals(1, count(event.eventId()));
    }

    private int count(UUID eventId) {
        return database.first("select count(*) from processed_event where event_id = ?", row -> row.getInt(1), eventId)
                .orElseThrow();
    }

    @Test
    void givenPoisonRecord_whenConsumed_thenDeadLetteredWithReason() {
        String poison = "{\"this is\": \"not an envelope\", \"id\": \"" + UUID.randomUUID() + "\"}";
        kafka.send(Topics.REPOSITORY_EVENTS, "poison", poison);
        List<ConsumerRecord<String, String>> dlq = kafka.readUntil(Topics.REPOSITORY_EVENTS + ".dlq",
                Duration.ofSeconds(30), seen -> seen.stream().anyMatch(r -> poison.equals(r.value())));
        ConsumerRecord<String, String> dead = dlq.stream().filter(r -> poison.equals(r.value())).findFirst().orElseThrow();
        String reason = new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
        assertTrue(reason.contains("event envelope"), reason);
    }

    @Test
    void givenUnknownAlias_whenDescribeKey_thenNotFound() {
        try (KmsClient kms = kms("sa-east-1")) {
            NotFoundException e = org.junit.jupiter.api.Assertions.assertThrows(NotFoundException.class,
                    () -> kms.describeKey(r -> r.keyId("alias/aws/codecommit")));
            assertFalse(e.getMessage().isEmpty());
        }
    }
}
