package io.coffer.events.contract;

import java.time.Instant;

/** An approval rule template was created: {@code content} is CodeCommit's rule JSON. */
public record ApprovalRuleTemplateCreated(String approvalRuleTemplateId, String name, String description,
        String content, String userArn, Instant createdAt) implements ApprovalRuleTemplateEvent {
}
