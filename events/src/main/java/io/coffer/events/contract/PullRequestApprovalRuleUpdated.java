package io.coffer.events.contract;

import java.time.Instant;

/** The content of one of the pull request's approval rules changed. */
public record PullRequestApprovalRuleUpdated(String approvalRuleId, String approvalRuleName, String content,
        String userArn, Instant updatedAt) implements PullRequestEvent {
}
