package io.coffer.events.contract;

import java.time.Instant;

/**
 * An approval rule was added to the pull request: {@code content} is CodeCommit's rule JSON. A rule made from an
 * approval rule template names it ({@code originTemplateId}, {@code originTemplateName}); others have nulls there.
 */
public record PullRequestApprovalRuleCreated(String approvalRuleId, String approvalRuleName, String content,
        String originTemplateId, String originTemplateName, String userArn, Instant createdAt)
        implements PullRequestEvent {
}
