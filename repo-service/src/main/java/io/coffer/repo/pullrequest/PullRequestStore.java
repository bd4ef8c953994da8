package io.coffer.repo.pullrequest;

import io.coffer.aws.AwsTimestamps;
import io.coffer.events.EventCodec;
import io.coffer.events.EventStore;
import io.coffer.events.Events;
import io.coffer.events.Topics;
import io.coffer.events.contract.PullRequestEvent;
import io.coffer.kernel.Caller;
import io.coffer.kernel.EventEnvelope;
import io.coffer.repo.approval.ApprovalRuleContent;
import io.coffer.repo.git.storage.RepositoryStorage;
import io.coffer.repo.pullrequest.PullRequestDecider.PullRequestCommand;
import io.coffer.repo.pullrequest.PullRequestRequests.ApprovalRuleView;
import io.coffer.repo.pullrequest.PullRequestRequests.MergeMetadata;
import io.coffer.repo.pullrequest.PullRequestRequests.OriginApprovalRuleTemplate;
import io.coffer.repo.pullrequest.PullRequestRequests.PullRequestTarget;
import io.coffer.repo.pullrequest.PullRequestRequests.PullRequestView;
import io.coffer.repo.pullrequest.PullRequestState.ApprovalRule;
import io.coffer.repo.pullrequest.PullRequestViews.PullRequestRow;
import io.coffer.repo.repository.CodeCommitErrors;
import io.coffer.repo.repository.RepositoryQueries;
import io.coffer.repo.repository.StoredRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Loads pull requests from their event streams, appends what {@link PullRequestDecider} decides, and shows them as
 * CodeCommit does, their texts opened through crypto-service for the caller. A pull request is found only in the
 * caller's account and region, and only while its repository exists.
 */
@ApplicationScoped
class PullRequestStore {

    private final EventStore store;
    private final EventCodec codec;
    private final PullRequestProjector projector;
    private final PullRequestViews views;
    private final RepositoryQueries repositories;
    private final RepositoryStorage storage;

    PullRequestStore(EventStore store, EventCodec codec, PullRequestProjector projector, PullRequestViews views,
            RepositoryQueries repositories, RepositoryStorage storage) {
        this.store = store;
        this.codec = codec;
        this.projector = projector;
        this.views = views;
        this.repositories = repositories;
        this.storage = storage;
    }

    /** A pull request's row, repository, events and state, as read in one call. */
    record Loaded(PullRequestRow row, StoredRepository repository, List<EventEnvelope> events,
            PullRequestState state) {

        String id() {
            return state.created().pullRequestId();
        }
    }

    /**
     * The caller's pull request {@code pullRequestId}; with {@code lock}, its row is locked until the transaction
     * ends, so commands on one pull request take turns.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    Loaded load(Caller caller, String pullRequestId, boolean lock) {
        long id = parseId(pullRequestId);
        Optional<PullRequestRow> row = lock ? views.lock(caller.accountId(), caller.region(), id)
                : views.find(caller.accountId(), caller.region(), id);
        return row.flatMap(this::load).orElseThrow(() -> PullRequestErrors.doesNotExist(pullRequestId));
    }

    /** The pull request of a row, if its repository still exists. */
    Optional<Loaded> load(PullRequestRow row) {
        return repositories.stored(row.repositoryId()).map(repository -> {
            List<EventEnvelope> events = store.load(PullRequestEvent.AGGREGATE, Long.toString(row.pullRequestId()));
            return new Loaded(row, repository, events, PullRequestState.fold(events.stream().map(projector::decode)
                    .flatMap(Optional::stream).toList()));
        });
    }

    static long parseId(String pullRequestId) {
        if (pullRequestId == null || pullRequestId.isEmpty()) {
            throw PullRequestErrors.idRequired();
        }
        if (!pullRequestId.matches("[0-9]{1,18}")) {
            throw PullRequestErrors.invalidId();
        }
        return Long.parseLong(pullRequestId);
    }

    /**
     * Appends what the decider makes of {@code command} after the pull request's events, projects it, and returns
     * the pull request as it is now.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    Loaded decideAndAppend(Caller caller, Loaded loaded, PullRequestCommand command) {
        List<PullRequestEvent> decided = PullRequestDecider.decide(command, loaded.state());
        return append(caller, loaded.id(), loaded.repository(), loaded.row(), loaded.events(), loaded.state(),
                decided);
    }

    /** Appends the first events of a new pull request; the pull request as they leave it. */
    @Transactional(Transactional.TxType.MANDATORY)
    Loaded create(Caller caller, String pullRequestId, StoredRepository repository, PullRequestCommand create) {
        return append(caller, pullRequestId, repository, null, List.of(), PullRequestState.NONE,
                PullRequestDecider.decide(create, PullRequestState.NONE));
    }

    private Loaded append(Caller caller, String id, StoredRepository repository, PullRequestRow row,
            List<EventEnvelope> before, PullRequestState state, List<PullRequestEvent> decided) {
        List<EventEnvelope> events = Events.caused(caller, PullRequestEvent.AGGREGATE, id, state.version(), decided,
                codec);
        PullRequestState after = state;
        for (PullRequestEvent event : decided) {
            after = PullRequestState.evolve(after, event);
        }
        if (!events.isEmpty()) {
            // keyed by repository, so consumers see a repository's pushes and pull requests in order
            store.append(Topics.REPOSITORY_EVENTS, repository.repositoryId(), events);
            events.forEach(projector::apply);
        }
        return new Loaded(row, repository, Stream.concat(before.stream(), events.stream()).toList(), after);
    }

    /** The pull request as CodeCommit shows it, its title and description opened for the caller. */
    PullRequestView view(Caller caller, Loaded loaded) {
        PullRequestState s = loaded.state();
        Map<String, String> texts = texts(caller, loaded.repository(), s.sealedTitle(), s.sealedDescription());
        MergeMetadata merge = s.merge() == null ? new MergeMetadata(false, null, null, null)
                : new MergeMetadata(true, s.merge().mergedBy(), s.merge().mergeCommitId(), s.merge().mergeOption());
        PullRequestTarget target = new PullRequestTarget(loaded.repository().name(),
                s.created().sourceReference(), s.created().destinationReference(), s.destinationCommit(),
                s.sourceCommit(), s.mergeBase(), merge);
        return new PullRequestView(loaded.id(), texts.get(s.sealedTitle()),
                s.sealedDescription() == null ? null : texts.get(s.sealedDescription()),
                AwsTimestamps.epochSeconds(s.lastActivityDate()),
                AwsTimestamps.epochSeconds(s.created().creationDate()), s.status(), s.authorArn(), List.of(target),
                s.created().clientRequestToken(), s.revisionId(),
                s.rules().stream().map(PullRequestStore::rule).toList());
    }

    static ApprovalRuleView rule(ApprovalRule rule) {
        return new ApprovalRuleView(rule.id(), rule.name(), rule.content(), ApprovalRuleContent.sha256(rule.content()),
                AwsTimestamps.epochSeconds(rule.lastModifiedDate()), AwsTimestamps.epochSeconds(rule.creationDate()),
                rule.lastModifiedUser(), rule.fromTemplate()
                        ? new OriginApprovalRuleTemplate(rule.originTemplateId(), rule.originTemplateName()) : null);
    }

    /** Seals a text of the pull request's repository for the caller; null stays null. */
    String seal(Caller caller, StoredRepository repository, String text) {
        return text == null ? null : storage.sealText(caller, repository, text);
    }

    /** The repository's texts sealed under these IDs (nulls ignored), opened for the caller. */
    Map<String, String> texts(Caller caller, StoredRepository repository, String... sealed) {
        try {
            return storage.openTexts(caller, repository, Stream.of(sealed).filter(Objects::nonNull).toList());
        } catch (IOException e) {
            throw CodeCommitErrors.storage(e);
        }
    }
}
