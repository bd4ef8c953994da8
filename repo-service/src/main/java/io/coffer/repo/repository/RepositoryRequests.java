package io.coffer.repo.repository;

import java.util.Map;

/** Request and response shapes of the repository operations. */
public final class RepositoryRequests {

    private RepositoryRequests() {
    }

    public record CreateRepositoryRequest(String repositoryName, String repositoryDescription,
            Map<String, String> tags, String kmsKeyId) {
    }

    public record GetRepositoryRequest(String repositoryName) {
    }

    public record RepositoryMetadataResponse(RepositoryMetadata repositoryMetadata) {
    }
}
