package io.coffer.repo.repository;

import io.coffer.events.Database;
import io.coffer.events.DatabaseException;
import io.coffer.events.EventCodec;
import io.coffer.events.EventStore;
import io.coffer.events.Events;
import io.coffer.events.Topics;
import io.coffer.events.contract.RepositoryEvent;
import io.coffer.events.contract.RepositoryTriggersUpdated;
import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.coffer.kernel.EventEnvelope;
import io.coffer.repo.RepoConfig;
import io.coffer.repo.git.storage.RepositoryStorage;
import io.coffer.repo.regionkey.RegionKeys;
import io.coffer.repo.repository.RepositoryRequests.CreateRepositoryRequest;
import io.coffer.repo.repository.RepositoryRequests.DeleteRepositoryRequest;
import io.coffer.repo.repository.RepositoryRequests.DeleteRepositoryResponse;
import io.coffer.repo.repository.RepositoryRequests.RepositoryMetadataResponse;
import io.coffer.repo.repository.RepositoryRequests.TagResourceRequest;
import io.coffer.repo.repository.RepositoryRequests.UntagResourceRequest;
import io.coffer.repo.repository.RepositoryRequests.UpdateRepositoryDescriptionRequest;
import io.coffer.repo.repository.RepositoryRequests.UpdateRepositoryEncryptionKeyRequest;
import io.coffer.repo.repository.RepositoryRequests.UpdateRepositoryEncryptionKeyResponse;
import io.coffer.repo.repository.RepositoryRequests.UpdateRepositoryNameRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The repository commands of the CodeCommit API: each decides on the repository's events ({@link RepositoryDecider})
 * and appends what it decided, with the read model, in the caller's transaction.
 */
@ApplicationScoped
public class RepositoryCommands {

    private static final Logger LOG = Logger.getLogger(RepositoryCommands.class);

    private final EventStore store;
    private final EventCodec codec;
    private final RepositoryProjector projector;
    private final RepositoryQueries queries;
    private final RepositoryViews views;
    private final RegionKeys regionKeys;
    private final EncryptionKeyAccess keyAccess;
    private final RepositoryStorage storage;
    private final Database database;
    private final Duration keyTimeout;

    public RepositoryCommands(EventStore store, EventCodec codec, RepositoryProjector projector,
            RepositoryQueries queries, RepositoryViews views, RegionKeys regionKeys, EncryptionKeyAccess keyAccess,
            RepositoryStorage storage, Database database, RepoConfig config) {
        this.store = store;
        this.codec = codec;
        this.projector = projector;
        this.queries = queries;
        this.views = views;
        this.regionKeys = regionKeys;
        this.keyAccess = keyAccess;
        this.storage = storage;
        this.database = database;
        this.keyTimeout = config.keyProvisioningTimeout();
    }

    /**
     * Appends RepositoryCreated, once key-service has confirmed, on the caller's behalf, that the caller may use the
     * repository's key for everything CodeCommit does with it: the customer-managed {@code kmsKeyId}, or the
     * region's aws/codecommit key (made on this first use if the region has none). A refusal leaves nothing behind.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public RepositoryMetadataResponse create(Caller caller, CreateRepositoryRequest request) {
        RepositoryNames.validName(request.repositoryName());
        String repositoryId = UUID.randomUUID().toString();
        boolean taken = request.repositoryName() != null
                && views.findByName(caller.accountId(), caller.region(), request.repositoryName()).isPresent();
        RepositoryDecider.CreateRepository command = new RepositoryDecider.CreateRepository(repositoryId,
                request.repositoryName(), request.repositoryDescription(), request.tags(), caller.accountId(),
                caller.region(), null, taken, now());
        // everything the repository itself decides fails before key-service is asked
        RepositoryDecider.check(command);
        String keyArn = keyAccess.verify(caller, request.kmsKeyId() != null ? request.kmsKeyId()
                : EncryptionKeyAccess.awsManagedKey(), repositoryId);
        if (request.kmsKeyId() != null) {
            command = command.withKmsKeyArn(keyArn);
        }
        try {
            decideAndAppend(caller, repositoryId, RepositoryState.NONE, command);
        } catch (DatabaseException e) {
            if (!e.isUniqueViolation()) {
                throw e;
            }
            // a concurrent CreateRepository of the same name committed first (unique account/region/name)
            throw CodeCommitErrors.nameExists(command.repositoryName());
        }
        RepositoryView created = views.findById(UUID.fromString(repositoryId)).orElseThrow();
        return new RepositoryMetadataResponse(queries.metadata(created, keyArn, null));
    }

    /**
     * After CreateRepository committed: this replica learns of the region's key from key-service's events; wait
     * for that, so the repository is usable here as soon as CreateRepository returns.
     */
    public RepositoryMetadataResponse awaitKey(Caller caller, RepositoryMetadataResponse created) {
        regionKeys.await(caller.accountId(), caller.region(), keyTimeout, CodeCommitErrors::keyUnavailable);
        return created;
    }

    /** Appends RepositoryDescriptionUpdated; the projection changes in the same transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Void updateDescription(Caller caller, UpdateRepositoryDescriptionRequest request) {
        String name = RepositoryNames.validName(request.repositoryName());
        RepositoryNames.validDescription(request.repositoryDescription());
        RepositoryView view = views.lockByName(caller.accountId(), caller.region(), name)
                .orElseThrow(() -> CodeCommitErrors.doesNotExist(name));
        decideAndAppend(caller, view, new RepositoryDecider.UpdateDescription(name,
                request.repositoryDescription(), now()));
        return null;
    }

    /** Appends RepositoryRenamed; the old name is free and the new one taken in the same transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Void rename(Caller caller, UpdateRepositoryNameRequest request) {
        String oldName = RepositoryNames.validName(request.oldName());
        String newName = RepositoryNames.validName(request.newName());
        RepositoryView view = views.lockByName(caller.accountId(), caller.region(), oldName)
                .orElseThrow(() -> CodeCommitErrors.doesNotExist(oldName));
        boolean taken = !oldName.equals(newName)
                && views.findByName(caller.accountId(), caller.region(), newName).isPresent();
        try {
            decideAndAppend(caller, view, new RepositoryDecider.Rename(oldName, newName, taken, now()));
        } catch (DatabaseException e) {
            if (!e.isUniqueViolation()) {
                throw e;
            }
            // a concurrent create or rename to the same name committed first
            throw CodeCommitErrors.nameExists(newName);
        }
        return null;
    }

    /**
     * Appends RepositoryEncryptionKeyUpdated and re-wraps the data key of every stored file under the new key in the
     * same transaction (the data itself is not re-encrypted, as CodeCommit does it); new files are sealed under it.
     * The new key is checked at key-service first.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UpdateRepositoryEncryptionKeyResponse updateEncryptionKey(Caller caller,
            UpdateRepositoryEncryptionKeyRequest request) {
        String name = RepositoryNames.validName(request.repositoryName());
        if (request.kmsKeyId() == null || request.kmsKeyId().isEmpty()) {
            throw CodeCommitErrors.keyRequired();
        }
        RepositoryView view = views.lockByName(caller.accountId(), caller.region(), name)
                .orElseThrow(() -> CodeCommitErrors.doesNotExist(name));
        String keyArn = keyAccess.verify(caller, request.kmsKeyId(), view.repositoryId().toString());
        String original = queries.keyArn(view);
        decideAndAppend(caller, view, new RepositoryDecider.UpdateEncryptionKey(name, keyArn, original, now()));
        try (Connection c = database.connection()) {
            storage.rewrap(c, caller, view.repositoryId().toString(), view.region(), keyArn);
        } catch (AwsException e) {
            // crypto-service relays KMS's refusal of the new key (or of the old one, for the data keys)
            throw e.status() < 500 ? CodeCommitErrors.fromKms(e.errorType()) : e;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot re-wrap the data keys of repository " + view.repositoryId(), e);
        }
        return new UpdateRepositoryEncryptionKeyResponse(view.repositoryId().toString(), keyArn, original);
    }

    /**
     * Appends RepositoryDeleted and, in the same transaction, forgets the repository's Git data: its refs and the
     * message headers of its files, the only copies of their wrapped data keys. From the commit on its stored frames
     * cannot be decrypted (crypto-shredding); {@link #deleteData} then removes them. Deleting a repository that does
     * not exist succeeds without an ID, as AWS does.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public DeleteRepositoryResponse delete(Caller caller, DeleteRepositoryRequest request) {
        String name = RepositoryNames.validName(request.repositoryName());
        Optional<RepositoryView> found = views.lockByName(caller.accountId(), caller.region(), name);
        if (found.isEmpty()) {
            return new DeleteRepositoryResponse(null);
        }
        RepositoryView view = found.get();
        String id = view.repositoryId().toString();
        decideAndAppend(caller, view, new RepositoryDecider.Delete(name, now()));
        try (Connection c = database.connection()) {
            storage.forget(c, view.repositoryId());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot forget the Git data of repository " + id, e);
        }
        return new DeleteRepositoryResponse(id);
    }

    /** After DeleteRepository committed: the repository's frames leave the blob store. */
    public DeleteRepositoryResponse deleteData(Caller caller, DeleteRepositoryResponse deleted) {
        if (deleted.repositoryId() != null) {
            try {
                storage.deleteBlobs(deleted.repositoryId());
            } catch (IOException e) {
                // shredded already; the frames left behind are unreadable and the sweeper retries
                LOG.warnf("frames of deleted repository %s not yet removed: %s", deleted.repositoryId(), e);
            }
        }
        return deleted;
    }

    /** Appends RepositoryTagged: tags added to the repository an ARN names, or their values replaced. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Void tag(Caller caller, TagResourceRequest request) {
        RepositoryView view = lockByArn(caller, request.resourceArn());
        decideAndAppend(caller, view, new RepositoryDecider.Tag(view.name(), request.tags(), now()));
        return null;
    }

    /** Appends RepositoryUntagged: tags removed, by key, from the repository an ARN names. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Void untag(Caller caller, UntagResourceRequest request) {
        RepositoryView view = lockByArn(caller, request.resourceArn());
        decideAndAppend(caller, view, new RepositoryDecider.Untag(view.name(), request.tagKeys(), now()));
        return null;
    }

    /**
     * Appends RepositoryTriggersUpdated: the repository's triggers, checked by the caller, replace the ones it had.
     *
     * @return the new configuration ID
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public String putTriggers(Caller caller, String repositoryName, List<RepositoryTriggersUpdated.Trigger> triggers) {
        String name = RepositoryNames.validName(repositoryName);
        RepositoryView view = views.lockByName(caller.accountId(), caller.region(), name)
                .orElseThrow(() -> CodeCommitErrors.doesNotExist(name));
        String configurationId = UUID.randomUUID().toString();
        decideAndAppend(caller, view, new RepositoryDecider.PutTriggers(name, configurationId, triggers, now()));
        return configurationId;
    }

    private RepositoryView lockByArn(Caller caller, String arn) {
        String name = RepositoryNames.fromArn(caller, arn);
        return views.lockByName(caller.accountId(), caller.region(), name)
                .orElseThrow(() -> CodeCommitErrors.doesNotExist(name));
    }

    /** Decides {@code command} on the repository's state as its stream leaves it; the caller holds the view's lock. */
    private void decideAndAppend(Caller caller, RepositoryView view, RepositoryDecider.RepositoryCommand command) {
        String id = view.repositoryId().toString();
        List<RepositoryEvent> stream = store.load(RepositoryEvent.AGGREGATE, id).stream().map(projector::decode)
                .flatMap(Optional::stream).toList();
        decideAndAppend(caller, id, RepositoryState.fold(stream), command);
    }

    /**
     * Appends what the decider makes of {@code command} after the stream's {@code state.version()} events and projects
     * it. A concurrent writer of the same versions fails the append (ConcurrentAppendException).
     */
    private void decideAndAppend(Caller caller, String id, RepositoryState state,
            RepositoryDecider.RepositoryCommand command) {
        List<EventEnvelope> events = Events.caused(caller, RepositoryEvent.AGGREGATE, id, state.version(),
                RepositoryDecider.decide(command, state), codec);
        if (!events.isEmpty()) {
            store.append(Topics.REPOSITORY_EVENTS, events);
            events.forEach(projector::apply);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
