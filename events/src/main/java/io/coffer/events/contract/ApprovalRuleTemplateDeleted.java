package io.coffer.events.contract;

import java.time.Instant;

/** The template was deleted; its name is free again. Rules made from it stay on their pull requests. */
public record ApprovalRuleTemplateDeleted(String name, Instant deletedAt) implements ApprovalRuleTemplateEvent {
}
