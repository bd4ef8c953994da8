package io.coffer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpsServer;
import io.coffer.events.Topics;
import io.coffer.testsupport.KafkaBroker;
import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.TopicProbe;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.InvalidRepositoryTriggerDestinationArnException;
import software.amazon.awssdk.services.codecommit.model.InvalidRepositoryTriggerEventsException;
import software.amazon.awssdk.services.codecommit.model.InvalidRepositoryTriggerRegionException;
import software.amazon.awssdk.services.codecommit.model.MaximumRepositoryTriggersExceededException;
import software.amazon.awssdk.services.codecommit.model.RepositoryTrigger;
import software.amazon.awssdk.services.codecommit.model.RepositoryTriggerEventEnum;

/**
 * Repository triggers through the official SDK client, delivered to a real HTTPS endpoint: what fires on which ref
 * change, CodeCommit's notification record, the HMAC signature an endpoint checks, the Kafka event each firing is,
 * and TestRepositoryTriggers' answer for a destination that works and one that does not.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RepositoryTriggersIT {

    private static final String REGION = "us-east-1";
    private static final String REPOSITORY = "triggered";
    private static final String BUILDS = "arn:aws:sns:us-east-1:" + LocalIdentity.ACCOUNT_ID + ":builds";
    private static final String BROKEN = "arn:aws:sns:us-east-1:" + LocalIdentity.ACCOUNT_ID + ":broken";
    private static final String SECRET = "webhook-secret-for-the-e2e-test";

    /** A request the endpoint received. */
    private record Delivery(Map<String, List<String>> headers, String body) {

        String header(String name) {
            return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(h -> h.getValue().get(0)).orElse(null);
        }
    }

    private static final BlockingQueue<Delivery> DELIVERIES = new LinkedBlockingQueue<>();
    private static HttpsServer endpoint;
    private static CofferStack stack;
    private static CodeCommitClient codeCommit;
    private static String configurationId;

    @BeforeAll
    static void start() throws Exception {
        LocalTls.install();
        endpoint = LocalTls.httpsServer();
        endpoint.createContext("/hook", exchange -> {
            DELIVERIES.add(new Delivery(Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        endpoint.createContext("/fail", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        endpoint.start();
        String base = "https://127.0.0.1:" + endpoint.getAddress().getPort();
        stack = new CofferStack(Map.of(
                "coffer.repo.triggers.destinations.builds.arn", BUILDS,
                "coffer.repo.triggers.destinations.builds.url", base + "/hook",
                "coffer.repo.triggers.destinations.builds.secret", SECRET,
                "coffer.repo.triggers.destinations.broken.arn", BROKEN,
                "coffer.repo.triggers.destinations.broken.url", base + "/fail",
                "coffer.repo.triggers.destinations.broken.secret", "another-secret"));
        codeCommit = stack.codeCommit(REGION, LocalIdentity.credentials());
        codeCommit.createRepository(r -> r.repositoryName(REPOSITORY));
    }

    @AfterAll
    static void stop() throws Exception {
        if (codeCommit != null) {
            codeCommit.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (endpoint != null) {
            endpoint.stop(0);
        }
    }

    private static RepositoryTrigger trigger(String name, String arn, List<String> branches,
            RepositoryTriggerEventEnum... events) {
        return RepositoryTrigger.builder().name(name).destinationArn(arn).branches(branches).events(events)
                .customData("for " + name).build();
    }

    /** The next delivery, its signature checked as an endpoint would. */
    private static JsonNode next() throws Exception {
        Delivery delivery = DELIVERIES.poll(30, TimeUnit.SECONDS);
        assertNotNull(delivery, "no notification arrived");
        String timestamp = delivery.header("X-Coffer-Timestamp");
        assertTrue(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) < 60, timestamp);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = ("sha256=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + delivery.body())
                .getBytes(StandardCharsets.UTF_8)))).getBytes(StandardCharsets.UTF_8);
        assertTrue(MessageDigest.isEqual(expected, delivery.header("X-Coffer-Signature-256")
                .getBytes(StandardCharsets.UTF_8)), "the signature is the endpoint's key's");
        assertNotNull(delivery.header("X-Coffer-Delivery"));
        return EventRecords.json(delivery.body()).get("Records").get(0);
    }

    @Test
    @Order(1)
    void givenRepository_whenTriggersPutAndRead_thenTheyAreCheckedAndKeptAsGiven() {
        assertThrows(InvalidRepositoryTriggerDestinationArnException.class, () -> codeCommit.putRepositoryTriggers(
                r -> r.repositoryName(REPOSITORY).triggers(trigger("t", "arn:aws:sns:us-east-1:"
                        + LocalIdentity.ACCOUNT_ID + ":unknown", List.of(), RepositoryTriggerEventEnum.ALL))));
        assertThrows(InvalidRepositoryTriggerRegionException.class, () -> codeCommit.putRepositoryTriggers(r -> r
                .repositoryName(REPOSITORY).triggers(trigger("t", "arn:aws:sns:eu-west-1:"
                        + LocalIdentity.ACCOUNT_ID + ":builds", List.of(), RepositoryTriggerEventEnum.ALL))));
        assertThrows(InvalidRepositoryTriggerEventsException.class, () -> codeCommit.putRepositoryTriggers(r -> r
                .repositoryName(REPOSITORY).triggers(trigger("t", BUILDS, List.of(), RepositoryTriggerEventEnum.ALL,
                        RepositoryTriggerEventEnum.CREATE_REFERENCE))));
        assertThrows(MaximumRepositoryTriggersExceededException.class, () -> codeCommit.putRepositoryTriggers(r -> r
                .repositoryName(REPOSITORY).triggers(IntStream.range(0, 11)
                        .mapToObj(i -> trigger("t" + i, BUILDS, List.of(), RepositoryTriggerEventEnum.ALL))
                        .toList())));

        List<RepositoryTrigger> triggers = List.of(
                trigger("main-changes", BUILDS, List.of("main"), RepositoryTriggerEventEnum.ALL),
                trigger("deletions", BUILDS, List.of(), RepositoryTriggerEventEnum.DELETE_REFERENCE));
        configurationId = codeCommit.putRepositoryTriggers(r -> r.repositoryName(REPOSITORY).triggers(triggers))
                .configurationId();
        var read = codeCommit.getRepositoryTriggers(r -> r.repositoryName(REPOSITORY));
        assertEquals(configurationId, read.configurationId());
        assertEquals(triggers, read.triggers());
    }

    @Test
    @Order(2)
    void givenTriggers_whenBranchesChange_thenMatchingTriggersNotifyWithCodeCommitsRecordSigned() throws Exception {
        String first = codeCommit.putFile(r -> r.repositoryName(REPOSITORY).branchName("main")
                .filePath("README.md").fileContent(SdkBytes.fromUtf8String("# triggered\n"))).commitId();
        JsonNode created = next();
        assertEquals("ReferenceChanges", created.get("eventName").asText());
        assertEquals("main-changes", created.get("eventTriggerName").asText());
        assertEquals("for main-changes", created.get("customData").asText());
        assertEquals(configurationId, created.get("eventTriggerConfigId").asText());
        assertEquals("aws:codecommit", created.get("eventSource").asText());
        assertEquals("arn:aws:codecommit:us-east-1:" + LocalIdentity.ACCOUNT_ID + ":" + REPOSITORY,
                created.get("eventSourceARN").asText());
        assertEquals(LocalIdentity.ARN, created.get("userIdentityARN").asText());
        JsonNode reference = created.get("codecommit").get("references").get(0);
        assertEquals("refs/heads/main", reference.get("ref").asText());
        assertEquals(first, reference.get("commit").asText());
        assertTrue(reference.get("created").asBoolean());

        // a branch of its own fires only the deletions trigger, when it goes
        codeCommit.createBranch(r -> r.repositoryName(REPOSITORY).branchName("feature").commitId(first));
        codeCommit.deleteBranch(r -> r.repositoryName(REPOSITORY).branchName("feature"));
        JsonNode deleted = next();
        assertEquals("deletions", deleted.get("eventTriggerName").asText());
        assertEquals("refs/heads/feature", deleted.get("codecommit").get("references").get(0).get("ref").asText());
        assertTrue(deleted.get("codecommit").get("references").get(0).get("deleted").asBoolean());
        assertTrue(DELIVERIES.isEmpty(), "nothing else fired: " + DELIVERIES);

        List<ConsumerRecord<String, String>> fired = new TopicProbe(KafkaBroker.bootstrapServers()).readUntil(
                Topics.TRIGGER_EVENTS, Duration.ofSeconds(30), seen -> seen.size() >= 2);
        assertEquals(List.of("main-changes", "deletions"), fired.stream()
                .map(r -> EventRecords.json(r.value()).get("payload").get("triggerName").asText()).toList());
        for (ConsumerRecord<String, String> record : fired) {
            assertFalse(record.value().contains(SECRET), "a destination's secret in an event");
        }
    }

    @Test
    @Order(3)
    void givenTwoDestinations_whenTested_thenTheWorkingOneSucceedsAndTheOtherIsReportedFailed() throws Exception {
        var result = codeCommit.testRepositoryTriggers(r -> r.repositoryName(REPOSITORY).triggers(
                trigger("works", BUILDS, List.of(), RepositoryTriggerEventEnum.ALL),
                trigger("fails", BROKEN, List.of(), RepositoryTriggerEventEnum.ALL)));
        assertEquals(List.of("works"), result.successfulExecutions());
        assertEquals("fails", result.failedExecutions().get(0).trigger());
        assertTrue(result.failedExecutions().get(0).failureMessage().contains("503"),
                result.failedExecutions().get(0).failureMessage());
        JsonNode test = next();
        assertEquals("TriggerEventTest", test.get("eventName").asText());
        assertEquals("works", test.get("eventTriggerName").asText());
    }
}
