package io.coffer.repo.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
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

    public record BatchGetRepositoriesRequest(List<String> repositoryNames) {
    }

    public record BatchGetRepositoriesResponse(List<RepositoryMetadata> repositories, List<String> repositoriesNotFound) {
    }

    public record ListRepositoriesRequest(String nextToken, String sortBy, String order) {
    }

    /** One entry of ListRepositories. */
    public record RepositoryNameIdPair(String repositoryName, String repositoryId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ListRepositoriesResponse(List<RepositoryNameIdPair> repositories, String nextToken) {
    }

    public record UpdateRepositoryDescriptionRequest(String repositoryName, String repositoryDescription) {
    }

    public record UpdateRepositoryNameRequest(String oldName, String newName) {
    }

    public record DeleteRepositoryRequest(String repositoryName) {
    }

    public record UpdateRepositoryEncryptionKeyRequest(String repositoryName, String kmsKeyId) {
    }

    public record UpdateRepositoryEncryptionKeyResponse(String repositoryId, String kmsKeyId, String originalKmsKeyId) {
    }

    /** {@code repositoryId} is null if there was no such repository (DeleteRepository is idempotent). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeleteRepositoryResponse(String repositoryId) {
    }

    public record TagResourceRequest(String resourceArn, Map<String, String> tags) {
    }

    public record UntagResourceRequest(String resourceArn, List<String> tagKeys) {
    }

    public record ListTagsForResourceRequest(String resourceArn, String nextToken) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ListTagsForResourceResponse(Map<String, String> tags, String nextToken) {
    }
}
