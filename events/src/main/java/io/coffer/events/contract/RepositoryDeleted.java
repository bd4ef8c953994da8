package io.coffer.events.contract;

import java.time.Instant;

/** The repository was deleted (topic {@code coffer.repository.events}); its name is free again. */
public record RepositoryDeleted(String repositoryName, Instant deletionDate) implements RepositoryEvent {

    public static final String TYPE = "RepositoryDeleted";
}
