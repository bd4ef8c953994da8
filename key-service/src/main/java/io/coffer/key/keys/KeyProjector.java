package io.coffer.key.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.events.Database;
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
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies Key events to the read model ({@code kms_key} with the folded {@link KeyState}, and {@code kms_alias}),
 * in the transaction that stores them; {@link #rebuild} drops the read model and replays the event store.
 */
@ApplicationScoped
public class KeyProjector implements RebuildableReadModel {

    private static final int MAX_CACHED_IDS = 10_000;

    private final EventCodec codec;
    private final Database database;
    private final ObjectMapper json;
    private final EventStore store;
    private final TransactionSynchronizationRegistry transactions;
    private final Duration cacheTtl;
    private final int readTimeoutSeconds;
    private final ConcurrentHashMap<UUID, Cached> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> idsByArn = new ConcurrentHashMap<>();

    public KeyProjector(EventCodec codec, Database database, ObjectMapper json, EventStore store,
            TransactionSynchronizationRegistry transactions, KeyConfig config) {
        this.codec = codec;
        this.database = database;
        this.json = json;
        this.store = store;
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
            database.update("""
                    insert into kms_alias (account_id, region, alias_name, key_id, creation_date, last_updated_date)
                    values (?, ?, ?, ?, ?, ?) on conflict (account_id, region, alias_name)
                    do update set key_id = excluded.key_id, last_updated_date = excluded.last_updated_date""",
                    after.accountId(), after.region(), a.aliasName(), UUID.fromString(after.keyId()), a.updateDate(),
                    a.updateDate());
        } else if (payload instanceof AliasDeleted a) {
            database.update("delete from kms_alias where account_id = ? and region = ? and alias_name = ?",
                    after.accountId(), after.region(), a.aliasName());
        } else if (KeyStatus.DELETED.equals(after.keyState())) {
            database.update("delete from kms_alias where key_id = ?", UUID.fromString(after.keyId()));
        }
        return after;
    }

    /**
     * The key's state as of its last event, if it exists. Reads outside a transaction (the cryptographic operations)
     * may be served from a cache of at most {@code coffer.key.state-cache-ttl} age; this replica's own changes evict
     * at once, another replica's are seen within that time. Reads inside a transaction always go to the database.
     */
    public Optional<KeyState> find(String keyId) {
        return find(keyId, false);
    }

    /** The key's state as the database has it now, never from the cache (which it refreshes). */
    public Optional<KeyState> findFresh(String keyId) {
        return find(keyId, true);
    }

    private Optional<KeyState> find(String keyId, boolean fresh) {
        UUID id;
        try {
            id = UUID.fromString(keyId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        boolean cacheable = transactions.getTransactionStatus() == Status.STATUS_NO_TRANSACTION;
        if (cacheable && !fresh) {
            Cached cached = cache.get(id);
            if (cached != null && System.nanoTime() - cached.loadedAt < cacheTtl.toNanos()) {
                return Optional.of(cached.state);
            }
        }
        // with a query timeout of its own: the cryptographic operations fail fast rather than wait on a slow store
        try (Connection connection = database.connection();
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

    /** The key with this ARN (how multi-Region keys, which share a key ID, are found), if it exists. */
    public Optional<KeyState> findByArn(String arn) {
        String keyId = idsByArn.get(arn);
        if (keyId == null) {
            // on every call naming an mrk- ID: the ARN of a key never changes, so its ID is looked up once
            keyId = database.first("select cast(key_id as text) from kms_key where arn = ?", row -> row.getString(1),
                    arn).orElse(null);
            if (keyId == null) {
                return Optional.empty();
            }
            if (idsByArn.size() >= MAX_CACHED_IDS) {
                idsByArn.clear();
            }
            idsByArn.put(arn, keyId);
        }
        return find(keyId);
    }

    /** Every key of an account and region that still exists, from the read model. */
    public List<KeyState> all(String accountId, String region) {
        return database.list("select cast(state as text) from kms_key where account_id = ? and region = ? "
                + "and key_state <> 'Deleted' order by creation_date, key_id", row -> read(row.getString(1)),
                accountId, region);
    }

    private record Cached(KeyState state, long loadedAt) {
    }

    /** The ID of the key an alias points at, if the alias exists. */
    public Optional<String> aliasTarget(String accountId, String region, String aliasName) {
        try (Connection connection = database.connection();
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
        database.update("delete from kms_alias");
        database.update("delete from kms_key");
        cache.clear();
        return store.replay(this::apply);
    }

    private void upsert(KeyState state) {
        database.update("""
                insert into kms_key (key_id, arn, account_id, region, key_manager, key_state, key_spec, key_usage,
                                     origin, description, creation_date, state, version)
                values (?, ?, ?, ?, ?, ?, ?, ?, 'AWS_KMS', ?, ?, cast(? as jsonb), ?)
                on conflict (key_id) do update set key_state = excluded.key_state, description = excluded.description,
                    state = excluded.state, version = excluded.version""",
                UUID.fromString(state.keyId()), state.arn(), state.accountId(), state.region(), state.keyManager(),
                state.keyState().wireName(), state.keySpec(), state.keyUsage(),
                state.description() == null ? "" : state.description(), state.creationDate(), write(state),
                state.version());
    }

    private void putAlias(KeyState key, String aliasName, Instant created) {
        database.update("""
                insert into kms_alias (account_id, region, alias_name, key_id, creation_date, last_updated_date)
                values (?, ?, ?, ?, ?, ?) on conflict (account_id, region, alias_name) do nothing""",
                key.accountId(), key.region(), aliasName, UUID.fromString(key.keyId()), created, created);
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
