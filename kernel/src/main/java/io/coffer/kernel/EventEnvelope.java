package io.coffer.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * The one envelope every Coffer event travels in (see design notes, "Events"). The aggregate ID is the Kafka
 * record key, so the events of one aggregate stay in order. Immutable; a change of meaning is a new {@code type},
 * a compatible change bumps {@code schemaVersion}.
 */
public record EventEnvelope(UUID eventId, String type, int schemaVersion, String aggregateType, String aggregateId,
        long aggregateVersion, Instant occurredAt, String accountId, String region, Actor actor, String correlationId,
        JsonNode payload) {

    public EventEnvelope {
        require(eventId, "eventId");
        require(type, "type");
        require(aggregateType, "aggregateType");
        require(aggregateId, "aggregateId");
        require(occurredAt, "occurredAt");
        require(payload, "payload");
        if (schemaVersion < 1) {
            throw new MalformedEventException("schemaVersion must be at least 1");
        }
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw new MalformedEventException("event envelope lacks " + field);
        }
    }
}
