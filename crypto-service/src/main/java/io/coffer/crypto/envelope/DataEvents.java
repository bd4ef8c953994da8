package io.coffer.crypto.envelope;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.events.ConcurrentAppendException;
import io.coffer.events.EventStore;
import io.coffer.events.Events;
import io.coffer.events.Topics;
import io.coffer.events.contract.DataDecrypted;
import io.coffer.events.contract.DataEncrypted;
import io.coffer.kernel.Caller;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Appends DataEncrypted / DataDecrypted to the event store and outbox, each in its own transaction. */
@ApplicationScoped
public class DataEvents {

    private final EventStore store;
    private final ObjectMapper json;
    /** (message, session) pairs this replica recorded lately, so further runs of a session skip the database. */
    private final Map<String, Boolean> recorded = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > 10_000;
                }
            });

    public DataEvents(EventStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    void encrypted(Caller caller, DataEncrypted event) {
        QuarkusTransaction.requiringNew().run(() -> store.append(Topics.CRYPTO_EVENTS, key(event.repositoryId(),
                event.messageId()), List.of(Events.caused(caller, DataEncrypted.TYPE, DataEncrypted.AGGREGATE,
                        event.messageId(), 1, json.valueToTree(event)))));
    }

    /** Records the first read of a message in a session; later reads of that session are already recorded. */
    void decrypted(Caller caller, DataDecrypted event) {
        String stream = event.messageId() + "/" + event.session();
        if (recorded.containsKey(stream)) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> store.append(Topics.CRYPTO_EVENTS, key(event.repositoryId(),
                    event.messageId()), List.of(Events.caused(caller, DataDecrypted.TYPE, DataDecrypted.AGGREGATE,
                            stream, 1, json.valueToTree(event)))));
            recorded.put(stream, Boolean.TRUE);
        } catch (ConcurrentAppendException alreadyRecorded) {
            // the (message, session) stream has its one event: this is a further frame run of the same session
        }
    }

    private static String key(String repositoryId, String messageId) {
        return repositoryId != null ? repositoryId : messageId;
    }
}
