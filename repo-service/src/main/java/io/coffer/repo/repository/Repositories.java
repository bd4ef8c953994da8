package io.coffer.repo.repository;

import io.coffer.platform.auth.Caller;
import io.coffer.platform.aws.AwsTimestamps;
import io.coffer.platform.contract.RepositoryCreated;
import io.coffer.platform.events.EventCodec;
import io.coffer.platform.events.EventEnvelope;
import io.coffer.platform.events.EventStore;
import io.coffer.platform.events.Events;
import io.coffer.platform.events.Topics;
import io.coffer.repo.regionkey.RegionKeys;
import io.coffer.repo.repository.RepositoryRequests.CreateRepositoryRequest;
import io.coffer.repo.repository.RepositoryRequests.GetRepositoryRequest;
import io.coffer.repo.repository.RepositoryRequests.RepositoryMetadataResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The repository commands and queries of the CodeCommit API. */
@ApplicationScoped
public class Repositories {

    private final EventStore store;
    private final EventCodec codec;
    private final RepositoryProjector projector;
    private final RegionKeys regionKeys;
    private final String cloneUrlBase;
    private final Duration keyTimeout;

    public Repositories(EventStore store, EventCodec codec, RepositoryProjector projector, RegionKeys regionKeys,
            @ConfigProperty(name = "coffer.repo.clone-url-base") String cloneUrlBase,
            @ConfigProperty(name = "coffer.repo.key-provisioning-timeout") Duration keyTimeout) {
        this.store = store;
        this.codec = codec;
        this.projector = projector;
        this.regionKeys = regionKeys;
        this.cloneUrlBase = cloneUrlBase;
        this.keyTimeout = keyTimeout;
    }

    /** Appends RepositoryCreated; the saga then has key-service provision the region's key if it has none. */
    @Transactional(Transactional.TxType.MANDATORY)
    public RepositoryMetadataResponse create(Caller caller, CreateRepositoryRequest request) {
        var command = new RepositoryDecider.CreateRepository(UUID.randomUUID().toString(), request.repositoryName(),
                request.repositoryDescription(), request.tags(), caller.accountId(), caller.region(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        boolean taken = request.repositoryName() != null
                && RepositoryView.findByName(caller.accountId(), caller.region(), request.repositoryName()).isPresent();
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
                created.creationDate(), regionKeys.arnFor(caller.accountId(), caller.region()).orElse(null)));
    }

    /** After CreateRepository committed: the repository is usable once its region's key exists. */
    public RepositoryMetadataResponse awaitKey(Caller caller, RepositoryMetadataResponse created) {
        if (created.repositoryMetadata().kmsKeyId() != null) {
            return created;
        }
        String arn = regionKeys.await(caller.accountId(), caller.region(), keyTimeout, CodeCommitErrors::keyUnavailable);
        return new RepositoryMetadataResponse(created.repositoryMetadata().withKmsKeyId(arn));
    }

    @Transactional
    public RepositoryMetadataResponse get(Caller caller, GetRepositoryRequest request) {
        String name = RepositoryNames.validName(request.repositoryName());
        RepositoryView view = RepositoryView.findByName(caller.accountId(), caller.region(), name)
                .orElseThrow(() -> CodeCommitErrors.doesNotExist(name));
        String keyArn = view.kmsKeyId != null ? view.kmsKeyId
                : regionKeys.arnFor(view.accountId, view.region).orElse(null);
        return new RepositoryMetadataResponse(metadata(view.repositoryId.toString(), view.accountId, view.name,
                view.description, view.arn, view.creationDate, view.lastModified, keyArn));
    }

    private RepositoryMetadata metadata(String id, String accountId, String name, String description, String arn,
            Instant created, Instant modified, String keyArn) {
        return new RepositoryMetadata(accountId, id, name, description, null, AwsTimestamps.epochSeconds(modified),
                AwsTimestamps.epochSeconds(created), cloneUrlBase + "/v1/repos/" + name, null, arn, keyArn);
    }
}
