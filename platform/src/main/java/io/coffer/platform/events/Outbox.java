package io.coffer.platform.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

/**
 * The transactional outbox. Rows are written in the caller's transaction; when it commits, the relay is woken so
 * the messages reach Kafka within milliseconds rather than at the next poll.
 */
@ApplicationScoped
public class Outbox {

    private final EntityManager em;
    private final EventCodec codec;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxSignal signal;

    public Outbox(EntityManager em, EventCodec codec, TransactionSynchronizationRegistry transactions,
            OutboxSignal signal) {
        this.em = em;
        this.codec = codec;
        this.transactions = transactions;
        this.signal = signal;
    }

    /** Queues an event that is not part of this service's event store, such as a CloudTrail record. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(String topic, String key, EventEnvelope event) {
        enqueue(topic, key, event, codec.encode(event));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void enqueue(String topic, String key, EventEnvelope event, String json) {
        em.createNativeQuery("insert into outbox (event_id, topic, message_key, message) values (?1, ?2, ?3, ?4)")
                .setParameter(1, event.eventId())
                .setParameter(2, topic)
                .setParameter(3, key)
                .setParameter(4, json)
                .executeUpdate();
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
