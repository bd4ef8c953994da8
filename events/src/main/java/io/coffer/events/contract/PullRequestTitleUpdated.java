package io.coffer.events.contract;

import java.time.Instant;

/** The pull request's title is now the text sealed as {@code sealedTitle}. */
public record PullRequestTitleUpdated(String sealedTitle, Instant updatedAt) implements PullRequestEvent {
}
