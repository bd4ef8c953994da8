package io.coffer.events.contract;

import java.time.Instant;

/**
 * A pull request was opened on one repository, from {@code sourceReference} into {@code destinationReference} (full
 * ref names) as they stood: {@code sourceCommit}, {@code destinationCommit} and their {@code mergeBase} (null if they
 * share no history). {@code revisionId} names this state of the source; approvals are given to a revision.
 * {@code sealedDescription} is null when it has none; {@code clientRequestToken} makes a retried create idempotent.
 */
public record PullRequestCreated(String pullRequestId, String repositoryId, String authorArn, String sealedTitle,
        String sealedDescription, String sourceReference, String destinationReference, String sourceCommit,
        String destinationCommit, String mergeBase, String revisionId, String clientRequestToken,
        Instant creationDate) implements PullRequestEvent {
}
