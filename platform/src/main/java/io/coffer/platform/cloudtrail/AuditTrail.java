package io.coffer.platform.cloudtrail;

import io.coffer.platform.events.Actor;
import io.coffer.platform.events.EventEnvelope;
import io.coffer.platform.events.Outbox;
import io.coffer.platform.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Sends CloudTrail records to {@code coffer.audit.records} through the outbox, in the caller's transaction: a record
 * of a change commits with the change, or neither does.
 */
@ApplicationScoped
public class AuditTrail {

    public static final String RECORD_TYPE = "CloudTrailRecorded";

    private final Outbox outbox;

    public AuditTrail(Outbox outbox) {
        this.outbox = outbox;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(CloudTrailRecord record, Actor actor, String region, String correlationId) {
        EventEnvelope envelope = new EventEnvelope(record.eventId(), RECORD_TYPE, 1, "Account", actor.accountId(), 0,
                Instant.now(), actor.accountId(), region, actor, correlationId, record.toJson());
        outbox.enqueue(Topics.AUDIT_RECORDS, actor.accountId(), envelope);
    }
}
