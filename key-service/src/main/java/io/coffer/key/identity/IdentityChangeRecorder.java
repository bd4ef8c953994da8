package io.coffer.key.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.aws.identity.Identities.IdentitiesLoaded;
import io.coffer.aws.identity.IdentityDirectory;
import io.coffer.events.ConcurrentAppendException;
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
import jakarta.persistence.EntityManager;
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

    private final EntityManager em;
    private final EventStore store;
    private final EventCodec codec;
    private final ObjectMapper json;

    public IdentityChangeRecorder(EntityManager em, EventStore store, EventCodec codec, ObjectMapper json) {
        this.em = em;
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
            em.createNativeQuery("""
                    insert into identity_record (id, aggregate_version, directory_version) values (1, 0, '')
                    on conflict do nothing""").executeUpdate();
            Object[] state = (Object[]) em.createNativeQuery(
                    "select aggregate_version, directory_version from identity_record where id = 1 for update")
                    .getSingleResult();
            long version = ((Number) state[0]).longValue();
            if (directory.version().equals(state[1])) {
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
            em.createNativeQuery("delete from identity_entity").executeUpdate();
            for (Map.Entry<Key, Entity> entity : current.entrySet()) {
                em.createNativeQuery("insert into identity_entity (kind, name, fingerprint, payload) values (?1, ?2, ?3, ?4)")
                        .setParameter(1, entity.getKey().kind().label)
                        .setParameter(2, entity.getKey().name())
                        .setParameter(3, entity.getValue().fingerprint())
                        .setParameter(4, json.writeValueAsString(entity.getValue().payload()))
                        .executeUpdate();
            }
            em.createNativeQuery("update identity_record set aggregate_version = ?1, directory_version = ?2 where id = 1")
                    .setParameter(1, version).setParameter(2, directory.version()).executeUpdate();
            if (!events.isEmpty()) {
                LOG.infof("Recorded %d identity changes (identities version %s)", events.size(), directory.version());
            }
            return events.size();
        });
    }

    private Map<Key, Entity> recorded() throws JsonProcessingException {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select kind, name, fingerprint, payload from identity_entity")
                .getResultList();
        Map<Key, Entity> recorded = new HashMap<>();
        for (Object[] row : rows) {
            recorded.put(new Key(IdentityEntities.Kind.labelled((String) row[0]), (String) row[1]),
                    new Entity((String) row[2], json.readValue((String) row[3], IdentityChanged.class)));
        }
        return recorded;
    }
}
