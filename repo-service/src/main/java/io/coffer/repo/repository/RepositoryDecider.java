package io.coffer.repo.repository;

import io.coffer.platform.contract.RepositoryCreated;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Decides which events a repository command produces; pure, so it is tested without infrastructure. */
final class RepositoryDecider {

    /**
     * Create a repository named {@code name} in {@code accountId}/{@code region}, under the customer-managed key
     * {@code kmsKeyArn} (already checked at key-service) or, if null, the region's aws/codecommit key.
     */
    record CreateRepository(String repositoryId, String name, String description, Map<String, String> tags,
            String accountId, String region, Instant now, String kmsKeyArn) {
    }

    private RepositoryDecider() {
    }

    static String arn(String region, String accountId, String name) {
        return "arn:aws:codecommit:" + region + ":" + accountId + ":" + name;
    }

    /** @param nameTaken whether the account already has a repository of that name in the region */
    static List<RepositoryCreated> decide(CreateRepository command, boolean nameTaken) {
        String name = check(command, nameTaken);
        Map<String, String> tags = command.tags() == null ? Map.of() : command.tags();
        String arn = arn(command.region(), command.accountId(), name);
        return List.of(new RepositoryCreated(command.repositoryId(), name, command.description(), arn,
                command.accountId(), command.region(), Map.copyOf(tags), command.now(), command.kmsKeyArn()));
    }

    /**
     * Whether the command can succeed as far as the repository itself goes (name, description, tags), so the
     * caller's access to its key is checked only for a command that would otherwise succeed.
     *
     * @return the valid name
     */
    static String check(CreateRepository command, boolean nameTaken) {
        String name = RepositoryNames.validName(command.name());
        RepositoryNames.validDescription(command.description());
        Map<String, String> tags = command.tags() == null ? Map.of() : command.tags();
        if (tags.size() > 50) {
            throw CodeCommitErrors.tooManyTags();
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (tag.getKey() == null || tag.getKey().isEmpty() || tag.getKey().length() > 128) {
                throw CodeCommitErrors.invalidTags("Tag keys must be 1 to 128 characters long.");
            }
            if (tag.getValue() == null || tag.getValue().length() > 256) {
                throw CodeCommitErrors.invalidTags("Tag values must be 0 to 256 characters long.");
            }
            if (tag.getKey().startsWith("aws:")) {
                throw CodeCommitErrors.systemTag();
            }
        }
        if (nameTaken) {
            throw CodeCommitErrors.nameExists(name);
        }
        return name;
    }
}
