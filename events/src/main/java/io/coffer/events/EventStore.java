package io.coffer.events;

import io.coffer.kernel.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.function.Consumer;

/**
 * The service's append-only event store. {@link #append} writes each event and its outbox row in the caller's
 * transaction, so an event is published if and only if it is stored.
 */
@ApplicationScoped
public class EventStore {

    private static final int REPLAY_PAGE = 500;

    private final Database database;
    private final EventCodec codec;
    private final Outbox outbox;

    public EventStore(Database database, EventCodec codec, Outbox outbox) {
        this.database = database;
        this.codec = codec;
        this.outbox = outbox;
    }

    /**
     * Appends events to the store and to the outbox for {@code topic}.
     *
     * @throws ConcurrentAppendException if an event with the same aggregate version was already stored
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(String topic, List<EventEnvelope> events) {
        append(topic, null, events);
    }

    /**
     * As {@link #append(String, List)}, published under {@code key} instead of each event's aggregate ID (when a
     * topic is ordered by something other than its aggregates, e.g. crypto events by repository).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(String topic, String key, List<EventEnvelope> events) {
        // one prepared statement for the whole batch, on the transaction's connection
        try (Connection connection = database.connection();
                PreparedStatement insert = connection.prepareStatement("""
                        insert into event_store (event_id, aggregate_type, aggregate_id, aggregate_version, type,
                                                 schema_version, occurred_at, envelope)
                        values (?, ?, ?, ?, ?, ?, ?, cast(? as jsonb))""")) {
            for (EventEnvelope event : events) {
                String json = codec.encode(event);
                insert.setObject(1, event.eventId());
                insert.setString(2, event.aggregateType());
                insert.setString(3, event.aggregateId());
                insert.setLong(4, event.aggregateVersion());
                insert.setString(5, event.type());
                insert.setInt(6, event.schemaVersion());
                insert.setTimestamp(7, Timestamp.from(event.occurredAt()));
                insert.setString(8, json);
                try {
                    insert.executeUpdate();
                } catch (SQLException e) {
                    if (DatabaseException.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                        throw new ConcurrentAppendException(event.aggregateType(), event.aggregateId(), e);
                    }
                    throw e;
                }
                outbox.enqueue(connection, topic, key != null ? key : event.aggregateId(), event, json);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot append to the event store", e);
        }
    }

    /** The events of one aggregate, oldest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<EventEnvelope> load(String aggregateType, String aggregateId) {
        return database.list("""
                select cast(envelope as text) from event_store
                where aggregate_type = ? and aggregate_id = ? order by aggregate_version""",
                row -> codec.decode(row.getString(1)), aggregateType, aggregateId);
    }

    /**
     * Hands every stored event, in commit order, to {@code apply}, a page at a time: how a read model is projected
     * again from the store. Returns how many events there were.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long replay(Consumer<EventEnvelope> apply) {
        long replayed = 0;
        long position = 0;
        for (List<StoredEvent> page = readAfter(position, REPLAY_PAGE); !page.isEmpty();
                page = readAfter(position, REPLAY_PAGE)) {
            for (StoredEvent stored : page) {
                apply.accept(stored.event());
                position = stored.position();
                replayed++;
            }
        }
        return replayed;
    }

    /** Up to {@code limit} events stored after {@code position}, in commit order, with their positions. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StoredEvent> readAfter(long position, int limit) {
        return database.list("""
                select position, cast(envelope as text) from event_store
                where position > ? order by position limit ?""",
                row -> new StoredEvent(row.getLong(1), codec.decode(row.getString(2))), position, limit);
    }

    /** An event with its position in the store. */
    public record StoredEvent(long position, EventEnvelope event) {
    }
}
