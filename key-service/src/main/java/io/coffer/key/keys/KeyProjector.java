package io.coffer.key.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.events.EventCodec;
import io.coffer.events.EventStore;
import io.coffer.events.RebuildableReadModel;
import io.coffer.events.contract.AliasCreated;
import io.coffer.events.contract.AliasDeleted;
import io.coffer.events.contract.AliasUpdated;
import io.coffer.events.contract.KeyEvent;
import io.coffer.events.contract.KeyProvisioned;
import io.coffer.kernel.EventEnvelope;
import io.coffer.key.KeyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Applies Key events to the read model ({@code kms_key} with the folded {@link KeyState}, and {@code kms_alias}),
 * in the transaction that stores them; {@link #rebuild} drops the read model and replays the event store.
 */
@ApplicationScoped
public class KeyProjector implements RebuildableReadModel {

    private final EventCodec codec;
    private final EntityManager em;
    private final ObjectMapper json;
    private final EventStore store;
    private final DataSource dataSource;
    private final TransactionSynchronizationRegistry transactions;
    private final Duration cacheTtl;
    private final int readTimeoutSeconds;
    private final ConcurrentHashMap<UUID, Cached> cache = new ConcurrentHashMap<>();

    public KeyProjector(EventCodec codec, EntityManager em, ObjectMapper json, EventStore store, DataSource dataSource,
            TransactionSynchronizationRegistry transactions, KeyConfig config) {
        this.codec = codec;
        this.em = em;
        this.json = json;
        this.store = store;
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.cacheTtl = config.stateCacheTtl();
        this.readTimeoutSeconds = KmsErrors.timeoutSeconds(config.readTimeout());
    }

    /** Applies an event read from the store; the key's previous state comes from the read model. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(EventEnvelope event) {
        if (!KeyEvent.AGGREGATE.equals(event.aggregateType())) {
            return;
        }
        KeyEvent payload = Keys.payload(codec, event);
        apply(event, payload, payload instanceof KeyProvisioned ? null : find(event.aggregateId()).orElseThrow());
    }

    /**
     * Applies an event whose previous state the caller already holds (the aggregate that just decided it), so the
     * read model is not read back; returns the state after the event.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public KeyState apply(EventEnvelope event, KeyEvent payload, KeyState before) {
        KeyState after = KeyState.evolve(before, payload, event.aggregateVersion());
        upsert(after);
        cache.remove(UUID.fromString(after.keyId()));
        if (payload instanceof KeyProvisioned p && p.aliasName() != null) {
            putAlias(after, p.aliasName(), p.creationDate());
        } else if (payload instanceof AliasCreated a) {
            putAlias(after, a.aliasName(), a.creationDate());
        } else if (payload instanceof AliasUpdated a) {
            // UpdateAlias appends AliasDeleted to the old key first, so the row is re-created for the new one
            em.createNativeQuery("""
                    insert into kms_alias (account_id, region, alias_name, key_id, creation_date, last_updated_date)
                    values (?1, ?2, ?3, ?4, ?5, ?5) on conflict (account_id, region, alias_name)
                    do update set key_id = excluded.key_id, last_updated_date = excluded.last_updated_date""")
                    .setParameter(1, after.accountId())
                    .setParameter(2, after.region())
                    .setParameter(3, a.aliasName())
                    .setParameter(4, UUID.fromString(after.keyId()))
                    .setParameter(5, Timestamp.from(a.updateDate()))
                    .executeUpdate();
        } else if (payload instanceof AliasDeleted a) {
            em.createNativeQuery("delete from kms_alias where account_id = ?1 and region = ?2 and alias_name = ?3")
                    .setParameter(1, after.accountId())
                    .setParameter(2, after.region())
                    .setParameter(3, a.aliasName())
                    .executeUpdate();
        } else if (KeyStatus.DELETED.equals(after.keyState())) {
            em.createNativeQuery("delete from kms_alias where key_id = ?1")
                    .setParameter(1, UUID.fromString(after.keyId())).executeUpdate();
        }
        return after;
    }

    /**
     * The key's state as of its last event, if it exists. Reads outside a transaction (the cryptographic operations)
     * may be served from a cache of at most {@code coffer.key.state-cache-ttl} age; this replica's own changes evict
     * at once, another replica's are seen within that time. Reads inside a transaction always go to the database.
     */
    public Optional<KeyState> find(String keyId) {
        UUID id;
        try {
            id = UUID.fromString(keyId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        boolean cacheable = transactions.getTransactionStatus() == Status.STATUS_NO_TRANSACTION;
        if (cacheable) {
            Cached cached = cache.get(id);
            if (cached != null && System.nanoTime() - cached.loadedAt < cacheTtl.toNanos()) {
                return Optional.of(cached.state);
            }
        }
        // plain JDBC: a Hibernate native query asks the driver for column metadata, a catalog round trip per call
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select cast(state as text) from kms_key where key_id = ?")) {
            select.setQueryTimeout(readTimeoutSeconds);
            select.setObject(1, id);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                KeyState state = read(rs.getString(1));
                if (cacheable) {
                    cache.put(id, new Cached(state, System.nanoTime()));
                }
                return Optional.of(state);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read key " + keyId, e);
        }
    }

    private record Cached(KeyState state, long loadedAt) {
    }

    /** The ID of the key an alias points at, if the alias exists. */
    public Optional<String> aliasTarget(String accountId, String region, String aliasName) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select cast(key_id as text) from kms_alias where account_id = ? and region = ? and alias_name = ?")) {
            select.setQueryTimeout(readTimeoutSeconds);
            select.setString(1, accountId);
            select.setString(2, region);
            select.setString(3, aliasName);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read alias " + aliasName, e);
        }
    }

    @Override
    public String name() {
        return "keys";
    }

    /** Drops the read model and replays the event store into it; returns how many events were replayed. */
    @Override
    @Transactional
    public long rebuild() {
        em.createNativeQuery("delete from kms_alias").executeUpdate();
        em.createNativeQuery("delete from kms_key").executeUpdate();
        cache.clear();
        return store.replay(this::apply);
    }

    private void upsert(KeyState state) {
        em.createNativeQuery("""
                insert into kms_key (key_id, arn, account_id, region, key_manager, key_state, key_spec, key_usage,
                                     origin, description, creation_date, state, version)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'AWS_KMS', ?9, ?10, cast(?11 as jsonb), ?12)
                on conflict (key_id) do update set key_state = excluded.key_state, description = excluded.description,
                    state = excluded.state, version = excluded.version""")
                .setParameter(1, UUID.fromString(state.keyId()))
                .setParameter(2, state.arn())
                .setParameter(3, state.accountId())
                .setParameter(4, state.region())
                .setParameter(5, state.keyManager())
                .setParameter(6, state.keyState().wireName())
                .setParameter(7, state.keySpec())
                .setParameter(8, state.keyUsage())
                .setParameter(9, state.description() == null ? "" : state.description())
                .setParameter(10, Timestamp.from(state.creationDate()))
                .setParameter(11, write(state))
                .setParameter(12, state.version())
                .executeUpdate();
    }

    private void putAlias(KeyState key, String aliasName, Instant created) {
        em.createNativeQuery("""
                insert into kms_alias (account_id, region, alias_name, key_id, creation_date, last_updated_date)
                values (?1, ?2, ?3, ?4, ?5, ?5) on conflict (account_id, region, alias_name) do nothing""")
                .setParameter(1, key.accountId())
                .setParameter(2, key.region())
                .setParameter(3, aliasName)
                .setParameter(4, UUID.fromString(key.keyId()))
                .setParameter(5, Timestamp.from(created))
                .executeUpdate();
    }

    private String write(KeyState state) {
        try {
            return json.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("key state cannot be serialized", e);
        }
    }

    private KeyState read(String row) {
        try {
            return json.readValue(row, KeyState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("key state row is corrupt", e);
        }
    }
}
