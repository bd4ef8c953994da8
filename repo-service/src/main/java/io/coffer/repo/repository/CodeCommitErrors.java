package io.coffer.repo.repository;

import io.coffer.kernel.AwsException;
import io.coffer.repo.git.storage.StoredDataCorruptException;
import io.coffer.repo.git.storage.StoredDataUnavailableException;
import java.io.IOException;

/** CodeCommit's documented errors, with the messages CodeCommit gives. */
public final class CodeCommitErrors {

    private CodeCommitErrors() {
    }

    static AwsException nameRequired() {
        return AwsException.client("RepositoryNameRequiredException",
                "A repository name is required but was not specified.");
    }

    static AwsException invalidName() {
        return AwsException.client("InvalidRepositoryNameException", "The repository name is not valid. Repository "
                + "names can be any valid combination of letters, numbers, periods, underscores, and dashes between 1 "
                + "and 100 characters in length. Names are case sensitive. The suffix .git is prohibited.");
    }

    static AwsException nameExists(String name) {
        return AwsException.client("RepositoryNameExistsException", "Repository named " + name + " already exists");
    }

    static AwsException doesNotExist(String name) {
        return AwsException.client("RepositoryDoesNotExistException", name + " does not exist");
    }

    static AwsException invalidDescription() {
        return AwsException.client("InvalidRepositoryDescriptionException",
                "The description for the repository is not valid. Repository descriptions cannot be more than "
                        + RepositoryNames.MAX_DESCRIPTION + " characters.");
    }

    static AwsException invalidTags(String message) {
        return AwsException.client("InvalidTagsMapException", message);
    }

    static AwsException tooManyTags() {
        return AwsException.client("TooManyTagsException", "The maximum number of tags for a repository is 50.");
    }

    static AwsException tagsMapRequired() {
        return AwsException.client("TagsMapRequiredException", "A map of tags is required.");
    }

    static AwsException tagKeysListRequired() {
        return AwsException.client("TagKeysListRequiredException", "A list of tag keys is required. The list cannot "
                + "be empty or null.");
    }

    static AwsException invalidTagKeysList() {
        return AwsException.client("InvalidTagKeysListException", "The list of tags is not valid: tag keys must be 1 "
                + "to 128 characters long.");
    }

    static AwsException resourceArnRequired() {
        return AwsException.client("ResourceArnRequiredException", "A valid Amazon Resource Name (ARN) for a "
                + "CodeCommit resource is required.");
    }

    static AwsException invalidResourceArn() {
        return AwsException.client("InvalidResourceArnException", "The value for the resource ARN is not valid.");
    }

    static AwsException systemTag() {
        return AwsException.client("InvalidSystemTagUsageException",
                "The tag key contains a prefix that is reserved for system use (aws:).");
    }

    static AwsException keyUnavailable() {
        return AwsException.client("EncryptionKeyUnavailableException",
                "The encryption key is not available. The repository was created and will use the key once "
                        + "key-service has provisioned it.");
    }

    static AwsException namesRequired() {
        return AwsException.client("RepositoryNamesRequiredException",
                "At least one repository name object is required, but was not specified.");
    }

    static AwsException tooManyNames(int max) {
        return AwsException.client("MaximumRepositoryNamesExceededException",
                "The maximum number of allowed repository names was exceeded. Currently, this number is " + max + ".");
    }

    static AwsException invalidSortBy() {
        return AwsException.client("InvalidSortByException",
                "The specified sort by value is not valid. Valid values are repositoryName and lastModifiedDate.");
    }

    static AwsException invalidOrder() {
        return AwsException.client("InvalidOrderException",
                "The specified sort order is not valid. Valid values are ascending and descending.");
    }

    static AwsException invalidContinuationToken() {
        return AwsException.client("InvalidContinuationTokenException", "The specified continuation token is not valid.");
    }

    static AwsException keyRequired() {
        return AwsException.client("EncryptionKeyRequiredException", "A KMS encryption key ID is required but was not "
                + "specified.");
    }

    static AwsException keyNotFound() {
        return AwsException.client("EncryptionKeyNotFoundException", "No encryption key was found.");
    }

    static AwsException keyDisabled() {
        return AwsException.client("EncryptionKeyDisabledException", "The encryption key is disabled.");
    }

    static AwsException keyAccessDenied() {
        return AwsException.client("EncryptionKeyAccessDeniedException", "An encryption key could not be accessed.");
    }

    static AwsException keyInvalidId() {
        return AwsException.client("EncryptionKeyInvalidIdException",
                "The Key Management Service encryption key is not valid.");
    }

    static AwsException keyInvalidUsage() {
        return AwsException.client("EncryptionKeyInvalidUsageException", "A KMS encryption key used to encrypt and "
                + "decrypt data in a CodeCommit repository must be a symmetric ENCRYPT_DECRYPT key.");
    }

    static AwsException keyNotUsable(String state) {
        return AwsException.client("EncryptionKeyUnavailableException",
                "The encryption key is not available (key state " + state + ").");
    }

    /** A create or post retried with a client request token it was not made with. */
    public static AwsException idempotencyMismatch() {
        return AwsException.client("IdempotencyParameterMismatchException", "The client request token is not valid. "
                + "Either the token is not in a valid format, or the token has been used in a previous request and "
                + "cannot be reused.");
    }

    public static AwsException invalidClientRequestToken() {
        return AwsException.client("InvalidClientRequestTokenException", "The client request token is not valid: "
                + "1 to 64 characters.");
    }

    /** What KMS's refusal of a repository's key (error type {@code code}) is to a CodeCommit caller. */
    public static AwsException fromKms(String code) {
        return switch (code) {
            case "NotFoundException" -> keyNotFound();
            case "AccessDeniedException" -> keyAccessDenied();
            case "DisabledException" -> keyDisabled();
            case "ValidationException", "InvalidArnException" -> keyInvalidId();
            default -> keyNotUsable("unknown: key-service answered " + code);
        };
    }

    /** Stored data failed its integrity check. */
    public static AwsException integrityChecksFailed() {
        return new AwsException("EncryptionIntegrityChecksFailedException", 500,
                "An encryption integrity check failed.");
    }

    /** What a failure to read a repository's stored data means to a CodeCommit caller. */
    public static AwsException storage(IOException e) {
        if (e instanceof StoredDataCorruptException) {
            return integrityChecksFailed();
        }
        if (e instanceof StoredDataUnavailableException unavailable) {
            return fromKms(unavailable.errorType());
        }
        return new AwsException("InternalFailure", 500, "Reading the repository failed.");
    }
}
