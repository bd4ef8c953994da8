package io.coffer.repo.repository;

import java.time.Instant;
import java.util.UUID;

/**
 * The read model of a repository, projected from its events (table {@code repository}).
 *
 * @param kmsKeyId a customer-managed key chosen for this repository; null means the region's aws/codecommit key
 */
public record RepositoryView(UUID repositoryId, String accountId, String region, String name, String description,
        String arn, String kmsKeyId, Instant creationDate, Instant lastModified) {
}
