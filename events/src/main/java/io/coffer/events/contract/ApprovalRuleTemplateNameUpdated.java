package io.coffer.events.contract;

import java.time.Instant;

/** The template was renamed; pull request rules made from it keep the name they were made with. */
public record ApprovalRuleTemplateNameUpdated(String oldName, String newName, String userArn, Instant updatedAt)
        implements ApprovalRuleTemplateEvent {
}
