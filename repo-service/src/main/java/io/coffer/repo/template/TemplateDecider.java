package io.coffer.repo.template;

import io.coffer.events.contract.ApprovalRuleTemplateAssociated;
import io.coffer.events.contract.ApprovalRuleTemplateContentUpdated;
import io.coffer.events.contract.ApprovalRuleTemplateCreated;
import io.coffer.events.contract.ApprovalRuleTemplateDeleted;
import io.coffer.events.contract.ApprovalRuleTemplateDescriptionUpdated;
import io.coffer.events.contract.ApprovalRuleTemplateDisassociated;
import io.coffer.events.contract.ApprovalRuleTemplateEvent;
import io.coffer.events.contract.ApprovalRuleTemplateNameUpdated;
import io.coffer.repo.approval.ApprovalRuleContent;
import java.time.Instant;
import java.util.List;

/**
 * Decides which events a command on one approval rule template produces, from its state alone; what needs I/O
 * (whether a name is taken, how many templates there are) arrives in the command.
 */
final class TemplateDecider {

    sealed interface TemplateCommand {
    }

    record Create(String id, String name, String description, String content, String userArn, int templates,
            boolean nameTaken, Instant now) implements TemplateCommand {
    }

    record Rename(String newName, boolean nameTaken, String userArn, Instant now) implements TemplateCommand {
    }

    record UpdateDescription(String description, String userArn, Instant now) implements TemplateCommand {
    }

    /** Replace the rule; {@code existingSha256}, if given, must be the current content's hash. */
    record UpdateContent(String content, String existingSha256, String userArn, Instant now)
            implements TemplateCommand {
    }

    /** Apply the template to a repository that has {@code templatesOnRepository} templates already. */
    record Associate(String repositoryId, int templatesOnRepository, Instant now) implements TemplateCommand {
    }

    record Disassociate(String repositoryId, Instant now) implements TemplateCommand {
    }

    /** Delete the template, associated with {@code repositories} repositories that still exist. */
    record Delete(int repositories, Instant now) implements TemplateCommand {
    }

    /** CodeCommit's limits. */
    static final int MAX_TEMPLATES = 1000;
    static final int MAX_ON_REPOSITORY = 25;
    static final int MAX_NAME = 100;
    static final int MAX_DESCRIPTION = 1000;

    private TemplateDecider() {
    }

    static List<ApprovalRuleTemplateEvent> decide(TemplateCommand command, TemplateState state) {
        if (command instanceof Create create) {
            String name = name(create.name());
            description(create.description());
            content(create.content());
            if (create.nameTaken()) {
                throw TemplateErrors.nameAlreadyExists(name);
            }
            if (create.templates() >= MAX_TEMPLATES) {
                throw TemplateErrors.tooManyTemplates(MAX_TEMPLATES);
            }
            return List.of(new ApprovalRuleTemplateCreated(create.id(), name,
                    create.description() == null ? "" : create.description(), create.content(), create.userArn(),
                    create.now()));
        }
        if (!state.exists()) {
            throw new IllegalStateException("no such approval rule template");
        }
        if (command instanceof Rename rename) {
            String name = name(rename.newName());
            if (name.equals(state.name())) {
                return List.of();
            }
            if (rename.nameTaken()) {
                throw TemplateErrors.nameAlreadyExists(name);
            }
            return List.of(new ApprovalRuleTemplateNameUpdated(state.name(), name, rename.userArn(), rename.now()));
        }
        if (command instanceof UpdateDescription update) {
            description(update.description());
            String description = update.description() == null ? "" : update.description();
            return List.of(new ApprovalRuleTemplateDescriptionUpdated(description, update.userArn(), update.now()));
        }
        if (command instanceof UpdateContent update) {
            content(update.content());
            if (update.existingSha256() != null
                    && !update.existingSha256().equals(ApprovalRuleContent.sha256(state.content()))) {
                throw TemplateErrors.invalidRuleContentSha256();
            }
            return List.of(new ApprovalRuleTemplateContentUpdated(update.content(), update.userArn(), update.now()));
        }
        if (command instanceof Associate associate) {
            if (state.repositoryIds().contains(associate.repositoryId())) {
                return List.of();
            }
            if (associate.templatesOnRepository() >= MAX_ON_REPOSITORY) {
                throw TemplateErrors.tooManyOnRepository(MAX_ON_REPOSITORY);
            }
            return List.of(new ApprovalRuleTemplateAssociated(associate.repositoryId(), associate.now()));
        }
        if (command instanceof Disassociate disassociate) {
            return state.repositoryIds().contains(disassociate.repositoryId())
                    ? List.of(new ApprovalRuleTemplateDisassociated(disassociate.repositoryId(), disassociate.now()))
                    : List.of();
        }
        if (command instanceof Delete delete) {
            if (delete.repositories() > 0) {
                throw TemplateErrors.inUse(state.name());
            }
            return List.of(new ApprovalRuleTemplateDeleted(state.name(), delete.now()));
        }
        throw new IllegalArgumentException("not an ApprovalRuleTemplate command: " + command);
    }

    static String name(String name) {
        if (name == null || name.isEmpty()) {
            throw TemplateErrors.nameRequired();
        }
        if (name.length() > MAX_NAME) {
            throw TemplateErrors.invalidName();
        }
        return name;
    }

    private static void description(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw TemplateErrors.invalidDescription();
        }
    }

    private static void content(String content) {
        if (content == null || content.isEmpty()) {
            throw TemplateErrors.contentRequired();
        }
        try {
            ApprovalRuleContent.parse(content);
        } catch (ApprovalRuleContent.InvalidContent e) {
            throw TemplateErrors.invalidContent(e.getMessage());
        }
    }
}
