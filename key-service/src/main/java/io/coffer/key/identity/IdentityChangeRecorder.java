package io.coffer.key.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.aws.identity.Identities.IdentitiesLoaded;
import io.coffer.aws.identity.IdentityDirectory;
import io.coffer.events.ConcurrentAppendException;
import io.coffer.events.Database;
import io.coffer.events.EventCodec;
import io.coffer.events.EventStore;
import io.coffer.events.Topics;
import io.coffer.kernel.Actor;
import io.coffer.kernel.EventEnvelope;
import io.coffer.kernel.UuidV7;
import io.coffer.key.identity.IdentityChangeDecider.Change;
import io.coffer.key.identity.IdentityEntities.Entity;
import io.coffer.key.identity.IdentityEntities.Key;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Records every change of the identities in force as events of the {@code IdentityDirectory} aggregate
 * ({@code UserCreated}, {@code AccessKeyCreated}, {@code PolicyAttached} …) on {@code coffer.identity.events}, in
 * one transaction with the outbox. key-service is the one writer: every replica sees the same file, the first to
 * record a version wins (a row lock and the aggregate's version make it exactly once) and the others find it
 * recorded.
 */
@ApplicationScoped
public class IdentityChangeRecorder {

    static final String AGGREGATE_TYPE = "IdentityDirectory";
    static final String AGGREGATE_ID = "identities";
    private static final Logger LOG = Logger.getLogger(IdentityChangeRecorder.class);
    /** The identities file is the cause: no principal made these changes through an API. */
    private static final Actor FILE = new Actor("IdentitiesFile", null, null, null, null, null, null, null);

    private final Database database;
    private final EventStore store;
    private final EventCodec codec;
    private final ObjectMapper json;

    public IdentityChangeRecorder(Database database, EventStore store, EventCodec codec, ObjectMapper json) {
        this.database = database;
        this.store = store;
        this.codec = codec;
        this.json = json;
    }

    void onLoaded(@Observes IdentitiesLoaded loaded) {
        try {
            record(loaded.directory());
        } catch (ConcurrentAppendException raced) {
            // another replica recorded a version at the same moment: compare with what it recorded
            record(loaded.directory());
        }
    }

    /** @return the number of events recorded */
    int record(IdentityDirectory directory) {
        return QuarkusTransaction.requiringNew().call(() -> {
            database.update("""
                    insert into identity_record (id, aggregate_version, directory_version) values (1, 0, '')
                    on conflict do nothing""");
            Recorded state = database.first(
                    "select aggregate_version, directory_version from identity_record where id = 1 for update",
                    row -> new Recorded(row.getLong(1), row.getString(2))).orElseThrow();
            long version = state.aggregateVersion();
            if (directory.version().equals(state.directoryVersion())) {
                return 0;
            }
            Map<Key, Entity> recorded = recorded();
            Map<Key, Entity> current = IdentityEntities.of(directory);
            List<Change> changes = IdentityChangeDecider.decide(recorded, current, directory.version());
            List<EventEnvelope> events = new ArrayList<>(changes.size());
            Instant now = Instant.now();
            for (Change change : changes) {
                events.add(new EventEnvelope(UuidV7.next(), change.type(), 1, AGGREGATE_TYPE, AGGREGATE_ID, ++version,
                        now, change.payload().accountId(), null, FILE, directory.version(),
                        codec.toTree(change.payload())));
            }
            store.append(Topics.IDENTITY_EVENTS, events);
            database.update("delete from identity_entity");
            for (Map.Entry<Key, Entity> entity : current.entrySet()) {
                database.update("insert into identity_entity (kind, name, fingerprint, payload) values (?, ?, ?, ?)",
                        entity.getKey().kind().label, entity.getKey().name(), entity.getValue().fingerprint(),
                        json.writeValueAsString(entity.getValue().payload()));
            }
            database.update("update identity_record set aggregate_version = ?, directory_version = ? where id = 1",
                    version, directory.version());
            if (!events.isEmpty()) {
                LOG.infof("Recorded %d identity changes (identities version %s)", events.size(), directory.version());
            }
            return events.size();
        });
    }

    private Map<Key, Entity> recorded() throws JsonProcessingException {
        List<String[]> rows = database.list("select kind, name, fingerprint, payload from identity_entity",
                row -> new String[] {row.getString(1), row.getString(2), row.getString(3), row.getString(4)});
        Map<Key, Entity> recorded = new HashMap<>();
        for (String[] row : rows) {
            recorded.put(new Key(IdentityEntities.Kind.labelled(row[0]), row[1]),
                    new Entity(row[2], json.readValue(row[3], IdentityChanged.class)));
        }
        return recorded;
    }

    /** The identities version last recorded, and the aggregate version it reached. */
    private record Recorded(long aggregateVersion, String directoryVersion) {
    }
}
