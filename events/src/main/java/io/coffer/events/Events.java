package io.coffer.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.coffer.kernel.Caller;
import io.coffer.kernel.EventEnvelope;
import io.coffer.kernel.UuidV7;
import java.time.Instant;

/** Builds envelopes for new events. */
public final class Events {

    private Events() {
    }

    /** An envelope for an event caused by an API call of {@code caller}. */
    public static EventEnvelope caused(Caller caller, String type, String aggregateType, String aggregateId,
            long version, JsonNode payload) {
        return new EventEnvelope(UuidV7.next(), type, 1, aggregateType, aggregateId, version, Instant.now(),
                caller.accountId(), caller.region(), caller.actor(), caller.requestId(), payload);
    }
}
