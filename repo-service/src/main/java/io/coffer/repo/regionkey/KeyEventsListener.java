package io.coffer.repo.regionkey;

import io.coffer.events.EventCodec;
import io.coffer.events.EventConsumer;
import io.coffer.events.Topics;
import io.coffer.events.contract.KeyProvisioned;
import io.coffer.kernel.EventEnvelope;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Learns each region's aws/codecommit key from key-service's events. */
@ApplicationScoped
public class KeyEventsListener {

    private static final String CONSUMER = "repo-service.region-keys";

    private final EventConsumer consumer;
    private final EventCodec codec;
    private final RegionKeys regionKeys;

    public KeyEventsListener(EventConsumer consumer, EventCodec codec, RegionKeys regionKeys) {
        this.consumer = consumer;
        this.codec = codec;
        this.regionKeys = regionKeys;
    }

    @Incoming("key-events")
    @Blocking
    public void on(String record) {
        consumer.consume(CONSUMER, Topics.KEY_EVENTS, record, this::apply);
    }

    private void apply(EventEnvelope event) {
        if (!KeyProvisioned.TYPE.equals(event.type())) {
            return;
        }
        KeyProvisioned key = codec.payload(event, KeyProvisioned.class);
        if (KeyProvisioned.CODECOMMIT_ALIAS.equals(key.aliasName())) {
            regionKeys.record(key.accountId(), key.region(), key.arn());
        }
    }
}
