package io.coffer.platform.contract;

import java.time.Instant;
import java.util.Map;

/** A repository was created (topic {@code coffer.repository.events}, aggregate {@code Repository}). */
public record RepositoryCreated(String repositoryId, String repositoryName, String repositoryDescription, String arn,
        String accountId, String region, Map<String, String> tags, Instant creationDate) {

    public static final String TYPE = "RepositoryCreated";
    public static final String AGGREGATE = "Repository";
}
