package io.coffer.events.contract;

import java.time.Instant;

/** The pull request's description is now the text sealed as {@code sealedDescription} (null: none). */
public record PullRequestDescriptionUpdated(String sealedDescription, Instant updatedAt) implements PullRequestEvent {
}
