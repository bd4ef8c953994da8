package io.coffer.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.kernel.EventEnvelope;
import io.coffer.kernel.MalformedEventException;
import jakarta.enterprise.context.ApplicationScoped;

/** Envelope to and from its JSON wire form, and payload records to and from JSON trees. */
@ApplicationScoped
public class EventCodec {

    private final ObjectMapper json;

    public EventCodec(ObjectMapper json) {
        this.json = json;
    }

    public String encode(EventEnvelope envelope) {
        try {
            return json.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event " + envelope.eventId() + " cannot be serialized", e);
        }
    }

    /** @throws MalformedEventException if {@code value} is not a complete envelope */
    public EventEnvelope decode(String value) {
        if (value == null) {
            throw new MalformedEventException("record has no value");
        }
        try {
            return json.readValue(value, EventEnvelope.class);
        } catch (MalformedEventException e) {
            throw e;
        } catch (Exception e) {
            throw new MalformedEventException("record is not an event envelope: " + e.getMessage(), e);
        }
    }

    /**
     * The payload of an envelope of {@code type}, read without binding the rest of the envelope: for consumers that
     * need nothing else and read at volume (audit-service's intake).
     *
     * @throws MalformedEventException if {@code value} is not an envelope of that type with an object payload
     */
    public JsonNode payloadOf(String value, String type) {
        if (value == null) {
            throw new MalformedEventException("record is not an event envelope");
        }
        String actualType = null;
        JsonNode payload = null;
        // streamed: only the payload becomes a tree, the rest of the envelope is skipped
        try (JsonParser parser = json.getFactory().createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedEventException("record is not an event envelope");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken next = parser.nextToken();
                if ("type".equals(field)) {
                    actualType = next == JsonToken.VALUE_STRING ? parser.getText() : null;
                } else if ("payload".equals(field)) {
                    payload = json.readTree(parser);
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new MalformedEventException("record is not an event envelope: trailing content");
            }
        } catch (MalformedEventException e) {
            throw e;
        } catch (Exception e) {
            throw new MalformedEventException("record is not an event envelope: " + e.getMessage(), e);
        }
        if (!type.equals(actualType)) {
            throw new MalformedEventException("unexpected event type " + actualType + ", not " + type);
        }
        if (payload == null || !payload.isObject()) {
            throw new MalformedEventException("event envelope lacks payload");
        }
        return payload;
    }

    public JsonNode toTree(Object payload) {
        return json.valueToTree(payload);
    }

    /** @throws MalformedEventException if the payload does not have the shape of {@code type} */
    public <T> T payload(EventEnvelope envelope, Class<T> type) {
        try {
            return json.treeToValue(envelope.payload(), type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedEventException(
                    "payload of " + envelope.type() + " " + envelope.eventId() + " is malformed: " + e.getMessage(), e);
        }
    }
}
