package io.coffer.events.contract;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The events of the Comment aggregate (a comment on a pull request or on compared commits), on topic
 * {@code coffer.repository.events} keyed by the repository's ID. Its content is never in an event: events name it by
 * the ID of a text sealed under the repository's key ({@code sealedContent}).
 */
public sealed interface CommentEvent permits CommentPosted, CommentUpdated, CommentContentDeleted,
        CommentReactionUpdated {

    String AGGREGATE = "Comment";

    /** Every event type of the aggregate, by envelope type. */
    Map<String, Class<? extends CommentEvent>> TYPES = Arrays.stream(CommentEvent.class.getPermittedSubclasses())
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, c -> c.asSubclass(CommentEvent.class)));

    /** The record class of an event type, if it is one of this aggregate's. */
    static Optional<Class<? extends CommentEvent>> payloadType(String type) {
        return Optional.ofNullable(TYPES.get(type));
    }
}
