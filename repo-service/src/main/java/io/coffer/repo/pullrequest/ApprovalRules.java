package io.coffer.repo.pullrequest;

import io.coffer.repo.approval.ApprovalRuleContent;
import io.coffer.repo.pullrequest.PullRequestRequests.Evaluation;
import io.coffer.repo.pullrequest.PullRequestState.ApprovalRule;
import java.util.ArrayList;
import java.util.List;

/** Whether a pull request's approval rules are satisfied by the approvals of its current revision. */
final class ApprovalRules {

    private ApprovalRules() {
    }

    /** Approved when every rule is satisfied (a pull request without rules is); overridden rules count as set aside. */
    static Evaluation evaluate(PullRequestState state) {
        List<String> approvers = state.approvers();
        List<String> satisfied = new ArrayList<>();
        List<String> notSatisfied = new ArrayList<>();
        for (ApprovalRule rule : state.rules()) {
            (ApprovalRuleContent.parse(rule.content()).satisfiedBy(approvers) ? satisfied : notSatisfied)
                    .add(rule.name());
        }
        return new Evaluation(notSatisfied.isEmpty(), state.overriddenBy() != null, satisfied, notSatisfied);
    }
}
