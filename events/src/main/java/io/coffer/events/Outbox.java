package io.coffer.events;

import io.coffer.kernel.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The transactional outbox. Rows are written in the caller's transaction; when it commits, the relay is woken so
 * the messages reach Kafka within milliseconds rather than at the next poll.
 */
@ApplicationScoped
public class Outbox {

    private final EventCodec codec;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxSignal signal;
    private final Database database;

    public Outbox(Database database, EventCodec codec, TransactionSynchronizationRegistry transactions,
            OutboxSignal signal) {
        this.database = database;
        this.codec = codec;
        this.transactions = transactions;
        this.signal = signal;
    }

    /** Queues an event that is not part of this service's event store, such as a CloudTrail record. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(String topic, String key, EventEnvelope event) {
        try (Connection connection = database.connection()) {
            enqueue(connection, topic, key, event, codec.encode(event));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write to the outbox", e);
        }
    }

    /** Writes the outbox row on {@code connection}, the transaction's own (plain JDBC, no catalog round trip). */
    void enqueue(Connection connection, String topic, String key, EventEnvelope event, String json)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into outbox (event_id, topic, message_key, message) values (?, ?, ?, ?)")) {
            insert.setObject(1, event.eventId());
            insert.setString(2, topic);
            insert.setString(3, key);
            insert.setString(4, json);
            insert.executeUpdate();
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    signal.wake();
                }
            }
        });
    }
}
