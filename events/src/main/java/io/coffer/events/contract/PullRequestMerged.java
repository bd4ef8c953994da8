package io.coffer.events.contract;

import java.time.Instant;

/**
 * The pull request's source is merged into its destination, which closes it: by a MergePullRequestBy* call
 * ({@code mergeOption} FAST_FORWARD_MERGE, SQUASH_MERGE or THREE_WAY_MERGE, {@code mergeCommitId} the destination's
 * new tip) or by a push that made the source part of the destination ({@code mergeOption} and
 * {@code mergeCommitId} null). {@code mergedBy} is the ARN of who merged it.
 */
public record PullRequestMerged(String mergeOption, String mergeCommitId, String mergedBy, String destinationCommit,
        Instant mergedAt) implements PullRequestEvent {
}
