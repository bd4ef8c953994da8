package io.coffer.events.contract;

import java.time.Instant;

/** Its author changed the comment's content, now the text sealed as {@code sealedContent}. */
public record CommentUpdated(String sealedContent, Instant updatedAt) implements CommentEvent {
}
