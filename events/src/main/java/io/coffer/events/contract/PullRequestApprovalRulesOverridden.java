package io.coffer.events.contract;

import java.time.Instant;

/**
 * {@code userArn} set aside the approval rules of revision {@code revisionId} ({@code OVERRIDE}), or took that back
 * ({@code REVOKE}).
 */
public record PullRequestApprovalRulesOverridden(String revisionId, String userArn, String overrideStatus,
        Instant changedAt) implements PullRequestEvent {
}
