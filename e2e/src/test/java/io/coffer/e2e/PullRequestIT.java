package io.coffer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.coffer.events.Topics;
import io.coffer.testsupport.KafkaBroker;
import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.TopicProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.ApprovalRuleNameAlreadyExistsException;
import software.amazon.awssdk.services.codecommit.model.ApprovalRuleTemplateDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.ApprovalRuleTemplateInUseException;
import software.amazon.awssdk.services.codecommit.model.ApprovalRuleTemplateNameAlreadyExistsException;
import software.amazon.awssdk.services.codecommit.model.ApprovalState;
import software.amazon.awssdk.services.codecommit.model.CannotModifyApprovalRuleFromTemplateException;
import software.amazon.awssdk.services.codecommit.model.Comment;
import software.amazon.awssdk.services.codecommit.model.CommentContentRequiredException;
import software.amazon.awssdk.services.codecommit.model.CommentDeletedException;
import software.amazon.awssdk.services.codecommit.model.CommentDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.CommentNotCreatedByCallerException;
import software.amazon.awssdk.services.codecommit.model.CommitDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.Evaluation;
import software.amazon.awssdk.services.codecommit.model.IdempotencyParameterMismatchException;
import software.amazon.awssdk.services.codecommit.model.InvalidApprovalRuleContentException;
import software.amazon.awssdk.services.codecommit.model.InvalidApprovalRuleTemplateContentException;
import software.amazon.awssdk.services.codecommit.model.InvalidCommentIdException;
import software.amazon.awssdk.services.codecommit.model.InvalidPullRequestIdException;
import software.amazon.awssdk.services.codecommit.model.InvalidPullRequestStatusUpdateException;
import software.amazon.awssdk.services.codecommit.model.InvalidReactionValueException;
import software.amazon.awssdk.services.codecommit.model.InvalidRuleContentSha256Exception;
import software.amazon.awssdk.services.codecommit.model.InvalidTitleException;
import software.amazon.awssdk.services.codecommit.model.Location;
import software.amazon.awssdk.services.codecommit.model.MergeOptionTypeEnum;
import software.amazon.awssdk.services.codecommit.model.MultipleRepositoriesInPullRequestException;
import software.amazon.awssdk.services.codecommit.model.OverrideStatus;
import software.amazon.awssdk.services.codecommit.model.PullRequest;
import software.amazon.awssdk.services.codecommit.model.PullRequestAlreadyClosedException;
import software.amazon.awssdk.services.codecommit.model.PullRequestApprovalRulesNotSatisfiedException;
import software.amazon.awssdk.services.codecommit.model.PullRequestCannotBeApprovedByAuthorException;
import software.amazon.awssdk.services.codecommit.model.PullRequestDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.PullRequestEvent;
import software.amazon.awssdk.services.codecommit.model.PullRequestEventType;
import software.amazon.awssdk.services.codecommit.model.PullRequestStatusEnum;
import software.amazon.awssdk.services.codecommit.model.PullRequestTarget;
import software.amazon.awssdk.services.codecommit.model.ReferenceDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.RelativeFileVersionEnum;
import software.amazon.awssdk.services.codecommit.model.RevisionNotCurrentException;
import software.amazon.awssdk.services.codecommit.model.SourceAndDestinationAreSameException;
import software.amazon.awssdk.services.codecommit.model.Target;
import software.amazon.awssdk.services.codecommit.model.TipOfSourceReferenceIsDifferentException;
import software.amazon.awssdk.services.codecommit.model.TitleRequiredException;

/**
 * CodeCommit's pull requests and comments through the official SDK client: a developer opens one, an admin approves
 * it under an approval rule, a push to the source makes a new revision, and a merge closes it; a branch merge outside
 * the pull request closes another; comments on lines, replies and reactions. Titles, descriptions and comments are
 * sealed under the repository's key: never on the audit trail, in an event or in the database.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PullRequestIT {

    private static final String REGION = "us-east-1";
    private static final String REPOSITORY = "reviews";
    private static final String MARKER = "COFFER-PR-MARKER-" + UUID.randomUUID();
    private static final String DEVELOPER_ARN = "arn:aws:iam::" + LocalIdentity.ACCOUNT_ID + ":user/developer";
    private static final String RULE = """
            {"Version": "2018-11-08", "Statements": [{"Type": "Approvers", "NumberOfApprovalsNeeded": 1,
             "ApprovalPoolMembers": ["arn:aws:iam::%s:user/admin"]}]}""".formatted(LocalIdentity.ACCOUNT_ID);

    private static CofferStack stack;
    private static CodeCommitClient admin;
    private static CodeCommitClient developer;
    private static String repositoryId;
    private static String base;
    private static String featureTip;
    private static String pullRequestId;

    @BeforeAll
    static void start() throws Exception {
        stack = new CofferStack();
        admin = stack.codeCommit(REGION, LocalIdentity.credentials());
        developer = stack.codeCommit(REGION, LocalIdentity.developer());
        repositoryId = admin.createRepository(r -> r.repositoryName(REPOSITORY)).repositoryMetadata()
                .repositoryId();
        admin.createRepository(r -> r.repositoryName("elsewhere"));
        base = admin.putFile(r -> r.repositoryName(REPOSITORY).branchName("main").filePath("README.md")
                .fileContent(text("# reviews\n"))).commitId();
        admin.createBranch(r -> r.repositoryName(REPOSITORY).branchName("feature").commitId(base));
        featureTip = admin.putFile(r -> r.repositoryName(REPOSITORY).branchName("feature").filePath("feature.txt")
                .fileContent(text("one\n")).parentCommitId(base)).commitId();
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {admin, developer, stack}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    private static SdkBytes text(String content) {
        return SdkBytes.fromString(content, StandardCharsets.UTF_8);
    }

    private static Target target(String source, String destination) {
        return Target.builder().repositoryName(REPOSITORY).sourceReference(source).destinationReference(destination)
                .build();
    }

    private static PullRequest get(String id) {
        return developer.getPullRequest(r -> r.pullRequestId(id)).pullRequest();
    }

    /** The pull request once {@code done} holds of it: the branch tracker follows pushes from the event log. */
    private static PullRequest await(String id, Predicate<PullRequest> done) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        PullRequest pullRequest = get(id);
        while (!done.test(pullRequest)) {
            assertTrue(Instant.now().isBefore(deadline), "pull request never got there: " + pullRequest);
            Thread.sleep(200);
            pullRequest = get(id);
        }
        return pullRequest;
    }

    @Test
    @Order(1)
    void givenTwoBranches_whenDeveloperOpensPullRequest_thenItIsOpenOnBothCommitsAndRetriesAnswerIt() {
        String token = UUID.randomUUID().toString();
        PullRequest created = developer.createPullRequest(r -> r.title("Add the feature " + MARKER)
                .description("Why: " + MARKER).targets(target("feature", "main")).clientRequestToken(token))
                .pullRequest();
        pullRequestId = created.pullRequestId();
        assertTrue(pullRequestId.matches("[0-9]+"), pullRequestId);
        assertEquals(PullRequestStatusEnum.OPEN, created.pullRequestStatus());
        assertEquals(DEVELOPER_ARN, created.authorArn());
        assertEquals("Add the feature " + MARKER, created.title());
        assertEquals("Why: " + MARKER, created.description());
        assertTrue(created.revisionId().matches("[0-9a-f]{64}"), created.revisionId());
        PullRequestTarget target = created.pullRequestTargets().get(0);
        assertEquals(REPOSITORY, target.repositoryName());
        assertEquals("refs/heads/feature", target.sourceReference());
        assertEquals("refs/heads/main", target.destinationReference());
        assertEquals(featureTip, target.sourceCommit());
        assertEquals(base, target.destinationCommit());
        assertEquals(base, target.mergeBase());
        assertFalse(target.mergeMetadata().isMerged());

        // the SDK retries with the same token: the same pull request; the token with other text is refused
        assertEquals(pullRequestId, developer.createPullRequest(r -> r.title("Add the feature " + MARKER)
                .description("Why: " + MARKER).targets(target("feature", "main")).clientRequestToken(token))
                .pullRequest().pullRequestId());
        assertThrows(IdempotencyParameterMismatchException.class, () -> developer.createPullRequest(r -> r
                .title("Something else").targets(target("feature", "main")).clientRequestToken(token)));

        assertThrows(SourceAndDestinationAreSameException.class, () -> developer.createPullRequest(r -> r
                .title("t").targets(target("main", "refs/heads/main"))));
        assertThrows(ReferenceDoesNotExistException.class, () -> developer.createPullRequest(r -> r
                .title("t").targets(target("nowhere", "main"))));
        assertThrows(TitleRequiredException.class, () -> developer.createPullRequest(r -> r
                .targets(target("feature", "main"))));
        assertThrows(InvalidTitleException.class, () -> developer.createPullRequest(r -> r
                .title("t".repeat(151)).targets(target("feature", "main"))));
        assertThrows(MultipleRepositoriesInPullRequestException.class, () -> developer.createPullRequest(r -> r
                .title("t").targets(target("feature", "main"), Target.builder().repositoryName("elsewhere")
                        .sourceReference("feature").build())));
        assertThrows(InvalidPullRequestIdException.class, () -> get("first"));
        assertThrows(PullRequestDoesNotExistException.class, () -> get("987654321"));
    }

    @Test
    @Order(2)
    void givenOpenPullRequest_whenListedAndEdited_thenListsAndShowsTheNewText() {
        assertTrue(developer.listPullRequests(r -> r.repositoryName(REPOSITORY)).pullRequestIds()
                .contains(pullRequestId));
        assertTrue(developer.listPullRequests(r -> r.repositoryName(REPOSITORY).pullRequestStatus("CLOSED"))
                .pullRequestIds().isEmpty());
        assertEquals(List.of(pullRequestId), developer.listPullRequests(r -> r.repositoryName(REPOSITORY)
                .authorArn(DEVELOPER_ARN)).pullRequestIds());
        assertTrue(developer.listPullRequests(r -> r.repositoryName(REPOSITORY).authorArn(LocalIdentity.ARN))
                .pullRequestIds().isEmpty());

        assertEquals("Feature, reviewed " + MARKER, developer.updatePullRequestTitle(r -> r
                .pullRequestId(pullRequestId).title("Feature, reviewed " + MARKER)).pullRequest().title());
        developer.updatePullRequestDescription(r -> r.pullRequestId(pullRequestId).description("Now: " + MARKER));
        PullRequest shown = get(pullRequestId);
        assertEquals("Feature, reviewed " + MARKER, shown.title());
        assertEquals("Now: " + MARKER, shown.description());
    }

    @Test
    @Order(3)
    void givenApprovalRule_whenOnlyTheAuthorTriesAndThenAnAdminApproves_thenOnlyTheAdminsApprovalCounts() {
        var rule = developer.createPullRequestApprovalRule(r -> r.pullRequestId(pullRequestId)
                .approvalRuleName("admin-review").approvalRuleContent(RULE)).approvalRule();
        assertEquals("admin-review", rule.approvalRuleName());
        assertEquals(64, rule.ruleContentSha256().length());
        assertThrows(ApprovalRuleNameAlreadyExistsException.class, () -> developer.createPullRequestApprovalRule(
                r -> r.pullRequestId(pullRequestId).approvalRuleName("admin-review").approvalRuleContent(RULE)));
        assertThrows(InvalidApprovalRuleContentException.class, () -> developer.createPullRequestApprovalRule(
                r -> r.pullRequestId(pullRequestId).approvalRuleName("bad").approvalRuleContent("{\"Version\": 1}")));

        String revision = get(pullRequestId).revisionId();
        Evaluation before = developer.evaluatePullRequestApprovalRules(r -> r.pullRequestId(pullRequestId)
                .revisionId(revision)).evaluation();
        assertFalse(before.approved());
        assertEquals(List.of("admin-review"), before.approvalRulesNotSatisfied());
        assertThrows(PullRequestApprovalRulesNotSatisfiedException.class, () -> developer
                .mergePullRequestByFastForward(r -> r.pullRequestId(pullRequestId).repositoryName(REPOSITORY)));
        assertThrows(PullRequestCannotBeApprovedByAuthorException.class, () -> developer
                .updatePullRequestApprovalState(r -> r.pullRequestId(pullRequestId).revisionId(revision)
                        .approvalState(ApprovalState.APPROVE)));
        assertThrows(RevisionNotCurrentException.class, () -> admin.updatePullRequestApprovalState(r -> r
                .pullRequestId(pullRequestId).revisionId("0".repeat(64)).approvalState(ApprovalState.APPROVE)));

        admin.updatePullRequestApprovalState(r -> r.pullRequestId(pullRequestId).revisionId(revision)
                .approvalState(ApprovalState.APPROVE));
        Evaluation after = developer.evaluatePullRequestApprovalRules(r -> r.pullRequestId(pullRequestId)
                .revisionId(revision)).evaluation();
        assertTrue(after.approved());
        assertEquals(List.of("admin-review"), after.approvalRulesSatisfied());
        var approvals = developer.getPullRequestApprovalStates(r -> r.pullRequestId(pullRequestId)
                .revisionId(revision)).approvals();
        assertEquals(1, approvals.size());
        assertEquals(LocalIdentity.ARN, approvals.get(0).userArn());
        assertEquals(ApprovalState.APPROVE, approvals.get(0).approvalState());
    }

    @Test
    @Order(4)
    void givenApprovedRevision_whenSourceIsPushedTo_thenNewRevisionNeedsApprovalAgainUntilOverridden()
            throws Exception {
        String approved = get(pullRequestId).revisionId();
        String pushed = admin.putFile(r -> r.repositoryName(REPOSITORY).branchName("feature")
                .filePath("feature.txt").fileContent(text("one\ntwo\n")).parentCommitId(featureTip)).commitId();
        // merging what the pull request has not caught up with is refused
        PullRequest updated = await(pullRequestId, p -> p.pullRequestTargets().get(0).sourceCommit().equals(pushed));
        assertNotEquals(approved, updated.revisionId());
        assertEquals(base, updated.pullRequestTargets().get(0).mergeBase());
        assertThrows(RevisionNotCurrentException.class, () -> developer.evaluatePullRequestApprovalRules(r -> r
                .pullRequestId(pullRequestId).revisionId(approved)));
        assertFalse(developer.evaluatePullRequestApprovalRules(r -> r.pullRequestId(pullRequestId)
                .revisionId(updated.revisionId())).evaluation().approved());

        admin.overridePullRequestApprovalRules(r -> r.pullRequestId(pullRequestId).revisionId(updated.revisionId())
                .overrideStatus(OverrideStatus.OVERRIDE));
        var state = developer.getPullRequestOverrideState(r -> r.pullRequestId(pullRequestId)
                .revisionId(updated.revisionId()));
        assertTrue(state.overridden());
        assertEquals(LocalIdentity.ARN, state.overrider());
        featureTip = pushed;
    }

    @Test
    @Order(5)
    void givenOverriddenRules_whenMergedByThreeWay_thenDestinationHasTheMergeAndPullRequestIsClosed() {
        admin.putFile(r -> r.repositoryName(REPOSITORY).branchName("main").filePath("main.txt")
                .fileContent(text("main\n")).parentCommitId(base));
        assertThrows(TipOfSourceReferenceIsDifferentException.class, () -> developer.mergePullRequestByThreeWay(r -> r
                .pullRequestId(pullRequestId).repositoryName(REPOSITORY).sourceCommitId(base)));
        PullRequest merged = developer.mergePullRequestByThreeWay(r -> r.pullRequestId(pullRequestId)
                .repositoryName(REPOSITORY).sourceCommitId(featureTip).commitMessage("Merge the feature"))
                .pullRequest();
        assertEquals(PullRequestStatusEnum.CLOSED, merged.pullRequestStatus());
        var metadata = merged.pullRequestTargets().get(0).mergeMetadata();
        assertTrue(metadata.isMerged());
        assertEquals(MergeOptionTypeEnum.THREE_WAY_MERGE, metadata.mergeOption());
        assertEquals(DEVELOPER_ARN, metadata.mergedBy());
        String mainTip = admin.getBranch(r -> r.repositoryName(REPOSITORY).branchName("main")).branch().commitId();
        assertEquals(mainTip, metadata.mergeCommitId());
        assertEquals(List.of(featureTip), admin.getCommit(r -> r.repositoryName(REPOSITORY).commitId(mainTip))
                .commit().parents().subList(1, 2));

        assertThrows(InvalidPullRequestStatusUpdateException.class, () -> developer.updatePullRequestStatus(r -> r
                .pullRequestId(pullRequestId).pullRequestStatus(PullRequestStatusEnum.OPEN)));
        assertThrows(PullRequestAlreadyClosedException.class, () -> developer.updatePullRequestTitle(r -> r
                .pullRequestId(pullRequestId).title("late")));
        assertEquals(List.of(pullRequestId), developer.listPullRequests(r -> r.repositoryName(REPOSITORY)
                .pullRequestStatus(PullRequestStatusEnum.CLOSED)).pullRequestIds());
    }

    @Test
    @Order(6)
    void givenPullRequest_whenItsSourceIsMergedOutsideIt_thenItIsMergedAndClosedWithoutAnOption()
            throws Exception {
        String mainTip = admin.getBranch(r -> r.repositoryName(REPOSITORY).branchName("main")).branch().commitId();
        admin.createBranch(r -> r.repositoryName(REPOSITORY).branchName("hotfix").commitId(mainTip));
        String fix = admin.putFile(r -> r.repositoryName(REPOSITORY).branchName("hotfix").filePath("fix.txt")
                .fileContent(text("fix\n")).parentCommitId(mainTip)).commitId();
        String id = developer.createPullRequest(r -> r.title("Hotfix").targets(target("refs/heads/hotfix", null)))
                .pullRequest().pullRequestId();
        // closed and opened again: still the same pull request
        developer.updatePullRequestStatus(r -> r.pullRequestId(id).pullRequestStatus(PullRequestStatusEnum.CLOSED));
        assertEquals(PullRequestStatusEnum.OPEN, developer.updatePullRequestStatus(r -> r.pullRequestId(id)
                .pullRequestStatus(PullRequestStatusEnum.OPEN)).pullRequest().pullRequestStatus());

        admin.mergeBranchesByFastForward(r -> r.repositoryName(REPOSITORY).sourceCommitSpecifier("hotfix")
                .destinationCommitSpecifier("main"));
        PullRequest merged = await(id, p -> p.pullRequestStatus() == PullRequestStatusEnum.CLOSED);
        var metadata = merged.pullRequestTargets().get(0).mergeMetadata();
        assertTrue(metadata.isMerged());
        assertEquals(LocalIdentity.ARN, metadata.mergedBy());
        assertNull(metadata.mergeOption());
        assertEquals(fix, merged.pullRequestTargets().get(0).destinationCommit());
    }

    @Test
    @Order(7)
    void givenReviewedPullRequest_whenEventsDescribed_thenItsHistoryIsListedInOrderAndPaged() {
        List<PullRequestEvent> events = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = developer.describePullRequestEvents(r -> r.pullRequestId(pullRequestId).maxResults(2)
                    .nextToken(next));
            events.addAll(page.pullRequestEvents());
            token = page.nextToken();
        } while (token != null);
        assertEquals(List.of(PullRequestEventType.PULL_REQUEST_CREATED,
                PullRequestEventType.PULL_REQUEST_APPROVAL_RULE_CREATED,
                PullRequestEventType.PULL_REQUEST_APPROVAL_STATE_CHANGED,
                PullRequestEventType.PULL_REQUEST_SOURCE_REFERENCE_UPDATED,
                PullRequestEventType.PULL_REQUEST_APPROVAL_RULE_OVERRIDDEN,
                PullRequestEventType.PULL_REQUEST_MERGE_STATE_CHANGED),
                events.stream().map(PullRequestEvent::pullRequestEventType).toList());
        assertEquals(DEVELOPER_ARN, events.get(0).actorArn());
        assertEquals(base, events.get(0).pullRequestCreatedEventMetadata().destinationCommitId());
        assertEquals(featureTip, events.get(3).pullRequestSourceReferenceUpdatedEventMetadata().afterCommitId());
        assertEquals(LocalIdentity.ARN, events.get(2).actorArn());
        assertEquals(List.of(PullRequestEventType.PULL_REQUEST_APPROVAL_STATE_CHANGED), developer
                .describePullRequestEvents(r -> r.pullRequestId(pullRequestId)
                        .pullRequestEventType(PullRequestEventType.PULL_REQUEST_APPROVAL_STATE_CHANGED))
                .pullRequestEvents().stream().map(PullRequestEvent::pullRequestEventType).toList());
    }

    @Test
    @Order(8)
    void givenPullRequest_whenCommentedOnALineRepliedToAndReactedTo_thenCommentsAreGroupedByPlace() {
        Location line = Location.builder().filePath("feature.txt").filePosition(1L)
                .relativeFileVersion(RelativeFileVersionEnum.AFTER).build();
        String token = UUID.randomUUID().toString();
        var posted = developer.postCommentForPullRequest(r -> r.pullRequestId(pullRequestId)
                .repositoryName(REPOSITORY).beforeCommitId(base).afterCommitId(featureTip).location(line)
                .content("Line one " + MARKER).clientRequestToken(token));
        assertNull(posted.beforeBlobId(), "feature.txt is new");
        assertEquals(40, posted.afterBlobId().length());
        assertEquals("Line one " + MARKER, posted.comment().content());
        assertEquals(DEVELOPER_ARN, posted.comment().authorArn());
        String commentId = posted.comment().commentId();
        assertEquals(commentId, developer.postCommentForPullRequest(r -> r.pullRequestId(pullRequestId)
                .repositoryName(REPOSITORY).beforeCommitId(base).afterCommitId(featureTip).location(line)
                .content("Line one " + MARKER).clientRequestToken(token)).comment().commentId());
        String replyId = admin.postCommentReply(r -> r.inReplyTo(commentId).content("Agreed " + MARKER))
                .comment().commentId();
        developer.postCommentForPullRequest(r -> r.pullRequestId(pullRequestId).repositoryName(REPOSITORY)
                .beforeCommitId(base).afterCommitId(featureTip).content("Overall fine"));
        assertThrows(CommitDoesNotExistException.class, () -> developer.postCommentForPullRequest(r -> r
                .pullRequestId(pullRequestId).repositoryName(REPOSITORY).beforeCommitId(base)
                .afterCommitId("1".repeat(40)).content("x")));
        assertThrows(CommentContentRequiredException.class, () -> developer.postCommentForPullRequest(r -> r
                .pullRequestId(pullRequestId).repositoryName(REPOSITORY).beforeCommitId(base)
                .afterCommitId(featureTip)));

        var groups = developer.getCommentsForPullRequest(r -> r.pullRequestId(pullRequestId))
                .commentsForPullRequestData();
        assertEquals(2, groups.size());
        assertEquals("feature.txt", groups.get(0).location().filePath());
        assertEquals(List.of(commentId, replyId), groups.get(0).comments().stream().map(Comment::commentId).toList());
        assertEquals(commentId, groups.get(0).comments().get(1).inReplyTo());
        assertNull(groups.get(1).location());
        assertEquals("Overall fine", groups.get(1).comments().get(0).content());

        assertThrows(CommentNotCreatedByCallerException.class, () -> admin.updateComment(r -> r
                .commentId(commentId).content("mine now")));
        assertEquals("Line one, edited " + MARKER, developer.updateComment(r -> r.commentId(commentId)
                .content("Line one, edited " + MARKER)).comment().content());
        admin.putCommentReaction(r -> r.commentId(commentId).reactionValue("\uD83D\uDC4D"));
        developer.putCommentReaction(r -> r.commentId(commentId).reactionValue(":thumbsup:"));
        developer.putCommentReaction(r -> r.commentId(replyId).reactionValue("U+1F680"));
        assertThrows(InvalidReactionValueException.class, () -> developer.putCommentReaction(r -> r
                .commentId(commentId).reactionValue(":shrug:")));
        var reactions = developer.getCommentReactions(r -> r.commentId(commentId)).reactionsForComment();
        assertEquals(1, reactions.size());
        assertEquals("thumbsup", reactions.get(0).reaction().shortCode());
        assertEquals(List.of(LocalIdentity.ARN, DEVELOPER_ARN), reactions.get(0).reactionUsers());
        Comment reacted = developer.getComment(r -> r.commentId(commentId)).comment();
        assertEquals(Map.of("THUMBSUP", 2), reacted.reactionCounts());
        assertEquals(List.of("THUMBSUP"), reacted.callerReactions());
        developer.putCommentReaction(r -> r.commentId(commentId).reactionValue("none"));
        assertEquals(Map.of("THUMBSUP", 1), developer.getComment(r -> r.commentId(commentId)).comment()
                .reactionCounts());

        Comment deleted = admin.deleteCommentContent(r -> r.commentId(replyId)).comment();
        assertTrue(deleted.deleted());
        assertNull(deleted.content());
        assertThrows(CommentDeletedException.class, () -> admin.updateComment(r -> r.commentId(replyId)
                .content("again")));
        assertThrows(InvalidCommentIdException.class, () -> developer.getComment(r -> r.commentId("first")));
        assertThrows(CommentDoesNotExistException.class, () -> developer.getComment(r -> r
                .commentId(UUID.randomUUID().toString())));
    }

    @Test
    @Order(9)
    void givenTwoCommits_whenCommentedOutsideAPullRequest_thenOnlyTheComparisonListsIt() {
        var posted = admin.postCommentForComparedCommit(r -> r.repositoryName(REPOSITORY).beforeCommitId(base)
                .afterCommitId(featureTip).content("Compared " + MARKER));
        assertEquals(REPOSITORY, posted.repositoryName());
        var data = developer.getCommentsForComparedCommit(r -> r.repositoryName(REPOSITORY).beforeCommitId(base)
                .afterCommitId(featureTip)).commentsForComparedCommitData();
        assertEquals(1, data.size());
        assertEquals(List.of(posted.comment().commentId()), data.get(0).comments().stream().map(Comment::commentId)
                .toList());
        assertTrue(developer.getCommentsForPullRequest(r -> r.pullRequestId(pullRequestId)).commentsForPullRequestData()
                .stream().flatMap(g -> g.comments().stream())
                .noneMatch(c -> c.commentId().equals(posted.comment().commentId())));
    }

    @Test
    @Order(10)
    void givenTemplateOnRepository_whenPullRequestOpened_thenItCarriesTheTemplatesRuleUntilDisassociated() {
        var template = admin.createApprovalRuleTemplate(r -> r.approvalRuleTemplateName("main-needs-admin")
                .approvalRuleTemplateDescription("Admins approve what goes to main").approvalRuleTemplateContent("""
                        {"Version": "2018-11-08", "DestinationReferences": ["refs/heads/main"],
                         "Statements": [{"Type": "Approvers", "NumberOfApprovalsNeeded": 1,
                          "ApprovalPoolMembers": ["CodeCommitApprovers:%s:admin"]}]}""".formatted(
                        LocalIdentity.ACCOUNT_ID))).approvalRuleTemplate();
        assertThrows(ApprovalRuleTemplateNameAlreadyExistsException.class, () -> admin.createApprovalRuleTemplate(
                r -> r.approvalRuleTemplateName("main-needs-admin").approvalRuleTemplateContent(RULE)));
        assertThrows(InvalidApprovalRuleTemplateContentException.class, () -> admin.createApprovalRuleTemplate(
                r -> r.approvalRuleTemplateName("broken").approvalRuleTemplateContent("{}")));
        var associated = admin.batchAssociateApprovalRuleTemplateWithRepositories(r -> r
                .approvalRuleTemplateName("main-needs-admin").repositoryNames(REPOSITORY, "no-such-repository"));
        assertEquals(List.of(REPOSITORY), associated.associatedRepositoryNames());
        assertEquals("RepositoryDoesNotExistException", associated.errors().get(0).errorCode());
        assertEquals(List.of("main-needs-admin"), admin.listAssociatedApprovalRuleTemplatesForRepository(r -> r
                .repositoryName(REPOSITORY)).approvalRuleTemplateNames());
        assertEquals(List.of(REPOSITORY), admin.listRepositoriesForApprovalRuleTemplate(r -> r
                .approvalRuleTemplateName("main-needs-admin")).repositoryNames());
        assertTrue(admin.listApprovalRuleTemplates(r -> r.maxResults(10)).approvalRuleTemplateNames()
                .contains("main-needs-admin"));

        String mainTip = admin.getBranch(r -> r.repositoryName(REPOSITORY).branchName("main")).branch().commitId();
        admin.createBranch(r -> r.repositoryName(REPOSITORY).branchName("docs").commitId(mainTip));
        admin.putFile(r -> r.repositoryName(REPOSITORY).branchName("docs").filePath("docs.md")
                .fileContent(text("docs\n")).parentCommitId(mainTip));
        PullRequest opened = developer.createPullRequest(r -> r.title("Docs").targets(target("docs", "main")))
                .pullRequest();
        assertEquals(1, opened.approvalRules().size());
        var rule = opened.approvalRules().get(0);
        assertEquals("main-needs-admin", rule.approvalRuleName());
        assertEquals(template.approvalRuleTemplateId(), rule.originApprovalRuleTemplate().approvalRuleTemplateId());
        assertThrows(CannotModifyApprovalRuleFromTemplateException.class, () -> developer
                .updatePullRequestApprovalRuleContent(r -> r.pullRequestId(opened.pullRequestId())
                        .approvalRuleName("main-needs-admin").newRuleContent(RULE)));
        assertThrows(PullRequestApprovalRulesNotSatisfiedException.class, () -> developer
                .mergePullRequestBySquash(r -> r.pullRequestId(opened.pullRequestId()).repositoryName(REPOSITORY)));
        admin.updatePullRequestApprovalState(r -> r.pullRequestId(opened.pullRequestId())
                .revisionId(opened.revisionId()).approvalState(ApprovalState.APPROVE));
        assertEquals(MergeOptionTypeEnum.SQUASH_MERGE, developer.mergePullRequestBySquash(r -> r
                .pullRequestId(opened.pullRequestId()).repositoryName(REPOSITORY)).pullRequest()
                .pullRequestTargets().get(0).mergeMetadata().mergeOption());

        assertThrows(ApprovalRuleTemplateInUseException.class, () -> admin.deleteApprovalRuleTemplate(r -> r
                .approvalRuleTemplateName("main-needs-admin")));
        assertThrows(InvalidRuleContentSha256Exception.class, () -> admin.updateApprovalRuleTemplateContent(r -> r
                .approvalRuleTemplateName("main-needs-admin").newRuleContent(RULE)
                .existingRuleContentSha256("0".repeat(64))));
        var renamed = admin.updateApprovalRuleTemplateName(r -> r.oldApprovalRuleTemplateName("main-needs-admin")
                .newApprovalRuleTemplateName("admin-review")).approvalRuleTemplate();
        assertEquals(template.approvalRuleTemplateId(), renamed.approvalRuleTemplateId());
        assertEquals("Reviewed", admin.updateApprovalRuleTemplateDescription(r -> r
                .approvalRuleTemplateName("admin-review").approvalRuleTemplateDescription("Reviewed"))
                .approvalRuleTemplate().approvalRuleTemplateDescription());
        admin.disassociateApprovalRuleTemplateFromRepository(r -> r.approvalRuleTemplateName("admin-review")
                .repositoryName(REPOSITORY));
        assertTrue(admin.listAssociatedApprovalRuleTemplatesForRepository(r -> r.repositoryName(REPOSITORY))
                .approvalRuleTemplateNames().isEmpty());
        assertEquals(template.approvalRuleTemplateId(), admin.deleteApprovalRuleTemplate(r -> r
                .approvalRuleTemplateName("admin-review")).approvalRuleTemplateId());
        assertThrows(ApprovalRuleTemplateDoesNotExistException.class, () -> admin.getApprovalRuleTemplate(r -> r
                .approvalRuleTemplateName("admin-review")));
    }

    @Test
    @Order(11)
    void givenPullRequestText_whenAuditTrailEventsAndStorageSearched_thenCallsAreRecordedAndTextIsSealed()
            throws Exception {
        List<String> calls = List.of("CreatePullRequest", "GetPullRequest", "UpdatePullRequestTitle",
                "UpdatePullRequestApprovalState", "MergePullRequestByThreeWay", "DescribePullRequestEvents",
                "PostCommentForPullRequest", "PostCommentReply", "UpdateComment", "GetCommentsForPullRequest",
                "PutCommentReaction", "BatchAssociateApprovalRuleTemplateWithRepositories");
        List<ConsumerRecord<String, String>> audit = new TopicProbe(KafkaBroker.bootstrapServers()).readUntil(
                Topics.AUDIT_RECORDS, Duration.ofSeconds(30),
                seen -> calls.stream().noneMatch(call -> EventRecords.ofRepository(seen, call, repositoryId)
                        .isEmpty()));
        for (String call : calls) {
            List<JsonNode> records = EventRecords.ofRepository(audit, call, repositoryId);
            assertFalse(records.isEmpty(), call);
            assertEquals("arn:aws:codecommit:us-east-1:" + LocalIdentity.ACCOUNT_ID + ":" + REPOSITORY,
                    records.get(0).get("resources").get(0).get("ARN").asText(), call);
        }
        for (ConsumerRecord<String, String> record : audit) {
            assertFalse(record.value().contains(MARKER), "pull request text or a comment on the audit trail");
        }
        List<ConsumerRecord<String, String>> events = new TopicProbe(KafkaBroker.bootstrapServers()).readUntil(
                Topics.REPOSITORY_EVENTS, Duration.ofSeconds(30),
                seen -> seen.stream().anyMatch(r -> r.value().contains("CommentReactionUpdated")));
        for (ConsumerRecord<String, String> record : events) {
            assertFalse(record.value().contains(MARKER), "pull request text or a comment in an event");
        }
        AtRest.assertSealed(CofferStack.BLOBS, MARKER);
    }
}
