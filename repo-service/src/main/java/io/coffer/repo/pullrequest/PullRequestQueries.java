package io.coffer.repo.pullrequest;

import io.coffer.aws.AwsTimestamps;
import io.coffer.events.contract.PullRequestApprovalRuleCreated;
import io.coffer.events.contract.PullRequestApprovalRuleDeleted;
import io.coffer.events.contract.PullRequestApprovalRuleUpdated;
import io.coffer.events.contract.PullRequestApprovalRulesOverridden;
import io.coffer.events.contract.PullRequestApprovalStateChanged;
import io.coffer.events.contract.PullRequestCreated;
import io.coffer.events.contract.PullRequestEvent;
import io.coffer.events.contract.PullRequestMerged;
import io.coffer.events.contract.PullRequestSourceReferenceUpdated;
import io.coffer.events.contract.PullRequestStatusChanged;
import io.coffer.kernel.Caller;
import io.coffer.kernel.EventEnvelope;
import io.coffer.repo.commit.CommitQueries;
import io.coffer.repo.pullrequest.PullRequestRequests.Approval;
import io.coffer.repo.pullrequest.PullRequestRequests.ApprovalRuleMetadata;
import io.coffer.repo.pullrequest.PullRequestRequests.ApprovalStateMetadata;
import io.coffer.repo.pullrequest.PullRequestRequests.CreatedMetadata;
import io.coffer.repo.pullrequest.PullRequestRequests.DescribePullRequestEventsRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.DescribePullRequestEventsResponse;
import io.coffer.repo.pullrequest.PullRequestRequests.EvaluatePullRequestApprovalRulesResponse;
import io.coffer.repo.pullrequest.PullRequestRequests.GetPullRequestApprovalStatesResponse;
import io.coffer.repo.pullrequest.PullRequestRequests.GetPullRequestOverrideStateResponse;
import io.coffer.repo.pullrequest.PullRequestRequests.ListPullRequestsRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.ListPullRequestsResponse;
import io.coffer.repo.pullrequest.PullRequestRequests.MergeMetadata;
import io.coffer.repo.pullrequest.PullRequestRequests.MergedStateChangedMetadata;
import io.coffer.repo.pullrequest.PullRequestRequests.OverriddenMetadata;
import io.coffer.repo.pullrequest.PullRequestRequests.PullRequestEventView;
import io.coffer.repo.pullrequest.PullRequestRequests.PullRequestIdRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.PullRequestResponse;
import io.coffer.repo.pullrequest.PullRequestRequests.RevisionRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.SourceReferenceUpdatedMetadata;
import io.coffer.repo.pullrequest.PullRequestRequests.StatusChangedMetadata;
import io.coffer.repo.pullrequest.PullRequestStore.Loaded;
import io.coffer.repo.repository.ListToken;
import io.coffer.repo.repository.RepositoryQueries;
import io.coffer.repo.repository.StoredRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The pull request reads of the CodeCommit API, from each pull request's own events. */
@ApplicationScoped
public class PullRequestQueries {

    private static final int PAGE = 100;
    /** DescribePullRequestEvents' names for the events it shows; the others (title, description) it does not. */
    private static final Map<Class<? extends PullRequestEvent>, String> EVENT_TYPES = Map.of(
            PullRequestCreated.class, "PULL_REQUEST_CREATED",
            PullRequestStatusChanged.class, "PULL_REQUEST_STATUS_CHANGED",
            PullRequestSourceReferenceUpdated.class, "PULL_REQUEST_SOURCE_REFERENCE_UPDATED",
            PullRequestMerged.class, "PULL_REQUEST_MERGE_STATE_CHANGED",
            PullRequestApprovalRuleCreated.class, "PULL_REQUEST_APPROVAL_RULE_CREATED",
            PullRequestApprovalRuleUpdated.class, "PULL_REQUEST_APPROVAL_RULE_UPDATED",
            PullRequestApprovalRuleDeleted.class, "PULL_REQUEST_APPROVAL_RULE_DELETED",
            PullRequestApprovalRulesOverridden.class, "PULL_REQUEST_APPROVAL_RULE_OVERRIDDEN",
            PullRequestApprovalStateChanged.class, "PULL_REQUEST_APPROVAL_STATE_CHANGED");

    private final PullRequestStore pullRequests;
    private final PullRequestViews views;
    private final PullRequestProjector projector;
    private final RepositoryQueries repositories;

    public PullRequestQueries(PullRequestStore pullRequests, PullRequestViews views, PullRequestProjector projector,
            RepositoryQueries repositories) {
        this.pullRequests = pullRequests;
        this.views = views;
        this.projector = projector;
        this.repositories = repositories;
    }

    @Transactional
    public PullRequestResponse get(Caller caller, PullRequestIdRequest request) {
        return new PullRequestResponse(pullRequests.view(caller, pullRequests.load(caller, request.pullRequestId(),
                false)));
    }

    /**
     * The ARN of the repository of the caller's pull request {@code pullRequestId}, if there is one: what a call on
     * the pull request is authorized on and recorded against.
     */
    @Transactional
    public Optional<String> repositoryArn(Caller caller, String pullRequestId) {
        if (pullRequestId == null || !pullRequestId.matches("[0-9]{1,18}")) {
            return Optional.empty();
        }
        return views.find(caller.accountId(), caller.region(), Long.parseLong(pullRequestId))
                .flatMap(row -> repositories.stored(row.repositoryId())).map(StoredRepository::arn);
    }

    /**
     * The repository of the caller's pull request {@code pullRequestId}, which {@code repositoryName}, if given, must
     * name: where a comment on the pull request goes.
     */
    @Transactional
    public StoredRepository repositoryOf(Caller caller, String pullRequestId, String repositoryName) {
        StoredRepository repository = views.find(caller.accountId(), caller.region(),
                PullRequestStore.parseId(pullRequestId)).flatMap(row -> repositories.stored(row.repositoryId()))
                .orElseThrow(() -> PullRequestErrors.doesNotExist(pullRequestId));
        if (repositoryName != null && !repositoryName.equals(repository.name())) {
            throw PullRequestErrors.repositoryNotAssociated(repositoryName, pullRequestId);
        }
        return repository;
    }

    /** The repository's pull request IDs, newest first, of one author or status if the caller says so. */
    @Transactional
    public ListPullRequestsResponse list(Caller caller, ListPullRequestsRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        String status = request.pullRequestStatus();
        if (status != null && !status.equals(PullRequestState.OPEN) && !status.equals(PullRequestState.CLOSED)) {
            throw PullRequestErrors.invalidStatus();
        }
        String author = request.authorArn();
        if (author != null && !author.startsWith("arn:aws:")) {
            throw PullRequestErrors.invalidAuthorArn();
        }
        int max = CommitQueries.pageSize(request.maxResults(), PAGE, PAGE, PullRequestErrors::invalidMaxResults);
        String query = String.join(":", "pull-requests", repository.repositoryId(), String.valueOf(author),
                String.valueOf(status), Integer.toString(max));
        int offset = request.nextToken() == null ? 0 : ListToken.offset(request.nextToken(), query);
        List<Long> ids = views.page(UUID.fromString(repository.repositoryId()), author, status, offset, max + 1);
        return new ListPullRequestsResponse(ids.stream().limit(max).map(String::valueOf).toList(),
                ids.size() > max ? ListToken.of(offset + max, query) : null);
    }

    /** The pull request's history, oldest first, as its event stream records it. */
    @Transactional
    public DescribePullRequestEventsResponse events(Caller caller, DescribePullRequestEventsRequest request) {
        Loaded loaded = pullRequests.load(caller, request.pullRequestId(), false);
        String type = request.pullRequestEventType();
        if (type != null && !EVENT_TYPES.containsValue(type)) {
            throw PullRequestErrors.invalidEventType();
        }
        String actor = request.actorArn();
        if (actor != null && !actor.startsWith("arn:aws:")) {
            throw PullRequestErrors.invalidActorArn();
        }
        int max = CommitQueries.pageSize(request.maxResults(), PAGE, PAGE, PullRequestErrors::invalidMaxResults);
        List<PullRequestEventView> shown = loaded.events().stream()
                .map(envelope -> show(loaded, envelope)).flatMap(Optional::stream)
                .filter(e -> type == null || type.equals(e.pullRequestEventType()))
                .filter(e -> actor == null || actor.equals(e.actorArn())).toList();
        String query = String.join(":", "pull-request-events", loaded.id(), String.valueOf(type),
                String.valueOf(actor), Integer.toString(max));
        int offset = request.nextToken() == null ? 0 : ListToken.offset(request.nextToken(), query);
        return new DescribePullRequestEventsResponse(shown.stream().skip(offset).limit(max).toList(),
                offset + max < shown.size() ? ListToken.of(offset + max, query) : null);
    }

    @Transactional
    public EvaluatePullRequestApprovalRulesResponse evaluate(Caller caller, RevisionRequest request) {
        PullRequestState state = revision(caller, request).state();
        return new EvaluatePullRequestApprovalRulesResponse(ApprovalRules.evaluate(state));
    }

    @Transactional
    public GetPullRequestApprovalStatesResponse approvalStates(Caller caller, RevisionRequest request) {
        PullRequestState state = revision(caller, request).state();
        return new GetPullRequestApprovalStatesResponse(state.approvals().entrySet().stream()
                .map(a -> new Approval(a.getKey(), a.getValue())).toList());
    }

    @Transactional
    public GetPullRequestOverrideStateResponse overrideState(Caller caller, RevisionRequest request) {
        PullRequestState state = revision(caller, request).state();
        return new GetPullRequestOverrideStateResponse(state.overriddenBy() != null, state.overriddenBy());
    }

    /** The pull request, if {@code revisionId} is its current revision. */
    private Loaded revision(Caller caller, RevisionRequest request) {
        Loaded loaded = pullRequests.load(caller, request.pullRequestId(), false);
        PullRequestDecider.revision(request.revisionId(), loaded.state());
        return loaded;
    }

    private Optional<PullRequestEventView> show(Loaded loaded, EventEnvelope envelope) {
        return projector.decode(envelope).filter(event -> EVENT_TYPES.containsKey(event.getClass()))
                .map(event -> show(loaded, envelope, event));
    }

    private static PullRequestEventView show(Loaded loaded, EventEnvelope envelope, PullRequestEvent event) {
        String repository = loaded.repository().name();
        PullRequestEventView view = new PullRequestEventView(loaded.id(),
                AwsTimestamps.epochSeconds(envelope.occurredAt()), EVENT_TYPES.get(event.getClass()),
                envelope.actor() == null ? null : envelope.actor().arn(), null, null, null, null, null, null, null);
        if (event instanceof PullRequestCreated e) {
            return with(view, new CreatedMetadata(repository, e.sourceCommit(), e.destinationCommit(),
                    e.mergeBase()), null, null, null, null, null, null);
        }
        if (event instanceof PullRequestStatusChanged e) {
            return with(view, null, new StatusChangedMetadata(e.pullRequestStatus()), null, null, null, null, null);
        }
        if (event instanceof PullRequestSourceReferenceUpdated e) {
            return with(view, null, null, new SourceReferenceUpdatedMetadata(repository, e.beforeCommitId(),
                    e.afterCommitId(), e.mergeBase()), null, null, null, null);
        }
        if (event instanceof PullRequestMerged e) {
            return with(view, null, null, null, new MergedStateChangedMetadata(repository,
                    loaded.state().created().destinationReference(), new MergeMetadata(true, e.mergedBy(),
                            e.mergeCommitId(), e.mergeOption())), null, null, null);
        }
        if (event instanceof PullRequestApprovalRuleCreated e) {
            return with(view, null, null, null, null, new ApprovalRuleMetadata(e.approvalRuleName(),
                    e.approvalRuleId(), e.content()), null, null);
        }
        if (event instanceof PullRequestApprovalRuleUpdated e) {
            return with(view, null, null, null, null, new ApprovalRuleMetadata(e.approvalRuleName(),
                    e.approvalRuleId(), e.content()), null, null);
        }
        if (event instanceof PullRequestApprovalRuleDeleted e) {
            return with(view, null, null, null, null, new ApprovalRuleMetadata(e.approvalRuleName(),
                    e.approvalRuleId(), null), null, null);
        }
        if (event instanceof PullRequestApprovalStateChanged e) {
            return with(view, null, null, null, null, null, new ApprovalStateMetadata(e.revisionId(),
                    e.approvalState()), null);
        }
        PullRequestApprovalRulesOverridden e = (PullRequestApprovalRulesOverridden) event;
        return with(view, null, null, null, null, null, null, new OverriddenMetadata(e.revisionId(),
                e.overrideStatus()));
    }

    private static PullRequestEventView with(PullRequestEventView v, CreatedMetadata created,
            StatusChangedMetadata status, SourceReferenceUpdatedMetadata source, MergedStateChangedMetadata merged,
            ApprovalRuleMetadata rule, ApprovalStateMetadata approval, OverriddenMetadata overridden) {
        return new PullRequestEventView(v.pullRequestId(), v.eventDate(), v.pullRequestEventType(), v.actorArn(),
                created, status, source, merged, rule, approval, overridden);
    }
}
