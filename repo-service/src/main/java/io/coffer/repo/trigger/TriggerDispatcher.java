package io.coffer.repo.trigger;

import io.coffer.events.EventCodec;
import io.coffer.events.EventConsumer;
import io.coffer.events.Outbox;
import io.coffer.events.Topics;
import io.coffer.events.contract.RepositoryTriggerFired;
import io.coffer.events.contract.RepositoryTriggersUpdated;
import io.coffer.events.contract.RepositoryTriggersUpdated.Trigger;
import io.coffer.kernel.EventEnvelope;
import io.coffer.kernel.UuidV7;
import io.coffer.repo.git.refs.RefsUpdated;
import io.coffer.repo.repository.RepositoryQueries;
import io.coffer.repo.repository.StoredRepository;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Fires repository triggers from the reflog (RefsUpdated on the repository topic): each trigger whose branches and
 * events a change matches becomes one RepositoryTriggerFired on {@code coffer.repository.triggers}, written to the
 * outbox in the transaction that marks the change handled, so it fires exactly once.
 */
@ApplicationScoped
public class TriggerDispatcher {

    private static final String CONSUMER = "repo-service.triggers";

    private final EventConsumer consumer;
    private final EventCodec codec;
    private final Outbox outbox;
    private final RepositoryQueries repositories;
    private final TriggerCommands triggers;

    public TriggerDispatcher(EventConsumer consumer, EventCodec codec, Outbox outbox, RepositoryQueries repositories,
            TriggerCommands triggers) {
        this.consumer = consumer;
        this.codec = codec;
        this.outbox = outbox;
        this.repositories = repositories;
        this.triggers = triggers;
    }

    @Incoming("ref-triggers")
    @Blocking
    public void on(String record) {
        consumer.consume(CONSUMER, Topics.REPOSITORY_EVENTS, record, this::apply);
    }

    private void apply(EventEnvelope event) {
        if (!RefsUpdated.AGGREGATE.equals(event.aggregateType()) || !RefsUpdated.TYPE.equals(event.type())) {
            return;
        }
        RefsUpdated refs = codec.payload(event, RefsUpdated.class);
        Optional<StoredRepository> repository = repositories.stored(UUID.fromString(refs.repositoryId()));
        Optional<RepositoryTriggersUpdated> configuration = repository.flatMap(triggers::configuration);
        if (configuration.isEmpty()) {
            return;
        }
        for (Trigger trigger : configuration.get().triggers()) {
            List<RefsUpdated.Update> changes = TriggerRules.firing(trigger, refs.updates());
            if (changes.isEmpty()) {
                continue;
            }
            UUID id = UuidV7.next();
            String notification = TriggerRules.notification("ReferenceChanges", id.toString(), event.region(),
                    repository.get().arn(), configuration.get().configurationId(), trigger, refs.pusher(),
                    event.occurredAt(), changes);
            RepositoryTriggerFired fired = new RepositoryTriggerFired(refs.repositoryId(),
                    configuration.get().configurationId(), trigger.name(), trigger.destinationArn(), notification);
            outbox.enqueue(Topics.TRIGGER_EVENTS, refs.repositoryId(), new EventEnvelope(id,
                    RepositoryTriggerFired.TYPE, 1, RepositoryTriggerFired.AGGREGATE, refs.repositoryId(),
                    event.aggregateVersion(), event.occurredAt(), event.accountId(), event.region(), event.actor(),
                    event.correlationId(), codec.toTree(fired)));
        }
    }
}
