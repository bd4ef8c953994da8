package io.coffer.events.contract;

import java.time.Instant;

/** {@code userArn} approved revision {@code revisionId} of the pull request ({@code APPROVE}) or took it back ({@code REVOKE}). */
public record PullRequestApprovalStateChanged(String revisionId, String userArn, String approvalState,
        Instant changedAt) implements PullRequestEvent {
}
