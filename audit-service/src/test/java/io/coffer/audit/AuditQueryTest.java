package io.coffer.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.aws.cloudtrail.AuditTrail;
import io.coffer.aws.cloudtrail.CloudTrailRecord;
import io.coffer.events.EventCodec;
import io.coffer.events.Topics;
import io.coffer.events.contract.AliasCreated;
import io.coffer.kernel.Actor;
import io.coffer.kernel.EventEnvelope;
import io.coffer.kernel.UuidV7;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** audit-service's intake from real Kafka into PostgreSQL, and its signed query API. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class AuditQueryTest {

    private static final ObjectMapper JSON = TestRecords.JSON;
    private static final Actor ADMIN = TestRecords.ADMIN;

    @TestHTTPResource("/v1/events")
    URI events;

    @TestHTTPResource("/v1/admin/read-models/audit-index/rebuild")
    URI rebuildIndex;

    @Inject
    javax.sql.DataSource dataSource;

    @Inject
    io.coffer.audit.intake.AuditIndex auditIndex;

    @Inject
    EventCodec codec;

    private final TopicProbe kafka = new TopicProbe(KafkaBroker.bootstrapServers());
    private final SignedHttp signed = new SignedHttp(LocalIdentity.credentials(), "us-east-2", "cloudtrail");

    private EventEnvelope kmsCall(String repositoryId, String eventName, Instant at) {
        return TestRecords.envelope(TestRecords.kmsCall(ADMIN, "us-east-2", repositoryId, "key-a", eventName, false,
                at), "us-east-2", at);
    }

    private JsonNode query(String parameters) throws Exception {
        HttpResponse<String> response = signed.send("GET", URI.create(events + parameters), Map.of(), new byte[0]);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private JsonNode awaitEvents(String repositoryId, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode page;
        do {
            page = query("?repositoryId=" + repositoryId);
            if (page.get("events").size() >= count) {
                return page;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("expected " + count + " events, have " + page.get("events").size());
    }

    @Test
    void givenRecordsOfARepository_whenQueried_thenNewestFirstAndPaged() throws Exception {
        String repositoryId = UUID.randomUUID().toString();
        Instant base = Instant.parse("2026-11-20T10:00:00Z");
        List<EventEnvelope> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            EventEnvelope e = kmsCall(repositoryId, i % 2 == 0 ? "GenerateDataKey" : "Decrypt", base.plusSeconds(i));
            sent.add(e);
            kafka.send(Topics.AUDIT_RECORDS, LocalIdentity.ACCOUNT_ID, codec.encode(e));
        }
        // another repository's record must not show up
        kafka.send(Topics.AUDIT_RECORDS, LocalIdentity.ACCOUNT_ID,
                codec.encode(kmsCall(UUID.randomUUID().toString(), "Decrypt", base)));

        JsonNode all = awaitEvents(repositoryId, 5);
        assertEquals(5, all.get("events").size());
        for (int i = 0; i < 5; i++) {
            JsonNode item = all.get("events").get(i);
            assertEquals(sent.get(4 - i).eventId().toString(), item.get("eventId").asText());
            assertEquals(repositoryId, item.get("repositoryId").asText());
            assertEquals("kms.amazonaws.com", item.get("eventSource").asText());
            assertEquals("codecommit.amazonaws.com", item.get("userIdentity").get("invokedBy").asText());
        }

        JsonNode first = query("?repositoryId=" + repositoryId + "&limit=2");
        assertEquals(2, first.get("events").size());
        JsonNode second = query("?repositoryId=" + repositoryId + "&limit=2&nextToken=" + first.get("nextToken").asText());
        JsonNode third = query("?repositoryId=" + repositoryId + "&limit=2&nextToken=" + second.get("nextToken").asText());
        assertEquals(sent.get(2).eventId().toString(), second.get("events").get(0).get("eventId").asText());
        assertEquals(1, third.get("events").size());
        assertFalse(third.has("nextToken"));

        JsonNode decrypts = query("?repositoryId=" + repositoryId + "&eventName=Decrypt");
        assertEquals(2, decrypts.get("events").size());
    }

    @Test
    void givenCurlSigningTwoParametersInTheOrderItSendsThem_whenQueried_thenAnswered() throws Exception {
        String repositoryId = UUID.randomUUID().toString();
        kafka.send(Topics.AUDIT_RECORDS, LocalIdentity.ACCOUNT_ID,
                codec.encode(kmsCall(repositoryId, "Decrypt", Instant.now())));
        awaitEvents(repositoryId, 1);
        var credentials = LocalIdentity.credentials().resolveCredentials();
        // curl before 8.0 (Debian 12 has 7.88) does not sort the parameters it signs; these are out of order
        Process curl = new ProcessBuilder("curl", "-sS", "--aws-sigv4", "aws:amz:us-east-2:cloudtrail", "--user",
                credentials.accessKeyId() + ":" + credentials.secretAccessKey(), "-w", "\n%{http_code}",
                events + "?repositoryId=" + repositoryId + "&eventName=Decrypt").redirectErrorStream(true).start();
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, curl.waitFor(), output);
        assertTrue(output.endsWith("\n200"), output);
        JsonNode page = JSON.readTree(output.substring(0, output.lastIndexOf('\n')));
        assertEquals(1, page.get("events").size(), output);
    }

    @Test
    void givenStoredRecords_whenTheOperatorDropsAndRebuildsTheIndex_thenItIsAsBefore() throws Exception {
        String repositoryId = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            kafka.send(Topics.AUDIT_RECORDS, LocalIdentity.ACCOUNT_ID,
                    codec.encode(kmsCall(repositoryId, "Decrypt", Instant.now())));
        }
        awaitEvents(repositoryId, 3);
        String before = index();
        try {
            try (var connection = dataSource.getConnection(); var sql = connection.createStatement()) {
                sql.executeUpdate("delete from audit_resource");
                sql.executeUpdate(
                        "update audit_record set event_name = 'Dropped', key_id = null, repository_id = null");
            }
            assertFalse(before.equals(index()));

            HttpResponse<String> refused = new SignedHttp(LocalIdentity.developer(), "us-east-2", "coffer")
                    .send("POST", rebuildIndex, Map.of(), new byte[0]);
            assertEquals("AccessDeniedException", JSON.readTree(refused.body()).path("__type").asText(),
                    refused.body());
            HttpResponse<String> rebuilt = new SignedHttp(LocalIdentity.credentials(), "us-east-2", "coffer")
                    .send("POST", rebuildIndex, Map.of(), new byte[0]);
            assertEquals(200, rebuilt.statusCode(), rebuilt.body());
            assertEquals(before, index());
        } finally {
            // whatever failed above, the other tests find the index whole
            auditIndex.rebuild();
        }
    }

    /** The index as the queries see it: every record's indexed columns and its resource rows. */
    private String index() throws Exception {
        try (var connection = dataSource.getConnection(); var sql = connection.createStatement();
                var records = sql.executeQuery("""
                        select string_agg(concat_ws('|', position, event_time, event_source, event_name, account_id,
                               region, user_name, access_key_id, repository_id, error_code, key_id, read_only),
                               E'\n' order by position) from audit_record""")) {
            records.next();
            String columns = records.getString(1);
            try (var resources = sql.executeQuery("""
                    select string_agg(concat_ws('|', position, account_id, resource_type, resource_name, event_time),
                           E'\n' order by position, resource_type, resource_name) from audit_resource""")) {
                resources.next();
                return columns + "\n--\n" + resources.getString(1);
            }
        }
    }

    @Test
    void givenSameRecordTwice_whenConsumed_thenStoredOnce() throws Exception {
        String repositoryId = UUID.randomUUID().toString();
        EventEnvelope e = kmsCall(repositoryId, "Decrypt", Instant.now());
        kafka.send(Topics.AUDIT_RECORDS, LocalIdentity.ACCOUNT_ID, codec.encode(e));
        kafka.send(Topics.AUDIT_RECORDS, LocalIdentity.ACCOUNT_ID, codec.encode(e));
        EventEnvelope marker = kmsCall(repositoryId, "GenerateDataKey", Instant.now().plusSeconds(1));
        kafka.send(Topics.AUDIT_RECORDS, LocalIdentity.ACCOUNT_ID, codec.encode(marker));
        JsonNode page = awaitEvents(repositoryId, 2);
        Thread.sleep(500);
        assertEquals(2, query("?repositoryId=" + repositoryId).get("events").size(), page.toString());
    }

    @Test
    void givenMalformedRecord_whenConsumed_thenDeadLettered() {
        ObjectNode bad = kmsCall(UUID.randomUUID().toString(), "Decrypt", Instant.now()).payload().deepCopy();
        bad.remove("eventTime");
        EventEnvelope e = new EventEnvelope(UuidV7.next(), AuditTrail.RECORD_TYPE, 1, "Account",
                LocalIdentity.ACCOUNT_ID, 0, Instant.now(), LocalIdentity.ACCOUNT_ID, "us-east-2", ADMIN, "t", bad);
        String value = codec.encode(e);
        kafka.send(Topics.AUDIT_RECORDS, LocalIdentity.ACCOUNT_ID, value);
        List<ConsumerRecord<String, String>> dlq = kafka.readUntil(Topics.AUDIT_RECORDS + ".dlq", Duration.ofSeconds(30),
                seen -> seen.stream().anyMatch(r -> value.equals(r.value())));
        ConsumerRecord<String, String> dead = dlq.stream().filter(r -> value.equals(r.value())).findFirst().orElseThrow();
        assertTrue(new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8)
                .contains("eventTime"));
    }

    @Test
    void givenPresignedUrl_whenQueried_thenAcceptedAndTamperingRejected() throws Exception {
        URI presigned = signed.presign("GET", URI.create(events + "?eventName=Decrypt"), Duration.ofMinutes(5));
        assertTrue(presigned.getQuery().contains("X-Amz-Signature="));
        HttpResponse<String> ok = SignedHttp.sendRaw("GET", presigned, Map.of(), new byte[0]);
        assertEquals(200, ok.statusCode(), ok.body());

        URI tampered = URI.create(presigned.toString().replace("eventName=Decrypt", "eventName=Encrypt"));
        HttpResponse<String> rejected = SignedHttp.sendRaw("GET", tampered, Map.of(), new byte[0]);
        assertEquals(403, rejected.statusCode());
        assertEquals("InvalidSignatureException", JSON.readTree(rejected.body()).get("__type").asText());
    }

    @Test
    void givenDeveloper_whenQueryingTheTrail_thenAccessDenied_andAuditorReads() throws Exception {
        HttpResponse<String> developer = new SignedHttp(LocalIdentity.developer(), "us-east-2", "cloudtrail")
                .send("GET", URI.create(events + "?eventName=Decrypt"), Map.of(), new byte[0]);
        assertEquals(400, developer.statusCode());
        assertEquals("AccessDeniedException", JSON.readTree(developer.body()).get("__type").asText());
        HttpResponse<String> auditor = new SignedHttp(LocalIdentity.auditor(), "us-east-2", "cloudtrail")
                .send("GET", URI.create(events + "?eventName=Decrypt"), Map.of(), new byte[0]);
        assertEquals(200, auditor.statusCode(), auditor.body());
    }

    @Test
    void givenBadRequests_whenQueried_thenAwsShapedErrors() throws Exception {
        HttpResponse<String> unsigned = SignedHttp.sendRaw("GET", events, Map.of(), new byte[0]);
        assertEquals(403, unsigned.statusCode());
        assertEquals("MissingAuthenticationTokenException", JSON.readTree(unsigned.body()).get("__type").asText());

        HttpResponse<String> badToken = signed.send("GET", URI.create(events + "?nextToken=%21%21"), Map.of(),
                new byte[0]);
        assertEquals(400, badToken.statusCode());
        assertEquals("InvalidNextTokenException", JSON.readTree(badToken.body()).get("__type").asText());

        HttpResponse<String> badLimit = signed.send("GET", URI.create(events + "?limit=500"), Map.of(), new byte[0]);
        assertEquals(400, badLimit.statusCode());
        assertEquals("InvalidMaxResultsException", JSON.readTree(badLimit.body()).get("__type").asText());
    }

    @Test
    void givenKeyNamedByAliasArnOrId_whenQueried_thenTheKeysEventsAndKeyUsage() throws Exception {
        String repositoryId = UUID.randomUUID().toString();
        String keyId = UUID.randomUUID().toString();
        String otherKey = UUID.randomUUID().toString();
        Instant at = Instant.parse("2026-11-21T10:00:00Z");
        ObjectNode alias = JSON.createObjectNode().put("aliasName", "alias/team-" + keyId.substring(0, 8))
                .put("creationDate", at.toString());
        kafka.send(Topics.KEY_EVENTS, keyId, codec.encode(new EventEnvelope(UuidV7.next(), AliasCreated.TYPE, 1, "Key",
                keyId, 2, at, LocalIdentity.ACCOUNT_ID, "us-east-2", ADMIN, "test", alias)));
        List<String> values = new ArrayList<>();
        String[] operations = {"GenerateDataKey", "Decrypt", "Decrypt", "Decrypt"};
        for (int i = 0; i < operations.length; i++) {
            CloudTrailRecord call = TestRecords.kmsCall(ADMIN, "us-east-2", repositoryId, keyId, operations[i], true,
                    at.plusSeconds(i));
            if (i == 3) {
                call.error("InvalidCiphertextException", "bad");
            }
            values.add(codec.encode(TestRecords.envelope(call, "us-east-2", at)));
        }
        values.add(codec.encode(TestRecords.envelope(TestRecords.kmsCall(ADMIN, "us-east-2", repositoryId, otherKey,
                "Decrypt", true, at.plusSeconds(9)), "us-east-2", at)));
        kafka.sendAll(Topics.AUDIT_RECORDS, LocalIdentity.ACCOUNT_ID, values);
        awaitEvents(repositoryId, 5);

        String aliasName = alias.get("aliasName").asText();
        for (String key : List.of(keyId, TestRecords.keyArn("us-east-2", keyId), aliasName,
                "arn:aws:kms:us-east-2:111122223333:" + aliasName)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            JsonNode page;
            do {
                page = query("?repositoryId=" + repositoryId + "&keyId=" + key);
            } while (page.get("events").size() < 4 && System.nanoTime() < deadline);
            assertEquals(4, page.get("events").size(), key);
        }
        assertEquals(1, query("?repositoryId=" + repositoryId + "&errorCode=InvalidCiphertextException")
                .get("events").size());
        assertEquals(2, query("?repositoryId=" + repositoryId + "&startTime=2026-11-21T10:00:01Z"
                + "&endTime=2026-11-21T10:00:02Z").get("events").size());
        assertEquals(0, query("?repositoryId=" + repositoryId + "&readOnly=false").get("events").size());
        assertEquals(5, query("?repositoryId=" + repositoryId + "&userName=admin&accessKeyId="
                + LocalIdentity.ACCESS_KEY_ID + "&eventSource=kms.amazonaws.com").get("events").size());
        assertEquals(0, query("?repositoryId=" + repositoryId + "&keyId=alias/nobody").get("events").size());

        HttpResponse<String> usage = signed.send("GET",
                URI.create(events.resolve("/v1/repositories/" + repositoryId + "/key-usage").toString()), Map.of(),
                new byte[0]);
        assertEquals(200, usage.statusCode(), usage.body());
        JsonNode keys = JSON.readTree(usage.body()).get("keys");
        assertEquals(2, keys.size(), keys.toString());
        JsonNode used = keys.get(0).get("keyId").asText().equals(keyId) ? keys.get(0) : keys.get(1);
        assertEquals(TestRecords.keyArn("us-east-2", keyId), used.get("keyArn").asText());
        JsonNode decrypt = used.get("operations").get(0);
        assertEquals("Decrypt", decrypt.get("eventName").asText());
        assertEquals(3, decrypt.get("count").asInt());
        assertEquals(1, decrypt.get("failed").asInt());
        assertEquals("2026-11-21T10:00:01Z", decrypt.get("firstTime").asText());
        assertEquals("2026-11-21T10:00:03Z", decrypt.get("lastTime").asText());
        assertEquals(1, used.get("operations").get(1).get("count").asInt());
    }

    @Test
    void givenBadFilters_whenQueried_thenClearErrors() throws Exception {
        for (String[] bad : new String[][] {{"?repositoryID=x", "ValidationException"},
                {"?readOnly=maybe", "ValidationException"}, {"?startTime=yesterday", "InvalidTimeRangeException"},
                {"?startTime=2026-11-22T00:00:00Z&endTime=2026-11-21T00:00:00Z", "InvalidTimeRangeException"},
                {"?keyId=arn:aws:s3:::bucket", "ValidationException"}}) {
            HttpResponse<String> response = signed.send("GET", URI.create(events + bad[0]), Map.of(), new byte[0]);
            assertEquals(400, response.statusCode(), bad[0] + ": " + response.body());
            assertEquals(bad[1], JSON.readTree(response.body()).get("__type").asText(), bad[0]);
        }
        JsonNode first = query("?limit=1");
        HttpResponse<String> otherQuery = signed.send("GET", URI.create(events + "?limit=1&eventName=Decrypt&nextToken="
                + first.get("nextToken").asText()), Map.of(), new byte[0]);
        assertEquals(400, otherQuery.statusCode());
        assertEquals("InvalidNextTokenException", JSON.readTree(otherQuery.body()).get("__type").asText());
    }
}
