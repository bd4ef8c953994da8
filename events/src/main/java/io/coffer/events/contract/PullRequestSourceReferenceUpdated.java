package io.coffer.events.contract;

import java.time.Instant;

/**
 * The source branch moved while the pull request was open: it is now at {@code afterCommitId} with a new
 * {@code revisionId} (approvals of the earlier revision no longer count), and the destination at
 * {@code destinationCommit}.
 */
public record PullRequestSourceReferenceUpdated(String beforeCommitId, String afterCommitId,
        String destinationCommit, String mergeBase, String revisionId, Instant updatedAt) implements PullRequestEvent {
}
