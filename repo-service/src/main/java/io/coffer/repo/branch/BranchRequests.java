package io.coffer.repo.branch;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Request and response shapes of the branch operations. */
public final class BranchRequests {

    private BranchRequests() {
    }

    public record BranchInfo(String branchName, String commitId) {
    }

    public record GetBranchRequest(String repositoryName, String branchName) {
    }

    public record GetBranchResponse(BranchInfo branch) {
    }

    public record ListBranchesRequest(String repositoryName, String nextToken) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ListBranchesResponse(List<String> branches, String nextToken) {
    }

    public record CreateBranchRequest(String repositoryName, String branchName, String commitId) {
    }

    public record DeleteBranchRequest(String repositoryName, String branchName) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeleteBranchResponse(BranchInfo deletedBranch) {
    }

    public record UpdateDefaultBranchRequest(String repositoryName, String defaultBranchName) {
    }
}
