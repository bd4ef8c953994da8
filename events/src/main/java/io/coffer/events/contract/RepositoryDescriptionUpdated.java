package io.coffer.events.contract;

import java.time.Instant;

/** The repository's description changed (topic {@code coffer.repository.events}, aggregate {@code Repository}). */
public record RepositoryDescriptionUpdated(String repositoryDescription, Instant lastModifiedDate)
        implements RepositoryEvent {

    public static final String TYPE = "RepositoryDescriptionUpdated";
}
