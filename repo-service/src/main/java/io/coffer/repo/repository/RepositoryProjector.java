package io.coffer.repo.repository;

import io.coffer.events.EventCodec;
import io.coffer.events.EventStore;
import io.coffer.events.RebuildableReadModel;
import io.coffer.events.contract.RepositoryCreated;
import io.coffer.events.contract.RepositoryDeleted;
import io.coffer.events.contract.RepositoryDescriptionUpdated;
import io.coffer.events.contract.RepositoryEncryptionKeyUpdated;
import io.coffer.events.contract.RepositoryEvent;
import io.coffer.events.contract.RepositoryRenamed;
import io.coffer.events.contract.RepositoryTagged;
import io.coffer.events.contract.RepositoryTriggersUpdated;
import io.coffer.events.contract.RepositoryUntagged;
import io.coffer.kernel.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.UUID;

/**
 * Applies Repository events to the {@link RepositoryView} read model, in the transaction that stores them;
 * {@link #rebuild} drops the read model and replays the event store.
 */
@ApplicationScoped
public class RepositoryProjector implements RebuildableReadModel {

    private final EventCodec codec;
    private final EventStore store;
    private final RepositoryViews views;

    public RepositoryProjector(EventCodec codec, EventStore store, RepositoryViews views) {
        this.codec = codec;
        this.store = store;
        this.views = views;
    }

    /** The Repository event an envelope carries, if it carries one (the store holds other aggregates' too). */
    Optional<RepositoryEvent> decode(EventEnvelope envelope) {
        if (!RepositoryEvent.AGGREGATE.equals(envelope.aggregateType())) {
            return Optional.empty();
        }
        return RepositoryEvent.payloadType(envelope.type()).map(type -> codec.payload(envelope, type));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(EventEnvelope envelope) {
        decode(envelope).ifPresent(event -> apply(UUID.fromString(envelope.aggregateId()), event));
    }

    private void apply(UUID repositoryId, RepositoryEvent event) {
        if (event instanceof RepositoryCreated created) {
            views.insert(new RepositoryView(repositoryId, created.accountId(), created.region(),
                    created.repositoryName(), created.repositoryDescription(), created.arn(), created.kmsKeyId(),
                    created.creationDate(), created.creationDate()));
            if (created.tags() != null) {
                views.tag(repositoryId, created.tags());
            }
            return;
        }
        if (event instanceof RepositoryDeleted) {
            views.delete(repositoryId);
            return;
        }
        // tags do not change lastModifiedDate, as in CodeCommit
        if (event instanceof RepositoryTagged tagged) {
            views.tag(repositoryId, tagged.tags());
            return;
        }
        if (event instanceof RepositoryUntagged untagged) {
            views.untag(repositoryId, untagged.tagKeys());
            return;
        }
        // triggers do not change lastModifiedDate either
        if (event instanceof RepositoryTriggersUpdated triggers) {
            views.putTriggers(repositoryId, codec.toTree(triggers).toString());
            return;
        }
        RepositoryView v = views.findById(repositoryId).orElseThrow(
                () -> new IllegalStateException("repository " + repositoryId + " has no read model row"));
        if (event instanceof RepositoryDescriptionUpdated updated) {
            views.update(new RepositoryView(v.repositoryId(), v.accountId(), v.region(), v.name(),
                    updated.repositoryDescription(), v.arn(), v.kmsKeyId(), v.creationDate(),
                    updated.lastModifiedDate()));
        } else if (event instanceof RepositoryRenamed renamed) {
            views.update(new RepositoryView(v.repositoryId(), v.accountId(), v.region(), renamed.newName(),
                    v.description(), renamed.arn(), v.kmsKeyId(), v.creationDate(), renamed.lastModifiedDate()));
        } else if (event instanceof RepositoryEncryptionKeyUpdated updated) {
            views.update(new RepositoryView(v.repositoryId(), v.accountId(), v.region(), v.name(), v.description(),
                    v.arn(), updated.kmsKeyId(), v.creationDate(), updated.lastModifiedDate()));
        }
    }

    @Override
    public String name() {
        return "repositories";
    }

    /** Drops the read model and replays the event store into it; returns how many events were replayed. */
    @Override
    @Transactional
    public long rebuild() {
        views.deleteAll();
        return store.replay(this::apply);
    }
}
