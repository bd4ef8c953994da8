package io.coffer.repo.comment;

import io.coffer.events.contract.CommentContentDeleted;
import io.coffer.events.contract.CommentEvent;
import io.coffer.events.contract.CommentPosted;
import io.coffer.events.contract.CommentReactionUpdated;
import io.coffer.events.contract.CommentUpdated;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One comment as its events leave it; {@code sealedContent} is null once the content is deleted, and
 * {@code reactions} holds each user's one reaction (a short code), in the order first given.
 */
record CommentState(CommentPosted posted, String sealedContent, boolean deleted, Instant lastModifiedDate,
        Map<String, String> reactions, long version) {

    static final CommentState NONE = new CommentState(null, null, false, null, Map.of(), 0);

    boolean exists() {
        return version > 0;
    }

    static CommentState fold(List<CommentEvent> events) {
        CommentState state = NONE;
        for (CommentEvent event : events) {
            state = evolve(state, event);
        }
        return state;
    }

    static CommentState evolve(CommentState s, CommentEvent event) {
        long v = s.version + 1;
        if (event instanceof CommentPosted e) {
            return new CommentState(e, e.sealedContent(), false, e.postedAt(), Map.of(), v);
        }
        if (event instanceof CommentUpdated e) {
            return new CommentState(s.posted, e.sealedContent(), false, e.updatedAt(), s.reactions, v);
        }
        if (event instanceof CommentContentDeleted e) {
            return new CommentState(s.posted, null, true, e.deletedAt(), s.reactions, v);
        }
        if (event instanceof CommentReactionUpdated e) {
            Map<String, String> reactions = new LinkedHashMap<>(s.reactions);
            if (e.reaction() == null) {
                reactions.remove(e.userArn());
            } else {
                reactions.put(e.userArn(), e.reaction());
            }
            return new CommentState(s.posted, s.sealedContent, s.deleted, s.lastModifiedDate,
                    Collections.unmodifiableMap(reactions), v);
        }
        throw new IllegalArgumentException("not a Comment event: " + event);
    }
}
