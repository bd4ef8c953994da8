package io.coffer.repo.repository;

/** Where a repository's Git data lives and which key seals it: what Git access needs to know of a repository. */
public record StoredRepository(String repositoryId, String accountId, String region, String name, String arn,
        String keyArn) {
}
