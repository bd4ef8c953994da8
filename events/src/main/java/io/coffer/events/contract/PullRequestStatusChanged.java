package io.coffer.events.contract;

import java.time.Instant;

/** The pull request was closed without a merge, or opened again: {@code pullRequestStatus} is OPEN or CLOSED. */
public record PullRequestStatusChanged(String pullRequestStatus, Instant changedAt) implements PullRequestEvent {
}
