package io.coffer.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.coffer.kernel.Caller;
import io.coffer.kernel.EventEnvelope;
import io.coffer.kernel.UuidV7;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds envelopes for new events. */
public final class Events {

    private Events() {
    }

    /**
     * Envelopes for the events an API call of {@code caller} caused on one aggregate, numbered after the
     * {@code version} events its stream holds; each event's type is its record's simple name, as the contracts name
     * them.
     */
    public static List<EventEnvelope> caused(Caller caller, String aggregateType, String aggregateId, long version,
            List<?> events, EventCodec codec) {
        List<EventEnvelope> envelopes = new ArrayList<>(events.size());
        long next = version;
        for (Object event : events) {
            envelopes.add(caused(caller, event.getClass().getSimpleName(), aggregateType, aggregateId, ++next,
                    codec.toTree(event)));
        }
        return envelopes;
    }

    /** An envelope for an event caused by an API call of {@code caller}. */
    public static EventEnvelope caused(Caller caller, String type, String aggregateType, String aggregateId,
            long version, JsonNode payload) {
        return new EventEnvelope(UuidV7.next(), type, 1, aggregateType, aggregateId, version, Instant.now(),
                caller.accountId(), caller.region(), caller.actor(), caller.requestId(), payload);
    }
}
