package io.coffer.repo.repository;

import io.coffer.events.contract.RepositoryCreated;
import io.coffer.events.contract.RepositoryDeleted;
import io.coffer.events.contract.RepositoryDescriptionUpdated;
import io.coffer.events.contract.RepositoryEncryptionKeyUpdated;
import io.coffer.events.contract.RepositoryEvent;
import io.coffer.events.contract.RepositoryRenamed;
import io.coffer.events.contract.RepositoryTagged;
import io.coffer.events.contract.RepositoryTriggersUpdated;
import io.coffer.events.contract.RepositoryUntagged;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which events a command on one repository produces, from the repository's state alone: pure, so it is
 * tested without infrastructure. What needs I/O is settled before and arrives in the command: whether a name is
 * taken in the account and region, and the key ARN key-service confirmed the caller may use.
 */
final class RepositoryDecider {

    /** A command on one repository, addressed by {@code repositoryName} as CodeCommit addresses it. */
    sealed interface RepositoryCommand {
        String repositoryName();

        Instant now();
    }

    /**
     * Create the repository in {@code accountId}/{@code region}, under the customer-managed key {@code kmsKeyArn}
     * or, if null, the region's aws/codecommit key.
     */
    record CreateRepository(String repositoryId, String repositoryName, String description,
            Map<String, String> tags, String accountId, String region, String kmsKeyArn, boolean nameTaken,
            Instant now) implements RepositoryCommand {

        /** The same command under the customer-managed key key-service confirmed, {@code kmsKeyArn}. */
        CreateRepository withKmsKeyArn(String kmsKeyArn) {
            return new CreateRepository(repositoryId, repositoryName, description, tags, accountId, region, kmsKeyArn,
                    nameTaken, now);
        }
    }

    record UpdateDescription(String repositoryName, String description, Instant now) implements RepositoryCommand {
    }

    record Rename(String repositoryName, String newName, boolean newNameTaken, Instant now)
            implements RepositoryCommand {
    }

    /** Protect the repository's data keys with {@code kmsKeyArn}; {@code originalKmsKeyArn} protects them now. */
    record UpdateEncryptionKey(String repositoryName, String kmsKeyArn, String originalKmsKeyArn, Instant now)
            implements RepositoryCommand {
    }

    record Delete(String repositoryName, Instant now) implements RepositoryCommand {
    }

    /** Add tags or replace their values (TagResource). */
    record Tag(String repositoryName, Map<String, String> tags, Instant now) implements RepositoryCommand {
    }

    /** Remove tags by key (UntagResource); keys it does not have are no error. */
    record Untag(String repositoryName, List<String> tagKeys, Instant now) implements RepositoryCommand {
    }

    /** Replace the repository's triggers, already checked, under a new configuration ID. */
    record PutTriggers(String repositoryName, String configurationId, List<RepositoryTriggersUpdated.Trigger> triggers,
            Instant now) implements RepositoryCommand {
    }

    /** AWS's limits on a resource's tags. */
    static final int MAX_TAGS = 50;
    private static final int MAX_TAG_KEY = 128;
    private static final int MAX_TAG_VALUE = 256;

    private RepositoryDecider() {
    }

    static String arn(String region, String accountId, String name) {
        return "arn:aws:codecommit:" + region + ":" + accountId + ":" + name;
    }

    static List<RepositoryEvent> decide(RepositoryCommand command, RepositoryState state) {
        if (command instanceof CreateRepository create) {
            if (state.version() > 0) {
                throw new IllegalStateException("repository " + create.repositoryId() + " exists already");
            }
            String name = check(create);
            Map<String, String> tags = create.tags() == null ? Map.of() : create.tags();
            return List.of(new RepositoryCreated(create.repositoryId(), name, create.description(),
                    arn(create.region(), create.accountId(), name), create.accountId(), create.region(),
                    Map.copyOf(tags), create.now(), create.kmsKeyArn()));
        }
        if (command instanceof Delete delete) {
            // deleting what does not exist succeeds and changes nothing, as AWS does it
            return state.exists() ? List.of(new RepositoryDeleted(state.name(), delete.now())) : List.of();
        }
        if (!state.exists()) {
            throw CodeCommitErrors.doesNotExist(command.repositoryName());
        }
        if (command instanceof UpdateDescription update) {
            return List.of(new RepositoryDescriptionUpdated(RepositoryNames.validDescription(update.description()),
                    update.now()));
        }
        if (command instanceof Rename rename) {
            String newName = RepositoryNames.validName(rename.newName());
            if (newName.equals(state.name())) {
                return List.of();
            }
            if (rename.newNameTaken()) {
                throw CodeCommitErrors.nameExists(newName);
            }
            return List.of(new RepositoryRenamed(state.name(), newName, arn(state.region(), state.accountId(),
                    newName), rename.now()));
        }
        if (command instanceof UpdateEncryptionKey update) {
            return List.of(new RepositoryEncryptionKeyUpdated(update.kmsKeyArn(), update.originalKmsKeyArn(),
                    update.now()));
        }
        if (command instanceof Tag tag) {
            if (tag.tags() == null || tag.tags().isEmpty()) {
                throw CodeCommitErrors.tagsMapRequired();
            }
            checkTags(tag.tags());
            Map<String, String> after = new HashMap<>(state.tags());
            after.putAll(tag.tags());
            if (after.size() > MAX_TAGS) {
                throw CodeCommitErrors.tooManyTags();
            }
            return after.equals(state.tags()) ? List.of() : List.of(new RepositoryTagged(Map.copyOf(tag.tags())));
        }
        if (command instanceof Untag untag) {
            if (untag.tagKeys() == null || untag.tagKeys().isEmpty()) {
                throw CodeCommitErrors.tagKeysListRequired();
            }
            for (String key : untag.tagKeys()) {
                if (key == null || key.isEmpty() || key.length() > MAX_TAG_KEY) {
                    throw CodeCommitErrors.invalidTagKeysList();
                }
                if (key.startsWith("aws:")) {
                    throw CodeCommitErrors.systemTag();
                }
            }
            List<String> present = untag.tagKeys().stream().distinct().filter(state.tags()::containsKey).toList();
            return present.isEmpty() ? List.of() : List.of(new RepositoryUntagged(present));
        }
        if (command instanceof PutTriggers put) {
            return List.of(new RepositoryTriggersUpdated(put.configurationId(), List.copyOf(put.triggers())));
        }
        throw new IllegalArgumentException("not a Repository command: " + command);
    }

    /**
     * Whether a create can succeed as far as the repository itself goes (name, description, tags, name free), so
     * the caller's access to its key is checked only for a command that would otherwise succeed.
     *
     * @return the valid name
     */
    static String check(CreateRepository command) {
        String name = RepositoryNames.validName(command.repositoryName());
        RepositoryNames.validDescription(command.description());
        Map<String, String> tags = command.tags() == null ? Map.of() : command.tags();
        if (tags.size() > MAX_TAGS) {
            throw CodeCommitErrors.tooManyTags();
        }
        checkTags(tags);
        if (command.nameTaken()) {
            throw CodeCommitErrors.nameExists(name);
        }
        return name;
    }

    /** Keys of 1 to 128 characters not in the {@code aws:} namespace, values of up to 256. */
    private static void checkTags(Map<String, String> tags) {
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (tag.getKey() == null || tag.getKey().isEmpty() || tag.getKey().length() > MAX_TAG_KEY) {
                throw CodeCommitErrors.invalidTags("Tag keys must be 1 to 128 characters long.");
            }
            if (tag.getValue() == null || tag.getValue().length() > MAX_TAG_VALUE) {
                throw CodeCommitErrors.invalidTags("Tag values must be 0 to 256 characters long.");
            }
            if (tag.getKey().startsWith("aws:")) {
                throw CodeCommitErrors.systemTag();
            }
        }
    }
}
