package io.coffer.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox to Kafka in insertion order and deletes rows only after the broker acknowledged them
 * ({@code acks=all}, idempotent producer). At most one relay per service schema works at a time (a PostgreSQL
 * advisory lock), so replicas never reorder one aggregate's events. A crash between publish and delete re-publishes;
 * consumers dedupe on {@code eventId}.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 500;

    private final Database database;
    private final MutinyEmitter<String> emitter;
    private final OutboxSignal signal;
    private final Duration pollInterval;
    private final Counter published;
    private final ConcurrentHashMap<UUID, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread worker;

    public OutboxRelay(Database database, @Channel("outbox") MutinyEmitter<String> emitter, OutboxSignal signal,
            OutboxConfig config,
            MeterRegistry registry) {
        this.database = database;
        this.emitter = emitter;
        this.signal = signal;
        this.pollInterval = config.pollInterval();
        this.published = Counter.builder("coffer.outbox.published").description("Outbox messages acknowledged by Kafka")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        running = true;
        worker = new Thread(this::run, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (worker != null) {
            worker.interrupt();
            worker.join(5_000);
        }
    }

    private void run() {
        while (running) {
            try {
                if (relayBatch() == 0) {
                    signal.await(pollInterval.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warnf("Outbox relay failed, retrying: %s", e.toString());
                sleepQuietly(1_000);
            }
        }
    }

    /**
     * Waits until the outbox row of {@code eventId} has been acknowledged by Kafka (and deleted), by this replica's
     * relay or another's.
     *
     * @return false if that did not happen within {@code timeout}
     */
    public boolean awaitPublished(UUID eventId, Duration timeout) throws InterruptedException {
        CompletableFuture<Void> done = waiting.computeIfAbsent(eventId, id -> new CompletableFuture<>());
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            signal.wake();
            while (System.nanoTime() < deadline) {
                if (!inOutbox(eventId)) {
                    return true;
                }
                try {
                    done.get(50, TimeUnit.MILLISECONDS);
                    return true;
                } catch (TimeoutException notYet) {
                    // published by another replica, or not yet: look again
                } catch (ExecutionException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
            return !inOutbox(eventId);
        } finally {
            waiting.remove(eventId);
        }
    }

    private boolean inOutbox(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> database
                .first("select 1 from outbox where event_id = ?", row -> true, eventId).isPresent());
    }

    /** Publishes one batch; returns how many messages were published. */
    int relayBatch() {
        List<UUID> done = new ArrayList<>();
        int count = QuarkusTransaction.requiringNew().call(() -> {
            boolean leader = database.first("select pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox'))",
                    row -> row.getBoolean(1)).orElse(false);
            if (!leader) {
                return 0;
            }
            List<OutboxRow> rows = database.list(
                    "select id, topic, message_key, message, cast(event_id as text) from outbox order by id limit ?",
                    row -> new OutboxRow(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                            row.getString(5)), BATCH);
            if (rows.isEmpty()) {
                return 0;
            }
            List<Long> ids = new ArrayList<>(rows.size());
            // published with this transaction suspended (its advisory lock stays held): context
            // propagation would otherwise hand the transaction to the producer's threads, and a commit while one
            // of them still holds it is rolled back ("commit invoked while multiple threads active within it")
            QuarkusTransaction.suspendingExisting().call(() -> {
                List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
                for (OutboxRow row : rows) {
                    ids.add(row.id());
                    done.add(UUID.fromString(row.eventId()));
                    acks.add(send(row.topic(), row.key(), row.message(), row.eventId()));
                }
                return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            });
            database.update("delete from outbox where id = any(?)", (Object) ids.toArray(Long[]::new));
            published.increment(rows.size());
            return rows.size();
        });
        for (UUID id : done) {
            CompletableFuture<Void> waiter = waiting.get(id);
            if (waiter != null) {
                waiter.complete(null);
            }
        }
        return count;
    }

    private record OutboxRow(long id, String topic, String key, String message, String eventId) {
    }

    private CompletableFuture<Void> send(String topic, String key, String message, String eventId) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("coffer-event-id", eventId.getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(key)
                .withHeaders(headers)
                .build();
        return emitter.sendMessage(Message.of(message).addMetadata(metadata)).subscribeAsCompletionStage();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
