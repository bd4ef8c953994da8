package io.coffer.aws.cloudtrail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.kernel.Actor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CloudTrailRecordTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static CloudTrailRecord record(String userAgent) {
        Actor actor = new Actor("IAMUser", "arn:aws:iam::111122223333:user/admin", "111122223333", "admin",
                "AKIAIOSFODNN7EXAMPLE", "203.0.113.9", userAgent, null);
        return CloudTrailRecord.apiCall(UUID.randomUUID(), Instant.now(), actor, "us-east-1", "kms.amazonaws.com",
                "Encrypt", false);
    }

    private static int bytes(JsonNode node) throws Exception {
        return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void givenSmallRequest_whenRecorded_thenKeptAsSent_andNotMarked() {
        ObjectNode request = JSON.createObjectNode().put("keyId", "alias/a").put("note", "caf\u00e9 \ud83d\ude00");
        JsonNode record = record("sdk").requestParameters(request).toJson();
        assertEquals(request, record.get("requestParameters"));
        assertFalse(record.has("omitted"));
    }

    @Test
    void givenOversizedMember_whenRecorded_thenCutToTheLimit_andMarkedOmitted() throws Exception {
        ObjectNode request = JSON.createObjectNode().put("keyId", "alias/a").put("pad", "\u00e9".repeat(300_000));
        JsonNode record = record("sdk").requestParameters(request).toJson();
        assertTrue(record.get("omitted").asBoolean());
        assertEquals("alias/a", record.get("requestParameters").get("keyId").asText());
        assertTrue(bytes(record.get("requestParameters")) <= FieldLimits.STRUCTURE_BYTES);
    }

    @Test
    void givenTooManyMembersToCut_whenRecorded_thenLeftOut_andMarkedOmitted() throws Exception {
        ObjectNode request = JSON.createObjectNode();
        for (int i = 0; i < 200; i++) {
            request.put("m" + i, "x".repeat(1000));
        }
        JsonNode record = record("sdk").requestParameters(request).toJson();
        assertTrue(record.get("omitted").asBoolean());
        assertTrue(record.get("requestParameters").isNull());
    }

    @Test
    void givenNulAndLoneSurrogates_whenRecorded_thenReplaced_soTheStoreCanKeepTheRecord() {
        ObjectNode request = JSON.createObjectNode().put("d\u0000", "a\u0000b\ud800c\ud83d\ude00");
        JsonNode record = record("agent\u0000\udc00").requestParameters(request).error("ValidationException",
                "bad \u0000").toJson();
        String text = record.toString();
        assertFalse(text.contains("\\u0000"), text);
        assertTrue(text.chars().filter(c -> Character.isSurrogate((char) c)).count() == 2, "only the pair is kept: " + text);
        assertEquals("a\uFFFDb\uFFFDc\ud83d\ude00", record.get("requestParameters").get("d\uFFFD").asText());
        assertEquals("agent\uFFFD\uFFFD", record.get("userAgent").asText());
    }

    @Test
    void givenLongUserAgent_whenRecorded_thenCut_andMarkedOmitted() {
        JsonNode record = record("a".repeat(5000)).toJson();
        assertTrue(record.get("userAgent").asText().length() <= FieldLimits.TEXT_CHARS + 3);
        assertTrue(record.get("omitted").asBoolean());
    }

    @Test
    void givenOneResourceTwice_whenRecorded_thenListedOnce() {
        JsonNode record = record("sdk").resource("arn:aws:kms:us-east-1:111122223333:key/k", "AWS::KMS::Key")
                .resource("arn:aws:kms:us-east-1:111122223333:key/k", "AWS::KMS::Key").toJson();
        assertEquals(1, record.get("resources").size());
    }
}
