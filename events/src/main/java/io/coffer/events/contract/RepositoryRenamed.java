package io.coffer.events.contract;

import java.time.Instant;

/** The repository has a new name, and so a new ARN (topic {@code coffer.repository.events}). */
public record RepositoryRenamed(String oldName, String newName, String arn, Instant lastModifiedDate)
        implements RepositoryEvent {

    public static final String TYPE = "RepositoryRenamed";
}
