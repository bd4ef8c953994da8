package io.coffer.repo.commit;

import io.coffer.kernel.AwsException;

/** CodeCommit's documented errors about commits and paths, shared by every operation that names them. */
public final class CommitErrors {

    private CommitErrors() {
    }

    public static AwsException commitIdRequired() {
        return AwsException.client("CommitIdRequiredException", "A commit ID was not specified.");
    }

    public static AwsException invalidCommitId() {
        return AwsException.client("InvalidCommitIdException", "The specified commit ID is not valid.");
    }

    public static AwsException commitIdDoesNotExist(String id) {
        return AwsException.client("CommitIdDoesNotExistException", "Commit " + id + " does not exist.");
    }

    public static AwsException commitRequired() {
        return AwsException.client("CommitRequiredException", "A commit was not specified.");
    }

    public static AwsException commitDoesNotExist(String specifier) {
        return AwsException.client("CommitDoesNotExistException",
                "The specified commit " + specifier + " does not exist or no longer exists.");
    }

    public static AwsException invalidCommit() {
        return AwsException.client("InvalidCommitException", "The specified commit is not valid.");
    }

    public static AwsException pathRequired() {
        return AwsException.client("PathRequiredException", "The path cannot be null.");
    }

    public static AwsException invalidPath() {
        return AwsException.client("InvalidPathException", "The specified path is not valid.");
    }

    public static AwsException pathDoesNotExist(String path) {
        return AwsException.client("PathDoesNotExistException",
                "The specified path " + path + " does not exist in the specified commits.");
    }

    public static AwsException invalidMaxResults() {
        return AwsException.client("InvalidMaxResultsException", "The specified number of maximum results is not "
                + "valid.");
    }

    public static AwsException commitIdsListRequired() {
        return AwsException.client("CommitIdsListRequiredException", "A list of commit IDs is required, but was "
                + "either not specified or the list was empty.");
    }

    public static AwsException commitIdsLimitExceeded(int limit) {
        return AwsException.client("CommitIdsLimitExceededException",
                "The maximum number of allowed commit IDs in a batch request is " + limit + ".");
    }

    public static AwsException nameLengthExceeded() {
        return AwsException.client("NameLengthExceededException",
                "The user name is not valid because it has exceeded the character limit for author names.");
    }

    public static AwsException invalidEmail() {
        return AwsException.client("InvalidEmailException", "The specified email address is not valid.");
    }

    public static AwsException commitMessageLengthExceeded(int limit) {
        return AwsException.client("CommitMessageLengthExceededException",
                "The commit message is too long. The maximum length is " + limit + " bytes.");
    }
}
