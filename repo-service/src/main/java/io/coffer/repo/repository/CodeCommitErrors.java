package io.coffer.repo.repository;

import io.coffer.platform.aws.AwsException;

/** CodeCommit's documented errors, with the messages CodeCommit gives. */
final class CodeCommitErrors {

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

    static AwsException systemTag() {
        return AwsException.client("InvalidSystemTagUsageException",
                "The tag key contains a prefix that is reserved for system use (aws:).");
    }

    static AwsException keyUnavailable() {
        return AwsException.client("EncryptionKeyUnavailableException",
                "The encryption key is not available. The repository was created and will use the key once "
                        + "key-service has provisioned it.");
    }
}
