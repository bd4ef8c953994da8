package io.coffer.key.keys;

import io.coffer.events.EventCodec;
import io.coffer.events.EventStore;
import io.coffer.events.Topics;
import io.coffer.events.contract.KeyEvent;
import io.coffer.kernel.Actor;
import io.coffer.kernel.Caller;
import io.coffer.kernel.EventEnvelope;
import io.coffer.kernel.MalformedEventException;
import io.coffer.kernel.UuidV7;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The Key aggregate's repository: loads a key by folding its events, and appends new ones to the event store (and
 * so the outbox) while updating the read model in the same transaction.
 */
@ApplicationScoped
public class Keys {

    private final EventStore store;
    private final EventCodec codec;
    private final KeyProjector projector;

    public Keys(EventStore store, EventCodec codec, KeyProjector projector) {
        this.store = store;
        this.codec = codec;
        this.projector = projector;
    }

    /** The key's current state, folded from its events. */
    @Transactional(Transactional.TxType.MANDATORY)
    public KeyState load(String keyId) {
        KeyState state = null;
        for (EventEnvelope event : store.load(KeyEvent.AGGREGATE, keyId)) {
            state = KeyState.evolve(state, payload(codec, event), event.aggregateVersion());
        }
        if (state == null) {
            throw new IllegalStateException("key " + keyId + " has no events");
        }
        return state;
    }

    /**
     * Appends {@code events} after the key's version {@code state.version()} ({@code null} for a new key); the
     * store refuses them if another writer appended that version first. No events, no change.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public KeyState append(KeyState state, String keyId, Actor actor, String accountId, String region,
            String correlationId, List<? extends KeyEvent> events) {
        if (events.isEmpty()) {
            return state;
        }
        long version = state == null ? 0 : state.version();
        List<EventEnvelope> envelopes = new ArrayList<>(events.size());
        for (KeyEvent event : events) {
            version++;
            envelopes.add(new EventEnvelope(UuidV7.next(), event.getClass().getSimpleName(), 1, KeyEvent.AGGREGATE,
                    keyId, version, Instant.now(), accountId, region, actor, correlationId, codec.toTree(event)));
        }
        store.append(Topics.KEY_EVENTS, envelopes);
        KeyState after = state;
        for (int i = 0; i < events.size(); i++) {
            after = projector.apply(envelopes.get(i), events.get(i), after);
        }
        return after;
    }

    /** Appends events caused by an API call of {@code caller}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public KeyState append(KeyState state, Caller caller, List<? extends KeyEvent> events) {
        return append(state, state.keyId(), caller.actor(), caller.accountId(), caller.region(), caller.requestId(),
                events);
    }

    /** KMS acting as itself (maintenance, replication), as CloudTrail shows AWS service events. */
    public static Actor kms(String accountId) {
        return new Actor("AWSService", null, accountId, null, null, "kms.amazonaws.com", "kms.amazonaws.com", null);
    }

    /** The event an envelope of the Key aggregate carries. */
    static KeyEvent payload(EventCodec codec, EventEnvelope envelope) {
        return KeyEvent.payloadType(envelope.type()).map(type -> codec.payload(envelope, type))
                .orElseThrow(() -> new MalformedEventException("unknown Key event type " + envelope.type()));
    }
}
