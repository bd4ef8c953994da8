package io.coffer.repo.repository;

import io.coffer.platform.auth.Caller;
import io.coffer.platform.aws.AwsException;
import io.coffer.platform.aws.AwsTimestamps;
import io.coffer.platform.contract.RepositoryCreated;
import io.coffer.platform.events.EventCodec;
import io.coffer.platform.events.EventEnvelope;
import io.coffer.platform.events.EventStore;
import io.coffer.platform.events.Events;
import io.coffer.platform.events.Topics;
import io.coffer.repo.git.refs.RefStore;
import io.coffer.repo.git.ssh.SshConfig;
import io.coffer.repo.git.storage.RepositoryStorage;
import io.coffer.repo.regionkey.RegionKeys;
import io.coffer.repo.repository.RepositoryRequests.BatchGetRepositoriesRequest;
import io.coffer.repo.repository.RepositoryRequests.BatchGetRepositoriesResponse;
import io.coffer.repo.repository.RepositoryRequests.CreateRepositoryRequest;
import io.coffer.repo.repository.RepositoryRequests.DeleteRepositoryRequest;
import io.coffer.repo.repository.RepositoryRequests.DeleteRepositoryResponse;
import io.coffer.repo.repository.RepositoryRequests.GetRepositoryRequest;
import io.coffer.repo.repository.RepositoryRequests.ListRepositoriesRequest;
import io.coffer.repo.repository.RepositoryRequests.ListRepositoriesResponse;
import io.coffer.repo.repository.RepositoryRequests.RepositoryMetadataResponse;
import io.coffer.repo.repository.RepositoryRequests.RepositoryNameIdPair;
import io.coffer.repo.repository.RepositoryRequests.UpdateRepositoryDescriptionRequest;
import io.coffer.repo.repository.RepositoryRequests.UpdateRepositoryEncryptionKeyRequest;
import io.coffer.repo.repository.RepositoryRequests.UpdateRepositoryEncryptionKeyResponse;
import io.coffer.repo.repository.RepositoryRequests.UpdateRepositoryNameRequest;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** The repository commands and queries of the CodeCommit API. */
@ApplicationScoped
public class Repositories {

    private static final Logger LOG = Logger.getLogger(Repositories.class);

    /** BatchGetRepositories' limit, as CodeCommit documents it. */
    static final int MAX_BATCH_NAMES = 25;
    /** ListRepositories returns up to this many a page, as CodeCommit does. */
    static final int LIST_PAGE = 1000;

    private final EventStore store;
    private final EventCodec codec;
    private final RepositoryProjector projector;
    private final RegionKeys regionKeys;
    private final EncryptionKeyAccess keyAccess;
    private final RepositoryStorage storage;
    private final RefStore refs;
    private final DataSource dataSource;
    private final String cloneUrlBase;
    private final SshConfig ssh;
    private final Duration keyTimeout;

    public Repositories(EventStore store, EventCodec codec, RepositoryProjector projector, RegionKeys regionKeys,
            EncryptionKeyAccess keyAccess, RepositoryStorage storage, RefStore refs, DataSource dataSource,
            @ConfigProperty(name = "coffer.repo.clone-url-base") String cloneUrlBase, SshConfig ssh,
            @ConfigProperty(name = "coffer.repo.key-provisioning-timeout") Duration keyTimeout) {
        this.store = store;
        this.codec = codec;
        this.projector = projector;
        this.regionKeys = regionKeys;
        this.keyAccess = keyAccess;
        this.storage = storage;
        this.refs = refs;
        this.dataSource = dataSource;
        this.cloneUrlBase = cloneUrlBase;
        this.ssh = ssh;
        this.keyTimeout = keyTimeout;
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
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        boolean taken = request.repositoryName() != null
                && RepositoryView.findByName(caller.accountId(), caller.region(), request.repositoryName()).isPresent();
        RepositoryDecider.check(new RepositoryDecider.CreateRepository(repositoryId, request.repositoryName(),
                request.repositoryDescription(), request.tags(), caller.accountId(), caller.region(), now, null), taken);
        String keyArn = keyAccess.verify(caller, request.kmsKeyId() != null ? request.kmsKeyId()
                : EncryptionKeyAccess.awsManagedKey(), repositoryId);
        var command = new RepositoryDecider.CreateRepository(repositoryId, request.repositoryName(),
                request.repositoryDescription(), request.tags(), caller.accountId(), caller.region(), now,
                request.kmsKeyId() != null ? keyArn : null);
        List<RepositoryCreated> decided = RepositoryDecider.decide(command, taken);
        List<EventEnvelope> events = decided.stream()
                .map(e -> Events.caused(caller, RepositoryCreated.TYPE, RepositoryCreated.AGGREGATE, e.repositoryId(),
                        1, codec.toTree(e)))
                .toList();
        store.append(Topics.REPOSITORY_EVENTS, events);
        try {
            events.forEach(projector::apply);
        } catch (PersistenceException e) {
            // a concurrent CreateRepository of the same name committed first (unique account/region/name)
            throw CodeCommitErrors.nameExists(command.name());
        }
        RepositoryCreated created = decided.get(0);
        return new RepositoryMetadataResponse(metadata(created.repositoryId(), created.accountId(),
                created.repositoryName(), created.repositoryDescription(), created.arn(), created.creationDate(),
                created.creationDate(), keyArn, null));
    }

    /**
     * After CreateRepository committed: this replica learns of the region's key from key-service's events; wait
     * for that, so the repository is usable here as soon as CreateRepository returns.
     */
    public RepositoryMetadataResponse awaitKey(Caller caller, RepositoryMetadataResponse created) {
        regionKeys.await(caller.accountId(), caller.region(), keyTimeout, CodeCommitErrors::keyUnavailable);
        return created;
    }

    @Transactional
    public RepositoryMetadataResponse get(Caller caller, GetRepositoryRequest request) {
        String name = RepositoryNames.validName(request.repositoryName());
        RepositoryView view = RepositoryView.findByName(caller.accountId(), caller.region(), name)
                .orElseThrow(() -> CodeCommitErrors.doesNotExist(name));
        return new RepositoryMetadataResponse(metadata(view));
    }

    /** The repositories found, in the order asked for, and the names not found. */
    @Transactional
    public BatchGetRepositoriesResponse batchGet(Caller caller, BatchGetRepositoriesRequest request) {
        List<String> names = request.repositoryNames();
        if (names == null || names.isEmpty()) {
            throw CodeCommitErrors.namesRequired();
        }
        if (names.size() > MAX_BATCH_NAMES) {
            throw CodeCommitErrors.tooManyNames(MAX_BATCH_NAMES);
        }
        names.forEach(RepositoryNames::validName);
        Map<String, RepositoryView> found = new HashMap<>();
        RepositoryView.<RepositoryView>list("accountId = ?1 and region = ?2 and name in ?3", caller.accountId(),
                caller.region(), names).forEach(view -> found.put(view.name, view));
        List<RepositoryMetadata> repositories = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        for (String name : new LinkedHashSet<>(names)) {
            RepositoryView view = found.get(name);
            if (view == null) {
                notFound.add(name);
            } else {
                repositories.add(metadata(view));
            }
        }
        return new BatchGetRepositoriesResponse(repositories, notFound);
    }

    /** The account's repositories in the region, sorted as asked, up to {@value #LIST_PAGE} a page. */
    @Transactional
    public ListRepositoriesResponse list(Caller caller, ListRepositoriesRequest request) {
        String sortBy = request.sortBy() == null ? "repositoryName" : request.sortBy();
        String column = switch (sortBy) {
            case "repositoryName" -> "name";
            case "lastModifiedDate" -> "lastModified";
            default -> throw CodeCommitErrors.invalidSortBy();
        };
        String order = request.order() == null ? "ascending" : request.order();
        Sort.Direction direction = switch (order) {
            case "ascending" -> Sort.Direction.Ascending;
            case "descending" -> Sort.Direction.Descending;
            default -> throw CodeCommitErrors.invalidOrder();
        };
        String query = sortBy + ":" + order;
        int offset = request.nextToken() == null ? 0 : ListToken.offset(request.nextToken(), query);
        List<RepositoryView> page = RepositoryView.<RepositoryView>find("accountId = ?1 and region = ?2",
                Sort.by(column, direction).and("repositoryId"), caller.accountId(), caller.region())
                .range(offset, offset + LIST_PAGE).list();
        List<RepositoryNameIdPair> repositories = page.stream().limit(LIST_PAGE)
                .map(view -> new RepositoryNameIdPair(view.name, view.repositoryId.toString())).toList();
        String next = page.size() > LIST_PAGE ? ListToken.of(offset + LIST_PAGE, query) : null;
        return new ListRepositoriesResponse(repositories, next);
    }

    /** Appends RepositoryDescriptionUpdated; the projection changes in the same transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Void updateDescription(Caller caller, UpdateRepositoryDescriptionRequest request) {
        String name = RepositoryNames.validName(request.repositoryName());
        String description = RepositoryNames.validDescription(request.repositoryDescription());
        RepositoryView view = RepositoryView.lockByName(caller.accountId(), caller.region(), name)
                .orElseThrow(() -> CodeCommitErrors.doesNotExist(name));
        append(caller, view, RepositoryDescriptionUpdated.TYPE, new RepositoryDescriptionUpdated(description, now()));
        return null;
    }

    /** Appends RepositoryRenamed; the old name is free and the new one taken in the same transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Void rename(Caller caller, UpdateRepositoryNameRequest request) {
        String oldName = RepositoryNames.validName(request.oldName());
        String newName = RepositoryNames.validName(request.newName());
        RepositoryView view = RepositoryView.lockByName(caller.accountId(), caller.region(), oldName)
                .orElseThrow(() -> CodeCommitErrors.doesNotExist(oldName));
        if (oldName.equals(newName)) {
            return null;
        }
        if (RepositoryView.findByName(caller.accountId(), caller.region(), newName).isPresent()) {
            throw CodeCommitErrors.nameExists(newName);
        }
        String arn = RepositoryDecider.arn(caller.region(), caller.accountId(), newName);
        try {
            append(caller, view, RepositoryRenamed.TYPE, new RepositoryRenamed(oldName, newName, arn, now()));
        } catch (PersistenceException e) {
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
        RepositoryView view = RepositoryView.lockByName(caller.accountId(), caller.region(), name)
                .orElseThrow(() -> CodeCommitErrors.doesNotExist(name));
        String keyArn = keyAccess.verify(caller, request.kmsKeyId(), view.repositoryId.toString());
        String original = keyArn(view);
        append(caller, view, RepositoryEncryptionKeyUpdated.TYPE,
                new RepositoryEncryptionKeyUpdated(keyArn, original, now()));
        try (Connection c = dataSource.getConnection()) {
            storage.rewrap(c, caller, view.repositoryId.toString(), view.region, keyArn);
        } catch (AwsException e) {
            // crypto-service relays KMS's refusal of the new key (or of the old one, for the data keys)
            throw e.status() < 500 ? CodeCommitErrors.fromKms(e.errorType()) : e;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot re-wrap the data keys of repository " + view.repositoryId, e);
        }
        return new UpdateRepositoryEncryptionKeyResponse(view.repositoryId.toString(), keyArn, original);
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
        Optional<RepositoryView> found = RepositoryView.lockByName(caller.accountId(), caller.region(), name);
        if (found.isEmpty()) {
            return new DeleteRepositoryResponse(null);
        }
        RepositoryView view = found.get();
        String id = view.repositoryId.toString();
        append(caller, view, RepositoryDeleted.TYPE, new RepositoryDeleted(name, now()));
        try (Connection c = dataSource.getConnection()) {
            storage.forget(c, view.repositoryId);
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

    /** Appends one event to a repository's stream and projects it; the caller holds the row lock of the view. */
    private void append(Caller caller, RepositoryView view, String type, Object payload) {
        String id = view.repositoryId.toString();
        // the row lock makes this the only writer of the repository's stream
        long version = store.load(RepositoryCreated.AGGREGATE, id).size() + 1;
        EventEnvelope event = Events.caused(caller, type, RepositoryCreated.AGGREGATE, id, version,
                codec.toTree(payload));
        store.append(Topics.REPOSITORY_EVENTS, List.of(event));
        projector.apply(event);
    }

    /**
     * The caller's repository of that name, in the caller's region.
     *
     * @throws io.coffer.platform.aws.AwsException RepositoryNameRequired, InvalidRepositoryName or
     *         RepositoryDoesNotExist
     */
    @Transactional
    public StoredRepository stored(Caller caller, String name) {
        RepositoryNames.validName(name);
        RepositoryView view = RepositoryView.findByName(caller.accountId(), caller.region(), name)
                .orElseThrow(() -> CodeCommitErrors.doesNotExist(name));
        return stored(view);
    }

    private StoredRepository stored(RepositoryView view) {
        return new StoredRepository(view.repositoryId.toString(), view.accountId, view.region, view.name, view.arn,
                keyArn(view));
    }

    /** The account's repositories named {@code name}, one per region at most. */
    @Transactional
    public List<StoredRepository> named(String accountId, String name) {
        return RepositoryView.<RepositoryView>list("accountId = ?1 and name = ?2", accountId, name).stream()
                .map(this::stored).toList();
    }

    /** The ID of the caller's repository of that name, if there is one. */
    @Transactional
    public Optional<String> idOf(Caller caller, String name) {
        return RepositoryView.findByName(caller.accountId(), caller.region(), name)
                .map(view -> view.repositoryId.toString());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private String keyArn(RepositoryView view) {
        return view.kmsKeyId != null ? view.kmsKeyId : regionKeys.arnFor(view.accountId, view.region).orElse(null);
    }

    private RepositoryMetadata metadata(RepositoryView view) {
        return metadata(view.repositoryId.toString(), view.accountId, view.name, view.description, view.arn,
                view.creationDate, view.lastModified, keyArn(view), defaultBranch(view));
    }

    /** The branch HEAD names, once a first branch was pushed (CodeCommit's default branch). */
    private String defaultBranch(RepositoryView view) {
        try {
            Ref head = refs.find(view.repositoryId, Constants.HEAD);
            return head != null && head.isSymbolic() && head.getTarget().getName().startsWith(Constants.R_HEADS)
                    ? head.getTarget().getName().substring(Constants.R_HEADS.length()) : null;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the default branch of " + view.repositoryId, e);
        }
    }

    private RepositoryMetadata metadata(String id, String accountId, String name, String description, String arn,
            Instant created, Instant modified, String keyArn, String defaultBranch) {
        return new RepositoryMetadata(accountId, id, name, description, defaultBranch,
                AwsTimestamps.epochSeconds(modified),
                AwsTimestamps.epochSeconds(created), cloneUrlBase + "/v1/repos/" + name,
                ssh.enabled() ? ssh.cloneUrlBase() + "/v1/repos/" + name : null, arn, keyArn);
    }
}
