package io.coffer.audit.intake;

import io.coffer.platform.cloudtrail.AuditTrail;
import io.coffer.platform.events.EventCodec;
import io.coffer.platform.events.EventEnvelope;
import io.coffer.platform.events.MalformedEventException;
import io.coffer.platform.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Stores every CloudTrail record exactly once, a polled batch per transaction. The batch's offsets are committed
 * only after its transaction committed (the method returned); a redelivered record is recognised by its event ID.
 * Malformed records are dead-lettered with the reason before the batch is acknowledged. A batch that cannot be
 * stored is retried, then fails the channel: its records are read again by whichever consumer takes over.
 */
@ApplicationScoped
public class AuditRecordsListener {

    private static final Logger LOG = Logger.getLogger(AuditRecordsListener.class);

    private final EventCodec codec;
    private final AuditLedger ledger;
    private final DeadLetters deadLetters;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter malformed;
    private final int maxAttempts;
    private final Duration backoff;

    public AuditRecordsListener(EventCodec codec, AuditLedger ledger, DeadLetters deadLetters, MeterRegistry registry,
            @ConfigProperty(name = "coffer.consumer.max-attempts", defaultValue = "3") int maxAttempts,
            @ConfigProperty(name = "coffer.consumer.backoff", defaultValue = "PT0.2S") Duration backoff) {
        this.codec = codec;
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.stored = registry.counter("coffer.audit.records", "result", "stored");
        this.duplicates = registry.counter("coffer.audit.records", "result", "duplicate");
        this.malformed = registry.counter("coffer.audit.records", "result", "malformed");
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
    }

    @Incoming("audit-records")
    @Blocking
    public void on(ConsumerRecords<String, String> batch) {
        List<AuditRecord> records = new ArrayList<>(batch.count());
        for (ConsumerRecord<String, String> record : batch) {
            try {
                records.add(read(record.value()));
            } catch (MalformedEventException e) {
                deadLetters.send(record, e.getMessage());
                malformed.increment();
            }
        }
        if (records.isEmpty()) {
            return;
        }
        int appended = store(records);
        stored.increment(appended);
        duplicates.increment(records.size() - appended);
    }

    private AuditRecord read(String value) {
        EventEnvelope event = codec.decode(value);
        if (!AuditTrail.RECORD_TYPE.equals(event.type())) {
            throw new MalformedEventException("unexpected event type " + event.type() + " on " + Topics.AUDIT_RECORDS);
        }
        return AuditRecord.of(event.payload());
    }

    private int store(List<AuditRecord> records) {
        for (int attempt = 1;; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> ledger.append(records));
            } catch (RuntimeException e) {
                if (attempt >= maxAttempts) {
                    throw e;
                }
                LOG.warnf("storing %d audit records failed (attempt %d of %d): %s", records.size(), attempt,
                        maxAttempts, e.toString());
                try {
                    Thread.sleep(backoff.multipliedBy(attempt).toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
