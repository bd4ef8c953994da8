package io.coffer.events.contract;

import java.time.Instant;

/** The template's description changed. */
public record ApprovalRuleTemplateDescriptionUpdated(String description, String userArn, Instant updatedAt)
        implements ApprovalRuleTemplateEvent {
}
