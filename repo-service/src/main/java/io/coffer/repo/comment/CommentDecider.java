package io.coffer.repo.comment;

import io.coffer.events.contract.CommentContentDeleted;
import io.coffer.events.contract.CommentEvent;
import io.coffer.events.contract.CommentPosted;
import io.coffer.events.contract.CommentReactionUpdated;
import io.coffer.events.contract.CommentUpdated;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Decides which events a command on one comment produces, from its state alone. */
final class CommentDecider {

    sealed interface CommentCommand {
    }

    record Post(CommentPosted posted) implements CommentCommand {
    }

    /** {@code userArn} replaces the content with the text sealed as {@code sealedContent}. */
    record Update(String userArn, String sealedContent, Instant now) implements CommentCommand {
    }

    record DeleteContent(Instant now) implements CommentCommand {
    }

    /** {@code userArn} reacts with {@code reaction} (a short code), or takes a reaction back (null). */
    record React(String userArn, String reaction, Instant now) implements CommentCommand {
    }

    private CommentDecider() {
    }

    static List<CommentEvent> decide(CommentCommand command, CommentState state) {
        if (command instanceof Post post) {
            if (state.exists()) {
                throw new IllegalStateException("comment " + post.posted().commentId() + " exists");
            }
            return List.of(post.posted());
        }
        if (!state.exists()) {
            throw new IllegalStateException("no such comment");
        }
        if (state.deleted()) {
            throw CommentErrors.deleted();
        }
        if (command instanceof Update update) {
            if (!update.userArn().equals(state.posted().authorArn())) {
                throw CommentErrors.notCreatedByCaller();
            }
            return List.of(new CommentUpdated(update.sealedContent(), update.now()));
        }
        if (command instanceof DeleteContent delete) {
            return List.of(new CommentContentDeleted(delete.now()));
        }
        if (command instanceof React react) {
            return Objects.equals(state.reactions().get(react.userArn()), react.reaction()) ? List.of()
                    : List.of(new CommentReactionUpdated(react.userArn(), react.reaction(), react.now()));
        }
        throw new IllegalArgumentException("not a Comment command: " + command);
    }
}
