package io.coffer.events.contract;

import java.time.Instant;

/** One of the pull request's approval rules was deleted. */
public record PullRequestApprovalRuleDeleted(String approvalRuleId, String approvalRuleName, Instant deletedAt)
        implements PullRequestEvent {
}
