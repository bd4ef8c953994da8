package io.coffer.events.contract;

import java.time.Instant;

/** The template now applies to pull requests opened in repository {@code repositoryId}. */
public record ApprovalRuleTemplateAssociated(String repositoryId, Instant associatedAt)
        implements ApprovalRuleTemplateEvent {
}
