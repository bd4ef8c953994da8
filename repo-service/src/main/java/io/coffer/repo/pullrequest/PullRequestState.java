package io.coffer.repo.pullrequest;

import io.coffer.events.contract.PullRequestApprovalRuleCreated;
import io.coffer.events.contract.PullRequestApprovalRuleDeleted;
import io.coffer.events.contract.PullRequestApprovalRuleUpdated;
import io.coffer.events.contract.PullRequestApprovalRulesOverridden;
import io.coffer.events.contract.PullRequestApprovalStateChanged;
import io.coffer.events.contract.PullRequestCreated;
import io.coffer.events.contract.PullRequestDescriptionUpdated;
import io.coffer.events.contract.PullRequestEvent;
import io.coffer.events.contract.PullRequestMerged;
import io.coffer.events.contract.PullRequestSourceReferenceUpdated;
import io.coffer.events.contract.PullRequestStatusChanged;
import io.coffer.events.contract.PullRequestTitleUpdated;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pull request as its events leave it, folded by {@link #evolve}; {@code version} is the number of events in its
 * stream. {@code approvals} are those of the current revision (user ARN to APPROVE or REVOKE, in the order given);
 * {@code overriddenBy} is who set the current revision's rules aside, or null.
 */
record PullRequestState(PullRequestCreated created, String sealedTitle, String sealedDescription, String status,
        String sourceCommit, String destinationCommit, String mergeBase, String revisionId, Merge merge,
        List<ApprovalRule> rules, Map<String, String> approvals, String overriddenBy, Instant lastActivityDate,
        long version) {

    static final String OPEN = "OPEN";
    static final String CLOSED = "CLOSED";
    static final String APPROVE = "APPROVE";

    /** Before its first event: no pull request. */
    static final PullRequestState NONE = new PullRequestState(null, null, null, null, null, null, null, null, null,
            List.of(), Map.of(), null, null, 0);

    /** How the pull request was merged; option and commit are null when a push merged it. */
    record Merge(String mergeOption, String mergeCommitId, String mergedBy) {
    }

    record ApprovalRule(String id, String name, String content, String originTemplateId, String originTemplateName,
            String lastModifiedUser, Instant creationDate, Instant lastModifiedDate) {

        boolean fromTemplate() {
            return originTemplateId != null;
        }
    }

    boolean exists() {
        return version > 0;
    }

    boolean open() {
        return OPEN.equals(status);
    }

    String authorArn() {
        return created.authorArn();
    }

    /** Who approved the current revision. */
    List<String> approvers() {
        return approvals.entrySet().stream().filter(a -> APPROVE.equals(a.getValue())).map(Map.Entry::getKey)
                .toList();
    }

    static PullRequestState fold(List<PullRequestEvent> events) {
        PullRequestState state = NONE;
        for (PullRequestEvent event : events) {
            state = evolve(state, event);
        }
        return state;
    }

    static PullRequestState evolve(PullRequestState s, PullRequestEvent event) {
        long v = s.version + 1;
        if (event instanceof PullRequestCreated e) {
            return new PullRequestState(e, e.sealedTitle(), e.sealedDescription(), OPEN, e.sourceCommit(),
                    e.destinationCommit(), e.mergeBase(), e.revisionId(), null, List.of(), Map.of(), null,
                    e.creationDate(), v);
        }
        if (event instanceof PullRequestTitleUpdated e) {
            return new PullRequestState(s.created, e.sealedTitle(), s.sealedDescription, s.status, s.sourceCommit,
                    s.destinationCommit, s.mergeBase, s.revisionId, s.merge, s.rules, s.approvals, s.overriddenBy,
                    e.updatedAt(), v);
        }
        if (event instanceof PullRequestDescriptionUpdated e) {
            return new PullRequestState(s.created, s.sealedTitle, e.sealedDescription(), s.status, s.sourceCommit,
                    s.destinationCommit, s.mergeBase, s.revisionId, s.merge, s.rules, s.approvals, s.overriddenBy,
                    e.updatedAt(), v);
        }
        if (event instanceof PullRequestStatusChanged e) {
            return new PullRequestState(s.created, s.sealedTitle, s.sealedDescription, e.pullRequestStatus(),
                    s.sourceCommit, s.destinationCommit, s.mergeBase, s.revisionId, s.merge, s.rules, s.approvals,
                    s.overriddenBy, e.changedAt(), v);
        }
        if (event instanceof PullRequestSourceReferenceUpdated e) {
            // approvals and an override are of a revision: the new one starts without them
            return new PullRequestState(s.created, s.sealedTitle, s.sealedDescription, s.status, e.afterCommitId(),
                    e.destinationCommit(), e.mergeBase(), e.revisionId(), s.merge, s.rules, Map.of(), null,
                    e.updatedAt(), v);
        }
        if (event instanceof PullRequestMerged e) {
            return new PullRequestState(s.created, s.sealedTitle, s.sealedDescription, CLOSED, s.sourceCommit,
                    e.destinationCommit(), s.mergeBase, s.revisionId,
                    new Merge(e.mergeOption(), e.mergeCommitId(), e.mergedBy()), s.rules, s.approvals,
                    s.overriddenBy, e.mergedAt(), v);
        }
        if (event instanceof PullRequestApprovalRuleCreated e) {
            List<ApprovalRule> rules = new ArrayList<>(s.rules);
            rules.add(new ApprovalRule(e.approvalRuleId(), e.approvalRuleName(), e.content(), e.originTemplateId(),
                    e.originTemplateName(), e.userArn(), e.createdAt(), e.createdAt()));
            return withRules(s, rules, e.createdAt(), v);
        }
        if (event instanceof PullRequestApprovalRuleUpdated e) {
            List<ApprovalRule> rules = s.rules.stream().map(r -> !r.id().equals(e.approvalRuleId()) ? r
                    : new ApprovalRule(r.id(), r.name(), e.content(), r.originTemplateId(), r.originTemplateName(),
                            e.userArn(), r.creationDate(), e.updatedAt())).toList();
            return withRules(s, rules, e.updatedAt(), v);
        }
        if (event instanceof PullRequestApprovalRuleDeleted e) {
            return withRules(s, s.rules.stream().filter(r -> !r.id().equals(e.approvalRuleId())).toList(),
                    e.deletedAt(), v);
        }
        if (event instanceof PullRequestApprovalStateChanged e) {
            Map<String, String> approvals = new LinkedHashMap<>(s.approvals);
            approvals.put(e.userArn(), e.approvalState());
            return new PullRequestState(s.created, s.sealedTitle, s.sealedDescription, s.status, s.sourceCommit,
                    s.destinationCommit, s.mergeBase, s.revisionId, s.merge, s.rules, Collections.unmodifiableMap(approvals),
                    s.overriddenBy, e.changedAt(), v);
        }
        if (event instanceof PullRequestApprovalRulesOverridden e) {
            return new PullRequestState(s.created, s.sealedTitle, s.sealedDescription, s.status, s.sourceCommit,
                    s.destinationCommit, s.mergeBase, s.revisionId, s.merge, s.rules, s.approvals,
                    "OVERRIDE".equals(e.overrideStatus()) ? e.userArn() : null, e.changedAt(), v);
        }
        throw new IllegalArgumentException("not a PullRequest event: " + event);
    }

    private static PullRequestState withRules(PullRequestState s, List<ApprovalRule> rules, Instant at, long v) {
        return new PullRequestState(s.created, s.sealedTitle, s.sealedDescription, s.status, s.sourceCommit,
                s.destinationCommit, s.mergeBase, s.revisionId, s.merge, List.copyOf(rules), s.approvals,
                s.overriddenBy, at, v);
    }
}
