package io.coffer.repo.pullrequest;

import io.coffer.events.contract.PullRequestCreated;
import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.coffer.repo.branch.Branches;
import io.coffer.repo.commit.Revisions;
import io.coffer.repo.merge.MergeRequests.MergeBranchesByFastForwardRequest;
import io.coffer.repo.merge.MergeRequests.MergeBranchesRequest;
import io.coffer.repo.merge.MergeRequests.MergeBranchesResponse;
import io.coffer.repo.merge.Merges;
import io.coffer.repo.pullrequest.PullRequestDecider.CreateRule;
import io.coffer.repo.pullrequest.PullRequestDecider.DeleteRule;
import io.coffer.repo.pullrequest.PullRequestDecider.OverrideRules;
import io.coffer.repo.pullrequest.PullRequestDecider.RecordMerge;
import io.coffer.repo.pullrequest.PullRequestDecider.UpdateApprovalState;
import io.coffer.repo.pullrequest.PullRequestDecider.UpdateDescription;
import io.coffer.repo.pullrequest.PullRequestDecider.UpdateRuleContent;
import io.coffer.repo.pullrequest.PullRequestDecider.UpdateStatus;
import io.coffer.repo.pullrequest.PullRequestDecider.UpdateTitle;
import io.coffer.repo.pullrequest.PullRequestRequests.ApprovalRuleResponse;
import io.coffer.repo.pullrequest.PullRequestRequests.CreatePullRequestApprovalRuleRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.CreatePullRequestRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.DeletePullRequestApprovalRuleRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.DeletePullRequestApprovalRuleResponse;
import io.coffer.repo.pullrequest.PullRequestRequests.MergePullRequestByFastForwardRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.MergePullRequestRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.OverridePullRequestApprovalRulesRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.PullRequestResponse;
import io.coffer.repo.pullrequest.PullRequestRequests.Target;
import io.coffer.repo.pullrequest.PullRequestRequests.UpdatePullRequestApprovalRuleContentRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.UpdatePullRequestApprovalStateRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.UpdatePullRequestDescriptionRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.UpdatePullRequestStatusRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.UpdatePullRequestTitleRequest;
import io.coffer.repo.pullrequest.PullRequestStore.Loaded;
import io.coffer.repo.pullrequest.PullRequestViews.PullRequestRow;
import io.coffer.repo.repository.RepositoryNames;
import io.coffer.repo.repository.CodeCommitErrors;
import io.coffer.repo.repository.RepositoryQueries;
import io.coffer.repo.repository.StoredRepository;
import io.coffer.repo.template.TemplateQueries;
import io.coffer.repo.template.TemplateQueries.AppliedTemplate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The pull request commands of the CodeCommit API: each settles what needs I/O (commits, sealed texts, a merge),
 * then appends what {@link PullRequestDecider} decides, in the caller's transaction.
 */
@ApplicationScoped
public class PullRequestCommands {

    /** CodeCommit's limits. */
    static final int MAX_TITLE = 150;
    static final int MAX_DESCRIPTION = 10_240;
    static final int MAX_OPEN = 1000;
    private static final int MAX_TOKEN = 64;

    private final PullRequestStore pullRequests;
    private final PullRequestViews views;
    private final RepositoryQueries repositories;
    private final BranchAncestry ancestry;
    private final Revisions revisions;
    private final Merges merges;
    private final TemplateQueries templates;

    public PullRequestCommands(PullRequestStore pullRequests, PullRequestViews views, RepositoryQueries repositories,
            BranchAncestry ancestry, Revisions revisions, Merges merges, TemplateQueries templates) {
        this.templates = templates;
        this.pullRequests = pullRequests;
        this.views = views;
        this.repositories = repositories;
        this.ancestry = ancestry;
        this.revisions = revisions;
        this.merges = merges;
    }

    /**
     * Opens a pull request from a source branch into a destination branch (the default one if none is named). A
     * retry with the same {@code clientRequestToken} answers the pull request it made.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public PullRequestResponse create(Caller caller, CreatePullRequestRequest request) {
        String title = title(request.title());
        description(request.description());
        Target target = target(request);
        String token = request.clientRequestToken();
        if (token != null && (token.isEmpty() || token.length() > MAX_TOKEN)) {
            throw CodeCommitErrors.invalidClientRequestToken();
        }
        StoredRepository repository = repositories.stored(caller, target.repositoryName());
        String source = branch(target.sourceReference());
        String destination = target.destinationReference() == null || target.destinationReference().isEmpty()
                ? revisions.defaultBranch(repository)
                        .orElseThrow(() -> PullRequestErrors.referenceNameRequired())
                : branch(target.destinationReference());
        if (token != null) {
            Optional<PullRequestRow> earlier = views.findByToken(caller.accountId(), caller.region(),
                    caller.principal().arn(), token);
            if (earlier.isPresent()) {
                return retried(caller, earlier.get(), repository, source, destination, title, request.description());
            }
        }
        if (source.equals(destination)) {
            throw PullRequestErrors.sourceAndDestinationAreSame();
        }
        ObjectId sourceTip = tip(repository, source);
        ObjectId destinationTip = tip(repository, destination);
        if (views.countOpen(UUID.fromString(repository.repositoryId())) >= MAX_OPEN) {
            throw PullRequestErrors.maximumOpenPullRequests(MAX_OPEN);
        }
        String id = Long.toString(views.nextId());
        Instant now = now();
        PullRequestCreated created = new PullRequestCreated(id, repository.repositoryId(), caller.principal().arn(),
                pullRequests.seal(caller, repository, title),
                pullRequests.seal(caller, repository, request.description()), Constants.R_HEADS + source,
                Constants.R_HEADS + destination, sourceTip.name(), destinationTip.name(),
                ancestry.relate(caller, repository, sourceTip, destinationTip).mergeBase(), revisionId(id, sourceTip.name(), 1), token,
                now);
        Loaded opened = pullRequests.create(caller, id, repository, new PullRequestDecider.Create(created));
        // the rules of the repository's templates that apply to the destination come with it
        for (AppliedTemplate template : templates.applicableTo(repository.repositoryId(),
                created.destinationReference())) {
            opened = pullRequests.decideAndAppend(caller, opened, new CreateRule(UUID.randomUUID().toString(),
                    template.name(), template.content(), template.id(), template.name(), caller.principal().arn(),
                    now));
        }
        return respond(caller, opened);
    }

    /** A create retried with its token: the same request answers what it made, another one is refused. */
    private PullRequestResponse retried(Caller caller, PullRequestRow earlier, StoredRepository repository,
            String source, String destination, String title, String description) {
        Loaded loaded = pullRequests.load(earlier).orElseThrow(CodeCommitErrors::idempotencyMismatch);
        PullRequestCreated created = loaded.state().created();
        Map<String, String> texts = pullRequests.texts(caller, repository, created.sealedTitle(),
                created.sealedDescription());
        boolean same = created.repositoryId().equals(repository.repositoryId())
                && created.sourceReference().equals(Constants.R_HEADS + source)
                && created.destinationReference().equals(Constants.R_HEADS + destination)
                && title.equals(texts.get(created.sealedTitle()))
                && Objects.equals(description, created.sealedDescription() == null ? null
                        : texts.get(created.sealedDescription()));
        if (!same) {
            throw CodeCommitErrors.idempotencyMismatch();
        }
        return new PullRequestResponse(pullRequests.view(caller, loaded));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public PullRequestResponse updateTitle(Caller caller, UpdatePullRequestTitleRequest request) {
        String title = title(request.title());
        Loaded loaded = pullRequests.load(caller, request.pullRequestId(), true);
        if (!loaded.state().open()) {
            throw PullRequestErrors.alreadyClosed(loaded.id());
        }
        return respond(caller, pullRequests.decideAndAppend(caller, loaded,
                new UpdateTitle(pullRequests.seal(caller, loaded.repository(), title), now())));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public PullRequestResponse updateDescription(Caller caller, UpdatePullRequestDescriptionRequest request) {
        description(request.description());
        Loaded loaded = pullRequests.load(caller, request.pullRequestId(), true);
        if (!loaded.state().open()) {
            throw PullRequestErrors.alreadyClosed(loaded.id());
        }
        return respond(caller, pullRequests.decideAndAppend(caller, loaded, new UpdateDescription(
                pullRequests.seal(caller, loaded.repository(), request.description()), now())));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public PullRequestResponse updateStatus(Caller caller, UpdatePullRequestStatusRequest request) {
        Loaded loaded = pullRequests.load(caller, request.pullRequestId(), true);
        return respond(caller, pullRequests.decideAndAppend(caller, loaded,
                new UpdateStatus(request.pullRequestStatus(), now())));
    }

    /** Moves the destination branch to the source's tip, if the destination is an ancestor of it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public PullRequestResponse mergeByFastForward(Caller caller, MergePullRequestByFastForwardRequest request) {
        Loaded loaded = mergeable(caller, request.pullRequestId(), request.repositoryName(),
                request.sourceCommitId());
        String destination = branchOf(loaded.state().created().destinationReference());
        MergeBranchesResponse merged = merges.fastForward(caller, new MergeBranchesByFastForwardRequest(
                loaded.repository().name(), loaded.state().sourceCommit(), destination, destination));
        return merged(caller, loaded, "FAST_FORWARD_MERGE", merged);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public PullRequestResponse mergeBySquash(Caller caller, MergePullRequestRequest request) {
        return merge(caller, request, false);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public PullRequestResponse mergeByThreeWay(Caller caller, MergePullRequestRequest request) {
        return merge(caller, request, true);
    }

    private PullRequestResponse merge(Caller caller, MergePullRequestRequest request, boolean threeWay) {
        Loaded loaded = mergeable(caller, request.pullRequestId(), request.repositoryName(),
                request.sourceCommitId());
        String destination = branchOf(loaded.state().created().destinationReference());
        MergeBranchesRequest merge = new MergeBranchesRequest(loaded.repository().name(),
                loaded.state().sourceCommit(), destination, destination, request.conflictDetailLevel(),
                request.conflictResolutionStrategy(), request.authorName(), request.email(), request.commitMessage(),
                request.keepEmptyFolders(), request.conflictResolution());
        MergeBranchesResponse merged = threeWay ? merges.threeWay(caller, merge) : merges.squash(caller, merge);
        return merged(caller, loaded, threeWay ? "THREE_WAY_MERGE" : "SQUASH_MERGE", merged);
    }

    /**
     * The pull request, locked, if it may be merged now: open, on that repository, its source branch where the
     * caller saw it ({@code sourceCommitId}, if given) and where the pull request last saw it, its rules satisfied.
     */
    private Loaded mergeable(Caller caller, String pullRequestId, String repositoryName, String sourceCommitId) {
        Loaded loaded = pullRequests.load(caller, pullRequestId, true);
        RepositoryNames.validName(repositoryName);
        if (!loaded.repository().name().equals(repositoryName)) {
            throw PullRequestErrors.repositoryNotAssociated(repositoryName, loaded.id());
        }
        PullRequestState state = loaded.state();
        if (!state.open()) {
            throw PullRequestErrors.alreadyClosed(loaded.id());
        }
        String sourceBranch = branchOf(state.created().sourceReference());
        String tip = revisions.tip(loaded.repository(), sourceBranch).map(ObjectId::name)
                .orElseThrow(() -> PullRequestErrors.referenceDoesNotExist(state.created().sourceReference()));
        if (!tip.equals(state.sourceCommit()) || sourceCommitId != null && !sourceCommitId.equals(tip)) {
            throw PullRequestErrors.tipOfSourceReferenceIsDifferent();
        }
        if (!ApprovalRules.evaluate(state).approved() && state.overriddenBy() == null) {
            throw PullRequestErrors.approvalRulesNotSatisfied(loaded.id());
        }
        return loaded;
    }

    private PullRequestResponse merged(Caller caller, Loaded loaded, String option, MergeBranchesResponse merged) {
        return respond(caller, pullRequests.decideAndAppend(caller, loaded, new RecordMerge(option,
                merged.commitId(), caller.principal().arn(), merged.commitId(), now())));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public ApprovalRuleResponse createApprovalRule(Caller caller, CreatePullRequestApprovalRuleRequest request) {
        PullRequestDecider.ruleName(request.approvalRuleName());
        PullRequestDecider.checkContent(request.approvalRuleContent());
        Loaded loaded = pullRequests.load(caller, request.pullRequestId(), true);
        String ruleId = UUID.randomUUID().toString();
        Loaded after = pullRequests.decideAndAppend(caller, loaded, new CreateRule(ruleId,
                request.approvalRuleName(), request.approvalRuleContent(), null, null, caller.principal().arn(),
                now()));
        return new ApprovalRuleResponse(after.state().rules().stream().filter(r -> r.id().equals(ruleId))
                .findFirst().map(PullRequestStore::rule).orElseThrow());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public ApprovalRuleResponse updateApprovalRuleContent(Caller caller,
            UpdatePullRequestApprovalRuleContentRequest request) {
        String name = PullRequestDecider.ruleName(request.approvalRuleName());
        Loaded loaded = pullRequests.load(caller, request.pullRequestId(), true);
        Loaded after = pullRequests.decideAndAppend(caller, loaded, new UpdateRuleContent(name,
                request.newRuleContent(), request.existingRuleContentSha256(), caller.principal().arn(), now()));
        return new ApprovalRuleResponse(after.state().rules().stream().filter(r -> r.name().equals(name))
                .findFirst().map(PullRequestStore::rule).orElseThrow());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public DeletePullRequestApprovalRuleResponse deleteApprovalRule(Caller caller,
            DeletePullRequestApprovalRuleRequest request) {
        String name = PullRequestDecider.ruleName(request.approvalRuleName());
        Loaded loaded = pullRequests.load(caller, request.pullRequestId(), true);
        Optional<String> id = loaded.state().rules().stream().filter(r -> r.name().equals(name))
                .map(PullRequestState.ApprovalRule::id).findFirst();
        pullRequests.decideAndAppend(caller, loaded, new DeleteRule(name, now()));
        return new DeletePullRequestApprovalRuleResponse(id.orElse(null));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Void updateApprovalState(Caller caller, UpdatePullRequestApprovalStateRequest request) {
        Loaded loaded = pullRequests.load(caller, request.pullRequestId(), true);
        pullRequests.decideAndAppend(caller, loaded, new UpdateApprovalState(request.revisionId(),
                caller.principal().arn(), request.approvalState(), now()));
        return null;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Void overrideApprovalRules(Caller caller, OverridePullRequestApprovalRulesRequest request) {
        Loaded loaded = pullRequests.load(caller, request.pullRequestId(), true);
        pullRequests.decideAndAppend(caller, loaded, new OverrideRules(request.revisionId(),
                caller.principal().arn(), request.overrideStatus(), now()));
        return null;
    }

    private PullRequestResponse respond(Caller caller, Loaded loaded) {
        return new PullRequestResponse(pullRequests.view(caller, loaded));
    }

    private ObjectId tip(StoredRepository repository, String branch) {
        return revisions.tip(repository, branch)
                .orElseThrow(() -> PullRequestErrors.referenceDoesNotExist(Constants.R_HEADS + branch));
    }

    /**
     * A revision's ID: a digest of the pull request, its source commit and the stream position that made it, so
     * each revision has its own.
     */
    static String revisionId(String pullRequestId, String sourceCommit, long version) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    (pullRequestId + ":" + sourceCommit + ":" + version).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String title(String title) {
        if (title == null || title.isBlank()) {
            throw PullRequestErrors.titleRequired();
        }
        if (title.length() > MAX_TITLE) {
            throw PullRequestErrors.invalidTitle();
        }
        return title;
    }

    private static void description(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw PullRequestErrors.invalidDescription();
        }
    }

    /** The one target of a create: CodeCommit's pull requests are on one repository. */
    private static Target target(CreatePullRequestRequest request) {
        if (request.targets() == null || request.targets().isEmpty()) {
            throw PullRequestErrors.targetsRequired();
        }
        if (request.targets().stream().anyMatch(Objects::isNull)) {
            throw PullRequestErrors.targetRequired();
        }
        if (request.targets().size() > 1) {
            throw request.targets().stream().map(Target::repositoryName).distinct().count() > 1
                    ? PullRequestErrors.multipleRepositories() : PullRequestErrors.invalidTargets();
        }
        Target target = request.targets().get(0);
        if (target.sourceReference() == null || target.sourceReference().isEmpty()) {
            throw PullRequestErrors.referenceNameRequired();
        }
        return target;
    }

    /** A branch given as {@code refs/heads/<name>} or {@code <name>}. */
    private static String branch(String reference) {
        if (reference.startsWith(Constants.R_REFS) && !reference.startsWith(Constants.R_HEADS)) {
            throw PullRequestErrors.referenceTypeNotSupported(reference);
        }
        String name = reference.startsWith(Constants.R_HEADS) ? reference.substring(Constants.R_HEADS.length())
                : reference;
        try {
            return Branches.validBranch(name);
        } catch (AwsException e) {
            throw PullRequestErrors.invalidReferenceName(reference);
        }
    }

    static String branchOf(String reference) {
        return reference.substring(Constants.R_HEADS.length());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
