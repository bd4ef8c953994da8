package io.coffer.events.contract;

import java.time.Instant;

/** The template no longer applies to pull requests opened in repository {@code repositoryId}. */
public record ApprovalRuleTemplateDisassociated(String repositoryId, Instant disassociatedAt)
        implements ApprovalRuleTemplateEvent {
}
