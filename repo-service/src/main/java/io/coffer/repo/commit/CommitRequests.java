package io.coffer.repo.commit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Request and response shapes of the commit and difference reads. */
public final class CommitRequests {

    private CommitRequests() {
    }

    /** A person and time as CodeCommit gives them: {@code date} is epoch seconds and the UTC offset. */
    public record UserInfo(String name, String email, String date) {
    }

    public record Commit(String commitId, String treeId, List<String> parents, String message, UserInfo author,
            UserInfo committer, String additionalData) {
    }

    public record GetCommitRequest(String repositoryName, String commitId) {
    }

    public record GetCommitResponse(Commit commit) {
    }

    public record BatchGetCommitsRequest(String repositoryName, List<String> commitIds) {
    }

    public record BatchGetCommitsResponse(List<Commit> commits, List<BatchGetCommitsError> errors) {
    }

    public record BatchGetCommitsError(String commitId, String errorCode, String errorMessage) {
    }

    public record ListFileCommitHistoryRequest(String repositoryName, String commitSpecifier, String filePath,
            Integer maxResults, String nextToken) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ListFileCommitHistoryResponse(List<FileVersion> revisionDag, String nextToken) {
    }

    /** The file as one commit of its history left it; no blob if the commit deleted it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileVersion(Commit commit, String blobId, String path, List<String> revisionChildren) {
    }

    /** GetDifferences is the one operation whose paging members are capitalized. */
    public record GetDifferencesRequest(String repositoryName, String beforeCommitSpecifier,
            String afterCommitSpecifier, String beforePath, String afterPath,
            @JsonProperty("MaxResults") Integer maxResults, @JsonProperty("NextToken") String nextToken) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GetDifferencesResponse(List<Difference> differences,
            @JsonProperty("NextToken") String nextToken) {
    }

    /** {@code changeType} is A (added), M (modified) or D (deleted). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Difference(BlobMetadata beforeBlob, BlobMetadata afterBlob, String changeType) {
    }

    /** {@code mode} is Git's octal file mode, e.g. 100644. */
    public record BlobMetadata(String blobId, String path, String mode) {
    }
}
