package io.coffer.repo.repository;

import io.coffer.kernel.Caller;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CodeCommit's rules for repository names and descriptions. */
public final class RepositoryNames {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:codecommit:([a-z0-9-]+):([0-9]{12}):"
            + "([A-Za-z0-9._-]{1,100})");
    static final int MAX_DESCRIPTION = 1000;

    private RepositoryNames() {
    }

    /** @throws io.coffer.kernel.AwsException with CodeCommit's error type if the name is missing or invalid */
    public static String validName(String name) {
        if (name == null || name.isEmpty()) {
            throw CodeCommitErrors.nameRequired();
        }
        if (!wellFormed(name)) {
            throw CodeCommitErrors.invalidName();
        }
        return name;
    }

    /** Whether a repository could have this name; no other name need be looked up. */
    public static boolean wellFormed(String name) {
        return NAME.matcher(name).matches() && !name.endsWith(".git") && !name.equals(".") && !name.equals("..");
    }

    /** @throws io.coffer.kernel.AwsException InvalidRepositoryDescriptionException if it is too long */
    static String validDescription(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw CodeCommitErrors.invalidDescription();
        }
        return description;
    }

    /**
     * The name of the repository a CodeCommit ARN names, in the caller's account and region.
     *
     * @throws io.coffer.kernel.AwsException ResourceArnRequired, InvalidResourceArn, or RepositoryDoesNotExist
     *     for a repository ARN of another account or region
     */
    static String fromArn(Caller caller, String arn) {
        if (arn == null || arn.isEmpty()) {
            throw CodeCommitErrors.resourceArnRequired();
        }
        Matcher parts = ARN.matcher(arn);
        if (!parts.matches()) {
            throw CodeCommitErrors.invalidResourceArn();
        }
        if (!parts.group(1).equals(caller.region()) || !parts.group(2).equals(caller.accountId())) {
            throw CodeCommitErrors.doesNotExist(parts.group(3));
        }
        return parts.group(3);
    }
}
