package io.coffer.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.coffer.aws.cloudtrail.CloudTrailRecord;
import io.coffer.events.EventCodec;
import io.coffer.events.Topics;
import io.coffer.kernel.Actor;
import io.coffer.testsupport.KafkaBroker;
import io.coffer.testsupport.KafkaBrokerResource;
import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.InvalidLookupAttributesException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidMaxResultsException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidNextTokenException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidTimeRangeException;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsRequest;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;

/** CloudTrail LookupEvents as the official AWS SDK for Java v2 calls it, over 500 records fed through Kafka. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class LookupEventsTest {

    /** A region of its own, so no other test's records (nor LookupEvents' own records, which are "now") mix in. */
    private static final String REGION = "ap-south-2";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int N = 500;
    private static final String[] OPERATIONS = {"GenerateDataKey", "Decrypt", "Encrypt", "DescribeKey"};
    private static final List<CloudTrailRecord> SENT = new ArrayList<>();

    @TestHTTPResource("/")
    URI endpoint;

    @Inject
    EventCodec codec;

    @Inject
    DataSource db;

    @BeforeEach
    void given500RecordsOfOneRegion() throws Exception {
        if (!SENT.isEmpty()) {
            return;
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            Instant at = T0.plusSeconds(i);
            Actor actor = i % 2 == 0 ? TestRecords.user("alice", "AKIAALICE0000000000" + (i % 4 == 0 ? "1" : "2"))
                    : TestRecords.user("bob", "AKIABOB00000000000001");
            String operation = OPERATIONS[i % OPERATIONS.length];
            CloudTrailRecord record = TestRecords.kmsCall(actor, REGION, "repo-" + (i % 5),
                    "key-" + (i % 3), operation, !"Encrypt".equals(operation) || i % 8 != 2, at);
            SENT.add(record);
            values.add(codec.encode(TestRecords.envelope(record, REGION, at)));
        }
        new TopicProbe(KafkaBroker.bootstrapServers()).sendAll(Topics.AUDIT_RECORDS, LocalIdentity.ACCOUNT_ID, values);
        TestRecords.awaitCount(db, "select count(*) from audit_record where region = '" + REGION
                + "' and event_time < '2026-02-01'", N);
    }

    private CloudTrailClient cloudTrail() {
        return cloudTrail(LocalIdentity.credentials());
    }

    private CloudTrailClient cloudTrail(AwsCredentialsProvider credentials) {
        return CloudTrailClient.builder().endpointOverride(endpoint).region(Region.of(REGION))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Test
    void givenAuditorAndDeveloper_whenLookingUp_thenOnlyThePolicyThatAllowsItReads() {
        try (CloudTrailClient auditor = cloudTrail(LocalIdentity.auditor());
                CloudTrailClient developer = cloudTrail(LocalIdentity.developer())) {
            assertEquals(1, auditor.lookupEvents(inRange().maxResults(1).build()).events().size());
            CloudTrailException denied = assertThrows(CloudTrailException.class,
                    () -> developer.lookupEvents(inRange().maxResults(1).build()));
            assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
            assertEquals("User: arn:aws:iam::111122223333:user/developer is not authorized to perform: "
                    + "cloudtrail:LookupEvents on resource: *", denied.awsErrorDetails().errorMessage());
        }
    }

    private static LookupEventsRequest.Builder inRange() {
        return LookupEventsRequest.builder().startTime(T0).endTime(T0.plusSeconds(N - 1));
    }

    private static List<Event> all(CloudTrailClient client, LookupEventsRequest request) {
        List<Event> events = new ArrayList<>();
        client.lookupEventsPaginator(request).forEach(page -> events.addAll(page.events()));
        return events;
    }

    private static long expected(Predicate<JsonNode> matches) {
        return SENT.stream().map(CloudTrailRecord::toJson).filter(matches::test).count();
    }

    @Test
    void givenN500_whenPagedWith50_thenEveryEventOnceNewestFirst() {
        try (CloudTrailClient client = cloudTrail()) {
            List<String> ids = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                LookupEventsResponse page = client.lookupEvents(inRange().maxResults(50).nextToken(token).build());
                assertTrue(page.events().size() <= 50);
                page.events().forEach(e -> ids.add(e.eventId()));
                token = page.nextToken();
                pages++;
            } while (token != null);
            assertEquals(10, pages);
            assertEquals(N, ids.size());
            assertEquals(N, new HashSet<>(ids).size());
            for (int i = 0; i < N; i++) {
                assertEquals(SENT.get(N - 1 - i).eventId().toString(), ids.get(i));
            }
        }
    }

    @Test
    void givenEvents_whenLookedUp_thenTheyCarryCloudTrailsFields() throws Exception {
        CloudTrailRecord sent = SENT.get(7);
        JsonNode record = sent.toJson();
        try (CloudTrailClient client = cloudTrail()) {
            List<Event> events = client.lookupEvents(LookupEventsRequest.builder().lookupAttributes(
                    attribute(LookupAttributeKey.EVENT_ID, sent.eventId().toString())).build()).events();
            assertEquals(1, events.size());
            Event event = events.get(0);
            assertEquals(record.get("eventName").asText(), event.eventName());
            assertEquals("kms.amazonaws.com", event.eventSource());
            assertEquals("bob", event.username());
            assertEquals("AKIABOB00000000000001", event.accessKeyId());
            assertEquals(T0.plusSeconds(7), event.eventTime());
            assertEquals(Boolean.toString(record.get("readOnly").asBoolean()), event.readOnly());
            assertEquals("AWS::KMS::Key", event.resources().get(0).resourceType());
            assertEquals(TestRecords.keyArn(REGION, "key-1"), event.resources().get(0).resourceName());
            JsonNode cloudTrailEvent = TestRecords.JSON.readTree(event.cloudTrailEvent());
            assertEquals(record, cloudTrailEvent);
        }
    }

    @Test
    void givenEachLookupAttribute_whenLookedUp_thenExactlyTheMatchingEvents() {
        try (CloudTrailClient client = cloudTrail()) {
            assertAll(client, LookupAttributeKey.EVENT_NAME, "Decrypt", r -> r.get("eventName").asText().equals("Decrypt"));
            assertAll(client, LookupAttributeKey.READ_ONLY, "false", r -> !r.get("readOnly").asBoolean());
            assertAll(client, LookupAttributeKey.USERNAME, "alice",
                    r -> r.get("userIdentity").get("userName").asText().equals("alice"));
            assertAll(client, LookupAttributeKey.ACCESS_KEY_ID, "AKIAALICE00000000001",
                    r -> r.get("userIdentity").get("accessKeyId").asText().equals("AKIAALICE00000000001"));
            assertAll(client, LookupAttributeKey.EVENT_SOURCE, "kms.amazonaws.com", r -> true);
            assertAll(client, LookupAttributeKey.RESOURCE_TYPE, "AWS::KMS::Key", r -> true);
            String key2 = TestRecords.keyArn(REGION, "key-2");
            assertAll(client, LookupAttributeKey.RESOURCE_NAME, key2,
                    r -> r.get("resources").get(0).get("ARN").asText().equals(key2));
            assertAll(client, LookupAttributeKey.EVENT_NAME, "NoSuchOperation", r -> false);
        }
    }

    private void assertAll(CloudTrailClient client, LookupAttributeKey key, String value, Predicate<JsonNode> matches) {
        List<Event> found = all(client, inRange().lookupAttributes(attribute(key, value)).build());
        assertEquals(expected(matches), found.size(), key + "=" + value);
        Set<String> ids = new HashSet<>();
        SENT.stream().filter(r -> matches.test(r.toJson())).forEach(r -> ids.add(r.eventId().toString()));
        found.forEach(e -> assertTrue(ids.contains(e.eventId()), key + "=" + value + " found " + e.eventId()));
        for (int i = 1; i < found.size(); i++) {
            assertTrue(!found.get(i - 1).eventTime().isBefore(found.get(i).eventTime()), "newest first");
        }
    }

    @Test
    void givenTimeRange_whenLookedUp_thenOnlyEventsInsideBothEndsInclusive() {
        try (CloudTrailClient client = cloudTrail()) {
            List<Event> events = all(client, LookupEventsRequest.builder()
                    .startTime(T0.plusSeconds(100)).endTime(T0.plusSeconds(199)).build());
            assertEquals(100, events.size());
            assertEquals(T0.plusSeconds(199), events.get(0).eventTime());
            assertEquals(T0.plusSeconds(100), events.get(99).eventTime());
            assertEquals(0, client.lookupEvents(LookupEventsRequest.builder().startTime(T0.minusSeconds(60))
                    .endTime(T0.minusSeconds(1)).build()).events().size());
        }
    }

    @Test
    void givenBadParameters_whenLookedUp_thenCloudTrailsErrors() {
        try (CloudTrailClient client = cloudTrail()) {
            assertThrows(InvalidLookupAttributesException.class, () -> client.lookupEvents(r -> r.lookupAttributes(
                    attribute(LookupAttributeKey.EVENT_NAME, "Decrypt"), attribute(LookupAttributeKey.USERNAME, "bob"))));
            assertThrows(InvalidLookupAttributesException.class, () -> client.lookupEvents(r -> r.lookupAttributes(
                    attribute(LookupAttributeKey.READ_ONLY, "maybe"))));
            assertThrows(InvalidMaxResultsException.class, () -> client.lookupEvents(r -> r.maxResults(51)));
            assertThrows(InvalidMaxResultsException.class, () -> client.lookupEvents(r -> r.maxResults(0)));
            assertThrows(InvalidTimeRangeException.class, () -> client.lookupEvents(r -> r.startTime(T0.plusSeconds(1))
                    .endTime(T0)));
            assertThrows(InvalidNextTokenException.class, () -> client.lookupEvents(r -> r.nextToken("garbage")));
            String token = client.lookupEvents(inRange().maxResults(5).build()).nextToken();
            // a token is valid only with the parameters that produced it
            assertThrows(InvalidNextTokenException.class, () -> client.lookupEvents(inRange().maxResults(5)
                    .lookupAttributes(attribute(LookupAttributeKey.USERNAME, "bob")).nextToken(token).build()));
            assertEquals(5, client.lookupEvents(inRange().maxResults(5).nextToken(token).build()).events().size());
            assertNull(client.lookupEvents(LookupEventsRequest.builder().lookupAttributes(attribute(
                    LookupAttributeKey.EVENT_ID, SENT.get(0).eventId().toString())).build()).nextToken());
        }
    }

    private static LookupAttribute attribute(LookupAttributeKey key, String value) {
        return LookupAttribute.builder().attributeKey(key).attributeValue(value).build();
    }
}
