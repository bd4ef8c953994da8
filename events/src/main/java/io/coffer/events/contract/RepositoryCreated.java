package io.coffer.events.contract;

import java.time.Instant;
import java.util.Map;

/**
 * A repository was created (topic {@code coffer.repository.events}, aggregate {@code Repository}). {@code kmsKeyId}
 * is the ARN of the customer-managed key chosen for it, or null: the region's {@code aws/codecommit} key.
 */
public record RepositoryCreated(String repositoryId, String repositoryName, String repositoryDescription, String arn,
        String accountId, String region, Map<String, String> tags, Instant creationDate, String kmsKeyId)
        implements RepositoryEvent {

    public static final String TYPE = "RepositoryCreated";
    public static final String AGGREGATE = RepositoryEvent.AGGREGATE;
}
