package io.coffer.audit.intake;

import io.coffer.platform.cloudtrail.AuditTrail;
import io.coffer.platform.events.EventCodec;
import io.coffer.platform.events.MalformedEventException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Stores every CloudTrail record exactly once, in chunks of a polled batch, each chunk one transaction. The batch's
 * offsets are committed only after all its chunks committed (the method returned); a redelivered record is
 * recognised by its event ID.
 * Malformed records are dead-lettered with the reason before the batch is acknowledged. A batch that cannot be
 * stored is retried, then fails the channel: its records are read again by whichever consumer takes over.
 */
@ApplicationScoped
public class AuditRecordsListener {

    private static final int CHUNK = 1000;

    private static final Logger LOG = Logger.getLogger(AuditRecordsListener.class);

    private final EventCodec codec;
    private final AuditLedger ledger;
    private final DeadLetters deadLetters;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter malformed;
    private final int maxAttempts;
    private final Duration backoff;
    /** The one thread that appends to the chain, so chunks are stored in the order they were polled. */
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "audit-ledger-writer"));

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
        List<ConsumerRecord<String, String>> polled = new ArrayList<>(batch.count());
        batch.forEach(polled::add);
        // pipelined: while one chunk is being stored (in order, on the writer thread), the next is parsed
        CompletableFuture<Void> storing = CompletableFuture.completedFuture(null);
        for (int from = 0; from < polled.size(); from += CHUNK) {
            List<AuditRecord> records = readChunk(polled.subList(from, Math.min(from + CHUNK, polled.size())));
            awaitStored(storing);
            storing = records.isEmpty() ? storing : CompletableFuture.runAsync(() -> store(records), writer);
        }
        awaitStored(storing);
    }

    @PreDestroy
    void stopWriter() {
        writer.shutdown();
    }

    /** Parses a chunk over the cores, keeping its order; dead-letters what is malformed. */
    private List<AuditRecord> readChunk(List<ConsumerRecord<String, String>> chunk) {
        List<Object> read = chunk.parallelStream().map(this::readOrReason).toList();
        List<AuditRecord> records = new ArrayList<>(read.size());
        for (int i = 0; i < read.size(); i++) {
            if (read.get(i) instanceof AuditRecord record) {
                records.add(record);
            } else {
                deadLetters.send(chunk.get(i), (String) read.get(i));
                malformed.increment();
            }
        }
        return records;
    }

    /** Waits for the chunk being stored; its failure fails the batch, which is then not acknowledged. */
    private static void awaitStored(CompletableFuture<Void> storing) {
        try {
            storing.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The record, or why it is malformed. */
    private Object readOrReason(ConsumerRecord<String, String> record) {
        try {
            return read(record.value());
        } catch (MalformedEventException e) {
            return e.getMessage();
        }
    }

    private AuditRecord read(String value) {
        return AuditRecord.of(codec.payloadOf(value, AuditTrail.RECORD_TYPE));
    }

    private void store(List<AuditRecord> records) {
        for (int attempt = 1;; attempt++) {
            try {
                int appended = QuarkusTransaction.requiringNew().call(() -> ledger.append(records));
                stored.increment(appended);
                duplicates.increment(records.size() - appended);
                return;
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
