package io.coffer.events.contract;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The events of the Repository aggregate, on topic {@code coffer.repository.events} (key: repository ID). The
 * envelope's {@code type} is the record's simple name.
 */
public sealed interface RepositoryEvent permits RepositoryCreated, RepositoryDescriptionUpdated, RepositoryRenamed,
        RepositoryEncryptionKeyUpdated, RepositoryTagged, RepositoryUntagged, RepositoryTriggersUpdated,
        RepositoryDeleted {

    String AGGREGATE = "Repository";

    /** Every event type of the aggregate, by envelope type. */
    Map<String, Class<? extends RepositoryEvent>> TYPES = Arrays.stream(RepositoryEvent.class.getPermittedSubclasses())
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, c -> c.asSubclass(RepositoryEvent.class)));

    /** The record class of an event type, if it is one of this aggregate's. */
    static Optional<Class<? extends RepositoryEvent>> payloadType(String type) {
        return Optional.ofNullable(TYPES.get(type));
    }
}
