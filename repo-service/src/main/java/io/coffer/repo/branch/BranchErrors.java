package io.coffer.repo.branch;

import io.coffer.kernel.AwsException;

/** CodeCommit's documented errors of the branch and commit operations. */
final class BranchErrors {

    private BranchErrors() {
    }

    static AwsException branchNameRequired() {
        return AwsException.client("BranchNameRequiredException", "A branch name is required, but was not specified.");
    }

    static AwsException invalidBranchName() {
        return AwsException.client("InvalidBranchNameException", "The specified reference name is not valid.");
    }

    static AwsException branchDoesNotExist(String name) {
        return AwsException.client("BranchDoesNotExistException", "Branch " + name + " does not exist.");
    }

    static AwsException branchNameExists(String name) {
        return AwsException.client("BranchNameExistsException", "Branch " + name + " already exists.");
    }

    static AwsException defaultBranch(String name) {
        return AwsException.client("DefaultBranchCannotBeDeletedException", "Branch " + name + " is the default "
                + "branch for the repository, and cannot be deleted. To delete this branch, you must first set "
                + "another branch as the default branch.");
    }

    static AwsException commitIdRequired() {
        return AwsException.client("CommitIdRequiredException", "A commit ID was not specified.");
    }

    static AwsException invalidCommitId() {
        return AwsException.client("InvalidCommitIdException", "The specified commit ID is not valid.");
    }

    static AwsException commitIdDoesNotExist(String id) {
        return AwsException.client("CommitIdDoesNotExistException", "Commit " + id + " does not exist.");
    }

    static AwsException commitDoesNotExist(String id) {
        return AwsException.client("CommitDoesNotExistException",
                "The specified commit " + id + " does not exist or no longer exists.");
    }

    static AwsException concurrentUpdate(String name) {
        return new AwsException("ConcurrentReferenceUpdateException", 400,
                "The reference " + name + " was updated by another request. Try again.");
    }
}
