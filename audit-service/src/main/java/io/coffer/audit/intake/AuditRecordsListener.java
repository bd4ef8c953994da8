package io.coffer.audit.intake;

import io.coffer.audit.integrity.ChainHead;
import io.coffer.aws.cloudtrail.AuditTrail;
import io.coffer.events.ConsumerConfig;
import io.coffer.events.EventCodec;
import io.coffer.kernel.MalformedEventException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Stores every CloudTrail record exactly once, in chunks of a polled batch, each chunk one transaction, two chunks
 * written at once (see {@link AuditLedger}). The batch's offsets are committed only after all its chunks committed
 * (the method returned); a redelivered record is recognised by its event ID.
 * Malformed records are dead-lettered with the reason before the batch is acknowledged. A batch that cannot be
 * stored (the database is down) is retried with a growing wait until it is: nothing is skipped, and the intake
 * catches up by itself.
 */
@ApplicationScoped
public class AuditRecordsListener {

    /** The first chunk is small, so the writers start early; later ones larger, for fewer transactions. */
    private static final int FIRST_CHUNK = 500;
    private static final int CHUNK = 2000;
    private static final int WRITERS = 2;

    private static final Logger LOG = Logger.getLogger(AuditRecordsListener.class);

    private final EventCodec codec;
    private final AuditLedger ledger;
    private final DeadLetters deadLetters;
    private final StoreStatistics statistics;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter malformed;
    /** The longest wait between two attempts to store a batch. */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private final Duration backoff;
    /** The one thread that appends to the chain, so chunks are stored in the order they were polled. */
    private final ExecutorService writers = Executors.newFixedThreadPool(WRITERS,
            r -> new Thread(r, "audit-ledger-writer"));
    /** Parse chunks over the cores while the writer stores earlier ones. */
    private final ExecutorService readers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
            r -> new Thread(r, "audit-record-reader"));

    public AuditRecordsListener(EventCodec codec, AuditLedger ledger, DeadLetters deadLetters,
            StoreStatistics statistics, MeterRegistry registry, ConsumerConfig consumer) {
        this.codec = codec;
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.statistics = statistics;
        this.stored = registry.counter("coffer.audit.records", "result", "stored");
        this.duplicates = registry.counter("coffer.audit.records", "result", "duplicate");
        this.malformed = registry.counter("coffer.audit.records", "result", "malformed");
        this.backoff = consumer.backoff();
    }

    @Incoming("audit-records")
    @Blocking
    public void on(ConsumerRecords<String, String> batch) {
        List<ConsumerRecord<String, String>> polled = new ArrayList<>(batch.count());
        batch.forEach(polled::add);
        // every chunk is parsed at once over the cores while the writers store the parsed ones in order
        List<CompletableFuture<List<AuditRecord>>> parsed = new ArrayList<>();
        for (int from = 0, size = FIRST_CHUNK; from < polled.size(); from += size, size = CHUNK) {
            List<ConsumerRecord<String, String>> chunk = polled.subList(from, Math.min(from + size, polled.size()));
            parsed.add(CompletableFuture.supplyAsync(() -> readChunk(chunk), readers));
        }
        int unstored = storeOverlapped(parsed);
        // what the overlapped writes left (they lost a race with another writer, or the store failed): one at a time
        for (int i = unstored; i < parsed.size(); i++) {
            store(await(parsed.get(i)));
        }
        statistics.appended(polled.size());
    }

    /**
     * Writes the chunks {@value #WRITERS} at a time, each chained to the end of the one before it while that one is
     * still being written, so the database writes one chunk while the last one commits.
     *
     * @return the index of the first chunk that was not stored (all of them if none failed)
     */
    private int storeOverlapped(List<CompletableFuture<List<AuditRecord>>> parsed) {
        List<CompletableFuture<Boolean>> written = new ArrayList<>(parsed.size());
        try {
            ChainHead tip = ledger.head();
            Set<UUID> placed = new HashSet<>();
            CompletableFuture<Void> predecessorLocked = CompletableFuture.completedFuture(null);
            for (CompletableFuture<List<AuditRecord>> chunk : parsed) {
                int i = written.size();
                if (i >= WRITERS && !written.get(i - WRITERS).join()) {
                    break;
                }
                List<AuditRecord> records = await(chunk);
                AuditLedger.PlacedChunk next = ledger.place(records, tip, placed);
                next.records().forEach(r -> placed.add(r.eventId()));
                tip = next.after();
                int skipped = records.size() - next.records().size();
                if (next.isEmpty()) {
                    // all stored before: nothing to write, and the next chunk waits for the same predecessor
                    duplicates.increment(skipped);
                    written.add(CompletableFuture.completedFuture(true));
                    continue;
                }
                CompletableFuture<Void> before = predecessorLocked;
                CompletableFuture<Void> locked = new CompletableFuture<>();
                written.add(CompletableFuture.supplyAsync(() -> write(next, skipped, before, locked), writers));
                predecessorLocked = locked;
            }
        } catch (RuntimeException e) {
            LOG.debugf("overlapped audit writes stopped: %s", e);
        }
        for (int i = 0; i < written.size(); i++) {
            if (!written.get(i).join()) {
                // the chunks after a failed one were chained to it: they fail too, and are stored again
                written.subList(i, written.size()).forEach(CompletableFuture::join);
                return i;
            }
        }
        return written.size();
    }

    /**
     * Writes a placed chunk in its own transaction, locking the chain's head after the chunk before it did.
     *
     * @param predecessorLocked completes once the writer of the chunk before has locked the head or ended
     * @param locked            completed once this writer has locked the head or ended
     * @return false if the chunk did not commit
     */
    private boolean write(AuditLedger.PlacedChunk chunk, int duplicatesSkipped,
            CompletableFuture<Void> predecessorLocked, CompletableFuture<Void> locked) {
        try {
            QuarkusTransaction.requiringNew()
                    .run(() -> ledger.write(chunk, predecessorLocked::join, () -> locked.complete(null)));
            stored.increment(chunk.records().size());
            duplicates.increment(duplicatesSkipped);
            return true;
        } catch (RuntimeException e) {
            LOG.debugf("overlapped write of %d audit records did not commit: %s", chunk.records().size(), e);
            return false;
        } finally {
            locked.complete(null);
        }
    }

    @PreDestroy
    void stopWriter() {
        writers.shutdown();
        readers.shutdown();
    }

    /** Parses a chunk, keeping its order; dead-letters what is malformed. */
    private List<AuditRecord> readChunk(List<ConsumerRecord<String, String>> chunk) {
        List<AuditRecord> records = new ArrayList<>(chunk.size());
        for (ConsumerRecord<String, String> record : chunk) {
            try {
                records.add(AuditRecord.of(codec.payloadOf(record.value(), AuditTrail.RECORD_TYPE)));
            } catch (MalformedEventException e) {
                deadLetters.send(record, e.getMessage());
                malformed.increment();
            }
        }
        return records;
    }

    /** Waits for a chunk being parsed or stored; its failure fails the batch, which is then not acknowledged. */
    private static <T> T await(CompletableFuture<T> step) {
        try {
            return step.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Stores the records, retrying for as long as it takes: an outage of the database holds the intake (the consumer
     * keeps its place) and it catches up once the database is back, skipping and losing nothing.
     */
    private void store(List<AuditRecord> records) {
        for (int attempt = 1;; attempt++) {
            try {
                int appended = QuarkusTransaction.requiringNew().call(() -> ledger.append(records));
                stored.increment(appended);
                duplicates.increment(records.size() - appended);
                if (attempt > 1) {
                    LOG.infof("stored %d audit records after %d attempts", records.size(), attempt);
                }
                return;
            } catch (RuntimeException e) {
                Duration wait = backoff.multipliedBy(1L << Math.min(attempt - 1, 16));
                wait = wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
                if (attempt == 1 || attempt % 10 == 0) {
                    LOG.warnf("storing %d audit records failed (attempt %d; trying again in %d ms until it "
                            + "succeeds): %s", records.size(), attempt, wait.toMillis(), e.toString());
                }
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
