package io.coffer.aws.cloudtrail;

import io.coffer.events.EventCodec;
import io.coffer.events.Outbox;
import io.coffer.events.OutboxRelay;
import io.coffer.events.Topics;
import io.coffer.kernel.Actor;
import io.coffer.kernel.EventEnvelope;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
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
    private final Producer<String, String> direct;
    private final Duration timeout;
    private final boolean enabled;

    public AuditTrail(Outbox outbox, OutboxRelay relay, EventCodec codec,
            @Identifier("default-kafka-broker") Map<String, Object> kafka, AuditTrailConfig settings) {
        this.outbox = outbox;
        this.relay = relay;
        this.codec = codec;
        Map<String, Object> config = producerConfig(kafka, settings.linger(), settings.publishTimeout());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "coffer-audit-records");
        settings.bootstrapServers().ifPresent(servers -> config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers));
        this.direct = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        this.timeout = settings.publishTimeout();
        this.enabled = settings.enabled();
        if (!enabled) {
            Logger.getLogger(AuditTrail.class)
                    .warn("coffer.audit.enabled=false: calls are NOT audited (benchmark baseline only)");
        }
    }

    /**
     * The settings of the producer that publishes records straight to Kafka, over {@code kafka} (the connection):
     * durable and in order before the caller is answered. Public so that a benchmark can time the same round trip.
     */
    public static Map<String, Object> producerConfig(Map<String, Object> kafka, Duration linger, Duration timeout) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger.toMillis());
        // one request in flight: records that arrive meanwhile go out together in the next (group commit), so a
        // lone caller waits one round trip and many callers share few requests
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        // with Kafka unreachable, send() itself must not block longer than a call may wait for its record
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
        return config;
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
        try {
            // the producer's own future: the caller wakes on the acknowledgement without further thread hops
            direct.send(new ProducerRecord<>(Topics.AUDIT_RECORDS, actor.accountId(), codec.encode(envelope)))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while publishing audit record " + record.eventId());
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw new AuditUnavailableException("audit record " + record.eventId() + " not acknowledged: " + e);
        }
    }

    @PreDestroy
    void close() {
        direct.close(Duration.ofSeconds(5));
    }

    private static EventEnvelope envelope(CloudTrailRecord record, Actor actor, String region, String correlationId) {
        return new EventEnvelope(record.eventId(), RECORD_TYPE, 1, "Account", actor.accountId(), 0, Instant.now(),
                actor.accountId(), region, actor, correlationId, record.toJson());
    }
}
