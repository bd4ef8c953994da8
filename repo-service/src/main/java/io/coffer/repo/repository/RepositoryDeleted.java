package io.coffer.repo.repository;

import java.time.Instant;

/** The repository was deleted (topic {@code coffer.repository.events}); its name is free again. */
public record RepositoryDeleted(String repositoryName, Instant deletionDate) {

    public static final String TYPE = "RepositoryDeleted";
}
