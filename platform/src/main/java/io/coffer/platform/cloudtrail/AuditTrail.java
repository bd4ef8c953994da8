package io.coffer.platform.cloudtrail;

import io.coffer.platform.events.Actor;
import io.coffer.platform.events.EventCodec;
import io.coffer.platform.events.EventEnvelope;
import io.coffer.platform.events.Outbox;
import io.coffer.platform.events.OutboxRelay;
import io.coffer.platform.events.Topics;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Sends CloudTrail records to {@code coffer.audit.records}. A call that changes state records through the outbox
 * in its own transaction ({@link #record}), so the record commits with the change; a call that changes nothing
 * publishes straight to Kafka ({@link #publish}). Either way the caller waits until Kafka has acknowledged the record
 * ({@code acks=all}) before it answers: no call is answered unaudited.
 */
@ApplicationScoped
public class AuditTrail {

    public static final String RECORD_TYPE = "CloudTrailRecorded";

    private final Outbox outbox;
    private final OutboxRelay relay;
    private final EventCodec codec;
    private final MutinyEmitter<String> direct;
    private final Duration timeout;
    private final boolean enabled;

    /**
     * @param enabled false only to measure the audit trail's cost in benchmarks: then no call is recorded at all
     */
    public AuditTrail(Outbox outbox, OutboxRelay relay, EventCodec codec,
            @Channel("audit-records-out") MutinyEmitter<String> direct,
            @ConfigProperty(name = "coffer.audit.publish-timeout", defaultValue = "PT10S") Duration timeout,
            @ConfigProperty(name = "coffer.audit.enabled", defaultValue = "true") boolean enabled) {
        this.outbox = outbox;
        this.relay = relay;
        this.codec = codec;
        this.direct = direct;
        this.timeout = timeout;
        this.enabled = enabled;
        if (!enabled) {
            Logger.getLogger(AuditTrail.class)
                    .warn("coffer.audit.enabled=false: calls are NOT audited (benchmark baseline only)");
        }
    }

    /** Queues the record in the caller's transaction; see {@link #awaitPublished}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(CloudTrailRecord record, Actor actor, String region, String correlationId) {
        if (!enabled) {
            return;
        }
        outbox.enqueue(Topics.AUDIT_RECORDS, actor.accountId(), envelope(record, actor, region, correlationId));
    }

    /**
     * Waits until a record queued with {@link #record} is in Kafka.
     *
     * @throws AuditUnavailableException if it is not within the publish timeout
     */
    public void awaitPublished(CloudTrailRecord record) {
        if (!enabled) {
            return;
        }
        try {
            if (!relay.awaitPublished(record.eventId(), timeout)) {
                throw new AuditUnavailableException("audit record " + record.eventId() + " not published in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while publishing audit record " + record.eventId());
        }
    }

    /**
     * Publishes a record of a call that changed nothing and waits for Kafka's acknowledgement. Concurrent calls are
     * batched by the producer.
     *
     * @throws AuditUnavailableException if Kafka does not acknowledge within the publish timeout
     */
    public void publish(CloudTrailRecord record, Actor actor, String region, String correlationId) {
        if (!enabled) {
            return;
        }
        EventEnvelope envelope = envelope(record, actor, region, correlationId);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(actor.accountId()).build();
        try {
            direct.sendMessage(Message.of(codec.encode(envelope)).addMetadata(metadata)).await().atMost(timeout);
        } catch (RuntimeException e) {
            throw new AuditUnavailableException("audit record " + record.eventId() + " not acknowledged: " + e);
        }
    }

    private static EventEnvelope envelope(CloudTrailRecord record, Actor actor, String region, String correlationId) {
        return new EventEnvelope(record.eventId(), RECORD_TYPE, 1, "Account", actor.accountId(), 0, Instant.now(),
                actor.accountId(), region, actor, correlationId, record.toJson());
    }
}
