package io.coffer.audit.intake;

import io.coffer.platform.cloudtrail.AuditTrail;
import io.coffer.platform.events.EventConsumer;
import io.coffer.platform.events.EventEnvelope;
import io.coffer.platform.events.MalformedEventException;
import io.coffer.platform.events.Topics;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Stores every CloudTrail record exactly once. The Kafka offset is committed only after the transaction holding
 * the row committed; a redelivered record is recognised by its event ID.
 */
@ApplicationScoped
public class AuditRecordsListener {

    private static final String CONSUMER = "audit-service.records";

    private final EventConsumer consumer;
    private final EntityManager em;

    public AuditRecordsListener(EventConsumer consumer, EntityManager em) {
        this.consumer = consumer;
        this.em = em;
    }

    @Incoming("audit-records")
    @Blocking
    public void on(String record) {
        consumer.consume(CONSUMER, Topics.AUDIT_RECORDS, record, this::store);
    }

    private void store(EventEnvelope event) {
        if (!AuditTrail.RECORD_TYPE.equals(event.type())) {
            throw new MalformedEventException("unexpected event type " + event.type() + " on " + Topics.AUDIT_RECORDS);
        }
        AuditRecord r = AuditRecord.of(event.payload());
        em.createNativeQuery("""
                insert into audit_record (event_id, event_time, event_source, event_name, account_id, region,
                                          user_name, access_key_id, repository_id, read_only, error_code, record)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, cast(?12 as jsonb))
                on conflict (event_id) do nothing""")
                .setParameter(1, r.eventId())
                .setParameter(2, Timestamp.from(r.eventTime()))
                .setParameter(3, r.eventSource())
                .setParameter(4, r.eventName())
                .setParameter(5, r.accountId())
                .setParameter(6, r.region())
                .setParameter(7, r.userName())
                .setParameter(8, r.accessKeyId())
                .setParameter(9, r.repositoryId())
                .setParameter(10, r.readOnly())
                .setParameter(11, r.errorCode())
                .setParameter(12, r.record().toString())
                .executeUpdate();
    }
}
