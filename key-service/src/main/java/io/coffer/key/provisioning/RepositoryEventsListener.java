package io.coffer.key.provisioning;

import io.coffer.events.EventCodec;
import io.coffer.events.EventConsumer;
import io.coffer.events.Topics;
import io.coffer.events.contract.RepositoryCreated;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Feeds repository events to the managed-key provisioner. */
@ApplicationScoped
public class RepositoryEventsListener {

    private static final String CONSUMER = "key-service.managed-keys";

    private final EventConsumer consumer;
    private final EventCodec codec;
    private final ManagedKeyProvisioner provisioner;

    public RepositoryEventsListener(EventConsumer consumer, EventCodec codec, ManagedKeyProvisioner provisioner) {
        this.consumer = consumer;
        this.codec = codec;
        this.provisioner = provisioner;
    }

    @Incoming("repository-events")
    @Blocking
    public void on(String record) {
        consumer.consume(CONSUMER, Topics.REPOSITORY_EVENTS, record, event -> {
            if (RepositoryCreated.TYPE.equals(event.type())) {
                provisioner.onRepositoryCreated(event, codec.payload(event, RepositoryCreated.class));
            }
        });
    }
}
