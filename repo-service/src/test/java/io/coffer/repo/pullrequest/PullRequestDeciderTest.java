package io.coffer.repo.pullrequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coffer.events.contract.PullRequestApprovalRuleCreated;
import io.coffer.events.contract.PullRequestApprovalStateChanged;
import io.coffer.events.contract.PullRequestCreated;
import io.coffer.events.contract.PullRequestEvent;
import io.coffer.events.contract.PullRequestMerged;
import io.coffer.events.contract.PullRequestSourceReferenceUpdated;
import io.coffer.events.contract.PullRequestStatusChanged;
import io.coffer.kernel.AwsException;
import io.coffer.repo.approval.ApprovalRuleContent;
import io.coffer.repo.pullrequest.PullRequestDecider.CreateRule;
import io.coffer.repo.pullrequest.PullRequestDecider.PullRequestCommand;
import io.coffer.repo.pullrequest.PullRequestDecider.RecordMerge;
import io.coffer.repo.pullrequest.PullRequestDecider.UpdateApprovalState;
import io.coffer.repo.pullrequest.PullRequestDecider.UpdateRuleContent;
import io.coffer.repo.pullrequest.PullRequestDecider.UpdateSource;
import io.coffer.repo.pullrequest.PullRequestDecider.UpdateStatus;
import io.coffer.repo.pullrequest.PullRequestDecider.UpdateTitle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PullRequest aggregate's decisions and its approval rules, given its events and a command. */
class PullRequestDeciderTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final String AUTHOR = "arn:aws:iam::111122223333:user/ada";
    private static final String REVIEWER = "arn:aws:iam::111122223333:user/grace";
    private static final String OTHER = "arn:aws:iam::111122223333:user/linus";
    private static final String REVISION = PullRequestCommands.revisionId("7", "a".repeat(40), 1);
    private static final PullRequestCreated CREATED = new PullRequestCreated("7", "repo", AUTHOR,
            "title-text", null, "refs/heads/feature", "refs/heads/main", "a".repeat(40), "b".repeat(40),
            "b".repeat(40), REVISION, null, T0);
    private static final String GRACE_RULE = """
            {"Version": "2018-11-08", "Statements": [{"Type": "Approvers", "NumberOfApprovalsNeeded": 1,
             "ApprovalPoolMembers": ["CodeCommitApprovers:111122223333:grace"]}]}""";

    private static List<PullRequestEvent> given(List<PullRequestEvent> history, PullRequestCommand when) {
        return PullRequestDecider.decide(when, PullRequestState.fold(history));
    }

    /** The history after each command of {@code commands} was decided on it in turn. */
    private static List<PullRequestEvent> after(PullRequestCommand... commands) {
        List<PullRequestEvent> history = new ArrayList<>(List.of(CREATED));
        for (PullRequestCommand command : commands) {
            history.addAll(given(history, command));
        }
        return history;
    }

    private static String errorOf(Runnable decision) {
        return assertThrows(AwsException.class, decision::run).errorType();
    }

    private static CreateRule rule(String name, String content) {
        return new CreateRule("rule-" + name, name, content, null, null, AUTHOR, T0);
    }

    @Test
    void givenOpenPullRequest_whenAuthorApprovesIt_thenRefused() {
        assertEquals("PullRequestCannotBeApprovedByAuthorException", errorOf(() -> given(List.of(CREATED),
                new UpdateApprovalState(REVISION, AUTHOR, "APPROVE", T0))));
        assertEquals("RevisionNotCurrentException", errorOf(() -> given(List.of(CREATED),
                new UpdateApprovalState("0".repeat(64), REVIEWER, "APPROVE", T0))));
        assertEquals("InvalidApprovalStateException", errorOf(() -> given(List.of(CREATED),
                new UpdateApprovalState(REVISION, REVIEWER, "MAYBE", T0))));
    }

    @Test
    void givenRuleForOneApprover_whenSomeoneElseApproves_thenNotSatisfiedUntilThePoolMemberDoes() {
        List<PullRequestEvent> history = after(rule("grace", GRACE_RULE),
                new UpdateApprovalState(REVISION, OTHER, "APPROVE", T0));
        assertFalse(ApprovalRules.evaluate(PullRequestState.fold(history)).approved());
        history = new ArrayList<>(history);
        history.addAll(given(history, new UpdateApprovalState(REVISION, REVIEWER, "APPROVE", T0)));
        var evaluation = ApprovalRules.evaluate(PullRequestState.fold(history));
        assertTrue(evaluation.approved());
        assertEquals(List.of("grace"), evaluation.approvalRulesSatisfied());
        // approving twice changes nothing
        assertEquals(List.of(), given(history, new UpdateApprovalState(REVISION, REVIEWER, "APPROVE", T0)));
    }

    @Test
    void givenApprovedRevision_whenSourceMoves_thenApprovalsAreGoneWithTheOldRevision() {
        String next = PullRequestCommands.revisionId("7", "c".repeat(40), 4);
        List<PullRequestEvent> history = after(rule("grace", GRACE_RULE),
                new UpdateApprovalState(REVISION, REVIEWER, "APPROVE", T0),
                new UpdateSource("c".repeat(40), "b".repeat(40), "b".repeat(40), next, T0));
        assertTrue(history.get(3) instanceof PullRequestSourceReferenceUpdated);
        PullRequestState state = PullRequestState.fold(history);
        assertEquals(next, state.revisionId());
        assertTrue(state.approvals().isEmpty());
        assertFalse(ApprovalRules.evaluate(state).approved());
        // the same tip again is no new revision
        assertEquals(List.of(), given(history, new UpdateSource("c".repeat(40), "b".repeat(40), null, "x", T0)));
    }

    @Test
    void givenMergedPullRequest_whenReopenedOrRetitled_thenRefusedAndALateMergeChangesNothing() {
        List<PullRequestEvent> history = after(new RecordMerge("SQUASH_MERGE", "d".repeat(40), REVIEWER,
                "d".repeat(40), T0));
        assertTrue(history.get(1) instanceof PullRequestMerged);
        assertEquals("CLOSED", PullRequestState.fold(history).status());
        assertEquals("InvalidPullRequestStatusUpdateException", errorOf(() -> given(history,
                new UpdateStatus("OPEN", T0))));
        assertEquals("PullRequestAlreadyClosedException", errorOf(() -> given(history,
                new UpdateTitle("t2", T0))));
        assertEquals(List.of(), given(history, new RecordMerge(null, null, OTHER, "e".repeat(40), T0)));
    }

    @Test
    void givenClosedPullRequest_whenOpenedAgain_thenStatusChanged() {
        List<PullRequestEvent> history = after(new UpdateStatus("CLOSED", T0));
        assertEquals(List.of(new PullRequestStatusChanged("OPEN", T0)), given(history, new UpdateStatus("OPEN", T0)));
        assertEquals(List.of(), given(history, new UpdateStatus("CLOSED", T0)));
        assertEquals("InvalidPullRequestStatusException", errorOf(() -> given(history,
                new UpdateStatus("MERGED", T0))));
    }

    @Test
    void givenRules_whenNamedTwiceMalformedOrFromATemplate_thenRefused() {
        List<PullRequestEvent> history = after(rule("grace", GRACE_RULE));
        assertEquals("ApprovalRuleNameAlreadyExistsException", errorOf(() -> given(history,
                rule("grace", GRACE_RULE))));
        assertEquals("InvalidApprovalRuleContentException", errorOf(() -> given(history,
                rule("bad", "{\"Version\": \"2018-11-08\", \"Statements\": []}"))));
        assertEquals("InvalidRuleContentSha256Exception", errorOf(() -> given(history,
                new UpdateRuleContent("grace", GRACE_RULE, "0".repeat(64), AUTHOR, T0))));
        List<PullRequestEvent> templated = new ArrayList<>(history);
        templated.add(new PullRequestApprovalRuleCreated("t1", "from-template", GRACE_RULE, "template-1",
                "two-reviewers", AUTHOR, T0));
        assertEquals("CannotModifyApprovalRuleFromTemplateException", errorOf(() -> given(templated,
                new UpdateRuleContent("from-template", GRACE_RULE, null, AUTHOR, T0))));
    }

    @Test
    void givenPoolMembers_whenMatched_thenArnsWildcardsAndShorthandMatchAsCodeCommitDoes() {
        ApprovalRuleContent content = ApprovalRuleContent.parse("""
                {"Version": "2018-11-08", "DestinationReferences": ["refs/heads/main"], "Statements": [
                 {"Type": "Approvers", "NumberOfApprovalsNeeded": 2,
                  "ApprovalPoolMembers": ["arn:aws:iam::111122223333:user/g*", "CodeCommitApprovers:111122223333:linus"]}]}""");
        assertTrue(content.appliesTo("refs/heads/main"));
        assertFalse(content.appliesTo("refs/heads/dev"));
        assertFalse(content.satisfiedBy(List.of(REVIEWER, AUTHOR)));
        assertTrue(content.satisfiedBy(List.of(REVIEWER, OTHER)));
        assertFalse(content.satisfiedBy(List.of(REVIEWER, "arn:aws:iam::999999999999:user/linus")));
        assertEquals(List.of(new PullRequestApprovalStateChanged(REVISION, REVIEWER, "APPROVE", T0)),
                given(List.of(CREATED), new UpdateApprovalState(REVISION, REVIEWER, "APPROVE", T0)));
    }
}
