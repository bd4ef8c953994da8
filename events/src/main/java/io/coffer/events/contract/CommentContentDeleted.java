package io.coffer.events.contract;

import java.time.Instant;

/** The comment's content was deleted; the comment stays, marked deleted, so its replies keep their place. */
public record CommentContentDeleted(Instant deletedAt) implements CommentEvent {
}
