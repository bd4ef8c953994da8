package io.coffer.events.contract;

import java.time.Instant;

/** The template's rule changed; it applies to pull requests opened from now on. */
public record ApprovalRuleTemplateContentUpdated(String content, String userArn, Instant updatedAt)
        implements ApprovalRuleTemplateEvent {
}
