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

    public RepositoryProjector(EventCodec codec, EventStore store) {
        this.codec = codec;
        this.store = store;
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
            RepositoryView view = new RepositoryView();
            view.repositoryId = repositoryId;
            view.accountId = created.accountId();
            view.region = created.region();
            view.name = created.repositoryName();
            view.description = created.repositoryDescription();
            view.arn = created.arn();
            view.kmsKeyId = created.kmsKeyId();
            view.creationDate = created.creationDate();
            view.lastModified = created.creationDate();
            view.persistAndFlush();
        } else if (event instanceof RepositoryDescriptionUpdated updated) {
            RepositoryView view = RepositoryView.findById(repositoryId);
            view.description = updated.repositoryDescription();
            view.lastModified = updated.lastModifiedDate();
        } else if (event instanceof RepositoryRenamed renamed) {
            RepositoryView view = RepositoryView.findById(repositoryId);
            view.name = renamed.newName();
            view.arn = renamed.arn();
            view.lastModified = renamed.lastModifiedDate();
            view.flush();
        } else if (event instanceof RepositoryEncryptionKeyUpdated updated) {
            RepositoryView view = RepositoryView.findById(repositoryId);
            view.kmsKeyId = updated.kmsKeyId();
            view.lastModified = updated.lastModifiedDate();
        } else if (event instanceof RepositoryDeleted) {
            RepositoryView.deleteById(repositoryId);
            // a replay creates the name again in the same transaction, and Hibernate inserts before it deletes
            RepositoryView.flush();
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
        RepositoryView.deleteAll();
        RepositoryView.flush();
        return store.replay(this::apply);
    }
}
