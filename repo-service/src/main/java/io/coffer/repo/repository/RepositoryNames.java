package io.coffer.repo.repository;

import java.util.regex.Pattern;

/** CodeCommit's rules for repository names and descriptions. */
final class RepositoryNames {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    static final int MAX_DESCRIPTION = 1000;

    private RepositoryNames() {
    }

    /** @throws io.coffer.platform.aws.AwsException with CodeCommit's error type if the name is missing or invalid */
    static String validName(String name) {
        if (name == null || name.isEmpty()) {
            throw CodeCommitErrors.nameRequired();
        }
        if (!NAME.matcher(name).matches() || name.endsWith(".git") || name.equals(".") || name.equals("..")) {
            throw CodeCommitErrors.invalidName();
        }
        return name;
    }

    /** @throws io.coffer.platform.aws.AwsException InvalidRepositoryDescriptionException if it is too long */
    static String validDescription(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw CodeCommitErrors.invalidDescription();
        }
        return description;
    }
}
