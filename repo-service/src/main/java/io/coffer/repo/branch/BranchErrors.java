package io.coffer.repo.branch;

import io.coffer.kernel.AwsException;

/** CodeCommit's documented errors of the branch operations. */
public final class BranchErrors {

    private BranchErrors() {
    }

    public static AwsException branchNameRequired() {
        return AwsException.client("BranchNameRequiredException", "A branch name is required, but was not specified.");
    }

    public static AwsException invalidBranchName() {
        return AwsException.client("InvalidBranchNameException", "The specified reference name is not valid.");
    }

    public static AwsException branchDoesNotExist(String name) {
        return AwsException.client("BranchDoesNotExistException", "Branch " + name + " does not exist.");
    }

    public static AwsException branchNameExists(String name) {
        return AwsException.client("BranchNameExistsException", "Branch " + name + " already exists.");
    }

    public static AwsException defaultBranch(String name) {
        return AwsException.client("DefaultBranchCannotBeDeletedException", "Branch " + name + " is the default "
                + "branch for the repository, and cannot be deleted. To delete this branch, you must first set "
                + "another branch as the default branch.");
    }

    public static AwsException concurrentUpdate(String name) {
        return new AwsException("ConcurrentReferenceUpdateException", 400,
                "The reference " + name + " was updated by another request. Try again.");
    }
}
