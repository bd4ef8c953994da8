package io.coffer.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reading the event envelopes and CloudTrail records the tests see on Kafka. */
final class EventRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventRecords() {
    }

    static JsonNode json(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The payloads of the envelopes seen. */
    static List<JsonNode> payloads(List<ConsumerRecord<String, String>> seen) {
        return seen.stream().map(r -> json(r.value()).path("payload")).toList();
    }

    /** The CloudTrail records seen of calls named {@code eventName}. */
    static List<JsonNode> named(List<ConsumerRecord<String, String>> seen, String eventName) {
        return payloads(seen).stream().filter(p -> eventName.equals(p.path("eventName").asText())).toList();
    }

    /** As {@link #named}, of calls on one repository (by the ID in additionalEventData). */
    static List<JsonNode> ofRepository(List<ConsumerRecord<String, String>> seen, String eventName,
            String repositoryId) {
        return named(seen, eventName).stream()
                .filter(p -> repositoryId.equals(p.path("additionalEventData").path("repositoryId").asText()))
                .toList();
    }
}
