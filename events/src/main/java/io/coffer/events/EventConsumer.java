package io.coffer.events;

import io.coffer.kernel.EventEnvelope;
import io.coffer.kernel.MalformedEventException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The idempotent consumer every service builds its Kafka handlers on. An event is applied at most once per consumer
 * name: its {@code eventId} is recorded in the inbox in the same transaction as the handler's writes. A failing
 * handler is retried; when the attempts run out the exception propagates, the record is nacked and the channel's
 * {@code dead-letter-queue} failure strategy sends it to {@code <topic>.dlq} with the error. Nothing is
 * acknowledged without having been applied or dead-lettered.
 */
@ApplicationScoped
public class EventConsumer {

    private static final Logger LOG = Logger.getLogger(EventConsumer.class);

    private final Database database;
    private final EventCodec codec;
    private final MeterRegistry registry;
    private final int maxAttempts;
    private final Duration backoff;

    public EventConsumer(Database database, EventCodec codec, MeterRegistry registry, ConsumerConfig config) {
        this.database = database;
        this.codec = codec;
        this.registry = registry;
        this.maxAttempts = config.maxAttempts();
        this.backoff = config.backoff();
    }

    /**
     * Decodes {@code value} and applies it with {@code handler} unless {@code consumer} has applied it before.
     *
     * @return false if the event was a duplicate
     * @throws MalformedEventException if the value is not an envelope (not retried)
     */
    public boolean consume(String consumer, String topic, String value, Consumer<EventEnvelope> handler) {
        EventEnvelope event;
        try {
            event = codec.decode(value);
        } catch (MalformedEventException e) {
            failed(consumer, topic, "malformed");
            throw e;
        }
        for (int attempt = 1;; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> applyOnce(consumer, event, handler));
            } catch (MalformedEventException e) {
                failed(consumer, topic, "malformed");
                throw e;
            } catch (RuntimeException e) {
                if (attempt >= maxAttempts) {
                    failed(consumer, topic, "failed");
                    throw e;
                }
                LOG.warnf("%s: applying %s %s failed (attempt %d of %d): %s", consumer, event.type(), event.eventId(),
                        attempt, maxAttempts, e.toString());
                sleep(backoff.multipliedBy(attempt));
            }
        }
    }

    private boolean applyOnce(String consumer, EventEnvelope event, Consumer<EventEnvelope> handler) {
        int inserted = database.update(
                "insert into processed_event (consumer, event_id) values (?, ?) on conflict do nothing", consumer,
                event.eventId());
        if (inserted == 0) {
            return false;
        }
        handler.accept(event);
        return true;
    }

    private void failed(String consumer, String topic, String reason) {
        registry.counter("coffer.events.dead.lettered", "consumer", consumer, "topic", topic, "reason", reason)
                .increment();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying", e);
        }
    }
}
