package io.coffer.repo.trigger;

import io.coffer.events.EventCodec;
import io.coffer.events.EventConsumer;
import io.coffer.events.Topics;
import io.coffer.events.contract.RepositoryTriggerFired;
import io.coffer.kernel.EventEnvelope;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Delivers each fired trigger to its HTTPS destination. A delivery that fails is tried again as the event consumer
 * retries, then goes to {@code coffer.repository.triggers.dlq} with the reason; a redelivery carries the same
 * {@code X-Coffer-Delivery}, so endpoints can drop what they had.
 */
@ApplicationScoped
public class WebhookDelivery {

    private static final String CONSUMER = "repo-service.webhooks";

    private final EventConsumer consumer;
    private final EventCodec codec;
    private final TriggerDestinations destinations;

    public WebhookDelivery(EventConsumer consumer, EventCodec codec, TriggerDestinations destinations) {
        this.consumer = consumer;
        this.codec = codec;
        this.destinations = destinations;
    }

    @Incoming("trigger-deliveries")
    @Blocking
    public void on(String record) {
        consumer.consume(CONSUMER, Topics.TRIGGER_EVENTS, record, this::deliver);
    }

    private void deliver(EventEnvelope event) {
        if (!RepositoryTriggerFired.TYPE.equals(event.type())) {
            return;
        }
        RepositoryTriggerFired fired = codec.payload(event, RepositoryTriggerFired.class);
        destinations.deliver(fired.destinationArn(), event.eventId().toString(), fired.notification());
    }
}
