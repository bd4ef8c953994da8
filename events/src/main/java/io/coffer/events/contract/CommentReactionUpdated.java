package io.coffer.events.contract;

import java.time.Instant;

/** {@code userArn} reacted to the comment with {@code reaction} (a short code), or took a reaction back (null). */
public record CommentReactionUpdated(String userArn, String reaction, Instant updatedAt) implements CommentEvent {
}
