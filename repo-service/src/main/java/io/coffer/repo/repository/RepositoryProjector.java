package io.coffer.repo.repository;

import io.coffer.platform.contract.RepositoryCreated;
import io.coffer.platform.events.EventCodec;
import io.coffer.platform.events.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.UUID;

/** Applies Repository events to the {@link RepositoryView} read model, in the transaction that stores them. */
@ApplicationScoped
public class RepositoryProjector {

    private final EventCodec codec;

    public RepositoryProjector(EventCodec codec) {
        this.codec = codec;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(EventEnvelope event) {
        if (RepositoryCreated.TYPE.equals(event.type())) {
            RepositoryCreated created = codec.payload(event, RepositoryCreated.class);
            RepositoryView view = new RepositoryView();
            view.repositoryId = UUID.fromString(created.repositoryId());
            view.accountId = created.accountId();
            view.region = created.region();
            view.name = created.repositoryName();
            view.description = created.repositoryDescription();
            view.arn = created.arn();
            view.kmsKeyId = created.kmsKeyId();
            view.creationDate = created.creationDate();
            view.lastModified = created.creationDate();
            view.persistAndFlush();
        } else if (RepositoryDescriptionUpdated.TYPE.equals(event.type())) {
            RepositoryDescriptionUpdated updated = codec.payload(event, RepositoryDescriptionUpdated.class);
            RepositoryView view = RepositoryView.findById(UUID.fromString(event.aggregateId()));
            view.description = updated.repositoryDescription();
            view.lastModified = updated.lastModifiedDate();
        } else if (RepositoryRenamed.TYPE.equals(event.type())) {
            RepositoryRenamed renamed = codec.payload(event, RepositoryRenamed.class);
            RepositoryView view = RepositoryView.findById(UUID.fromString(event.aggregateId()));
            view.name = renamed.newName();
            view.arn = renamed.arn();
            view.lastModified = renamed.lastModifiedDate();
            view.flush();
        } else if (RepositoryEncryptionKeyUpdated.TYPE.equals(event.type())) {
            RepositoryEncryptionKeyUpdated updated = codec.payload(event, RepositoryEncryptionKeyUpdated.class);
            RepositoryView view = RepositoryView.findById(UUID.fromString(event.aggregateId()));
            view.kmsKeyId = updated.kmsKeyId();
            view.lastModified = updated.lastModifiedDate();
        } else if (RepositoryDeleted.TYPE.equals(event.type())) {
            RepositoryView.deleteById(UUID.fromString(event.aggregateId()));
        }
    }
}
