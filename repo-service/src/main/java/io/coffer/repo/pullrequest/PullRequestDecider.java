package io.coffer.repo.pullrequest;

import io.coffer.events.contract.PullRequestApprovalRuleCreated;
import io.coffer.events.contract.PullRequestApprovalRuleDeleted;
import io.coffer.events.contract.PullRequestApprovalRuleUpdated;
import io.coffer.events.contract.PullRequestApprovalRulesOverridden;
import io.coffer.events.contract.PullRequestApprovalStateChanged;
import io.coffer.events.contract.PullRequestCreated;
import io.coffer.events.contract.PullRequestDescriptionUpdated;
import io.coffer.events.contract.PullRequestEvent;
import io.coffer.events.contract.PullRequestMerged;
import io.coffer.events.contract.PullRequestSourceReferenceUpdated;
import io.coffer.events.contract.PullRequestStatusChanged;
import io.coffer.events.contract.PullRequestTitleUpdated;
import io.coffer.repo.approval.ApprovalRuleContent;
import io.coffer.repo.pullrequest.PullRequestState.ApprovalRule;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decides which events a command on one pull request produces, from its state alone: pure, so it is tested without
 * infrastructure. What needs I/O arrives settled in the command: texts already sealed, commits already resolved.
 */
final class PullRequestDecider {

    /** A command on one pull request. */
    sealed interface PullRequestCommand {
        Instant now();
    }

    /** Open the pull request {@code created} describes. */
    record Create(PullRequestCreated created) implements PullRequestCommand {
        @Override
        public Instant now() {
            return created.creationDate();
        }
    }

    record UpdateTitle(String sealedTitle, Instant now) implements PullRequestCommand {
    }

    record UpdateDescription(String sealedDescription, Instant now) implements PullRequestCommand {
    }

    /** Close (CLOSED) or open again (OPEN). */
    record UpdateStatus(String status, Instant now) implements PullRequestCommand {
    }

    /** Record that the source is merged into the destination, by {@code mergedBy}; closes the pull request. */
    record RecordMerge(String mergeOption, String mergeCommitId, String mergedBy, String destinationCommit,
            Instant now) implements PullRequestCommand {
    }

    /** The source branch is now at {@code afterCommitId}: a new revision. */
    record UpdateSource(String afterCommitId, String destinationCommit, String mergeBase, String revisionId,
            Instant now) implements PullRequestCommand {
    }

    record CreateRule(String approvalRuleId, String name, String content, String originTemplateId,
            String originTemplateName, String userArn, Instant now) implements PullRequestCommand {
    }

    /** Replace a rule's content; {@code existingSha256}, if given, must be the current content's hash. */
    record UpdateRuleContent(String name, String content, String existingSha256, String userArn, Instant now)
            implements PullRequestCommand {
    }

    record DeleteRule(String name, Instant now) implements PullRequestCommand {
    }

    /** {@code userArn} approves (APPROVE) revision {@code revisionId}, or takes an approval back (REVOKE). */
    record UpdateApprovalState(String revisionId, String userArn, String approvalState, Instant now)
            implements PullRequestCommand {
    }

    /** {@code userArn} sets the rules of revision {@code revisionId} aside (OVERRIDE), or takes that back (REVOKE). */
    record OverrideRules(String revisionId, String userArn, String overrideStatus, Instant now)
            implements PullRequestCommand {
    }

    /** CodeCommit's limits. */
    static final int MAX_RULES = 25;
    static final int MAX_APPROVALS = 200;
    static final int MAX_RULE_NAME = 100;

    private PullRequestDecider() {
    }

    static List<PullRequestEvent> decide(PullRequestCommand command, PullRequestState state) {
        if (command instanceof Create create) {
            if (state.exists()) {
                throw new IllegalStateException("pull request " + create.created().pullRequestId() + " exists");
            }
            return List.of(create.created());
        }
        if (!state.exists()) {
            throw new IllegalStateException("no such pull request");
        }
        String id = state.created().pullRequestId();
        if (command instanceof UpdateStatus update) {
            return status(update, state);
        }
        if (!state.open()) {
            if (command instanceof UpdateSource || command instanceof RecordMerge) {
                return List.of();
            }
            throw PullRequestErrors.alreadyClosed(id);
        }
        if (command instanceof UpdateTitle update) {
            return List.of(new PullRequestTitleUpdated(update.sealedTitle(), update.now()));
        }
        if (command instanceof UpdateDescription update) {
            return List.of(new PullRequestDescriptionUpdated(update.sealedDescription(), update.now()));
        }
        if (command instanceof RecordMerge merge) {
            return List.of(new PullRequestMerged(merge.mergeOption(), merge.mergeCommitId(), merge.mergedBy(),
                    merge.destinationCommit(), merge.now()));
        }
        if (command instanceof UpdateSource update) {
            return update.afterCommitId().equals(state.sourceCommit()) ? List.of()
                    : List.of(new PullRequestSourceReferenceUpdated(state.sourceCommit(), update.afterCommitId(),
                            update.destinationCommit(), update.mergeBase(), update.revisionId(), update.now()));
        }
        if (command instanceof CreateRule create) {
            String name = ruleName(create.name());
            checkContent(create.content());
            if (rule(state, name).isPresent()) {
                throw PullRequestErrors.approvalRuleNameAlreadyExists(name);
            }
            if (state.rules().size() >= MAX_RULES) {
                throw PullRequestErrors.numberOfRulesExceeded(MAX_RULES);
            }
            return List.of(new PullRequestApprovalRuleCreated(create.approvalRuleId(), name, create.content(),
                    create.originTemplateId(), create.originTemplateName(), create.userArn(), create.now()));
        }
        if (command instanceof UpdateRuleContent update) {
            ApprovalRule rule = rule(state, ruleName(update.name()))
                    .orElseThrow(() -> PullRequestErrors.approvalRuleDoesNotExist(update.name()));
            checkContent(update.content());
            if (rule.fromTemplate()) {
                throw PullRequestErrors.cannotModifyRuleFromTemplate();
            }
            if (update.existingSha256() != null
                    && !update.existingSha256().equals(ApprovalRuleContent.sha256(rule.content()))) {
                throw PullRequestErrors.invalidRuleContentSha256();
            }
            return List.of(new PullRequestApprovalRuleUpdated(rule.id(), rule.name(), update.content(),
                    update.userArn(), update.now()));
        }
        if (command instanceof DeleteRule delete) {
            Optional<ApprovalRule> rule = rule(state, ruleName(delete.name()));
            if (rule.isPresent() && rule.get().fromTemplate()) {
                throw PullRequestErrors.cannotDeleteRuleFromTemplate();
            }
            // deleting a rule that is not there changes nothing, as in CodeCommit
            return rule.<List<PullRequestEvent>>map(r -> List.of(new PullRequestApprovalRuleDeleted(r.id(),
                    r.name(), delete.now()))).orElse(List.of());
        }
        if (command instanceof UpdateApprovalState update) {
            revision(update.revisionId(), state);
            String approval = update.approvalState();
            if (approval == null || approval.isEmpty()) {
                throw PullRequestErrors.approvalStateRequired();
            }
            if (!approval.equals(PullRequestState.APPROVE) && !approval.equals("REVOKE")) {
                throw PullRequestErrors.invalidApprovalState();
            }
            if (update.userArn().equals(state.authorArn())) {
                throw PullRequestErrors.cannotBeApprovedByAuthor();
            }
            if (approval.equals(state.approvals().get(update.userArn()))) {
                return List.of();
            }
            if (!state.approvals().containsKey(update.userArn()) && state.approvals().size() >= MAX_APPROVALS) {
                throw PullRequestErrors.maximumApprovals(MAX_APPROVALS);
            }
            return List.of(new PullRequestApprovalStateChanged(state.revisionId(), update.userArn(), approval,
                    update.now()));
        }
        if (command instanceof OverrideRules override) {
            revision(override.revisionId(), state);
            String status = override.overrideStatus();
            if (status == null || status.isEmpty()) {
                throw PullRequestErrors.overrideStatusRequired();
            }
            if (!status.equals("OVERRIDE") && !status.equals("REVOKE")) {
                throw PullRequestErrors.invalidOverrideStatus();
            }
            boolean overridden = state.overriddenBy() != null;
            if (status.equals("OVERRIDE") && overridden) {
                throw PullRequestErrors.overrideAlreadySet();
            }
            return status.equals("REVOKE") && !overridden ? List.of()
                    : List.of(new PullRequestApprovalRulesOverridden(state.revisionId(), override.userArn(), status,
                            override.now()));
        }
        throw new IllegalArgumentException("not a PullRequest command: " + command);
    }

    private static List<PullRequestEvent> status(UpdateStatus update, PullRequestState state) {
        String status = update.status();
        if (status == null || status.isEmpty()) {
            throw PullRequestErrors.statusRequired();
        }
        if (!status.equals(PullRequestState.OPEN) && !status.equals(PullRequestState.CLOSED)) {
            throw PullRequestErrors.invalidStatus();
        }
        if (status.equals(state.status())) {
            return List.of();
        }
        if (state.merge() != null) {
            throw PullRequestErrors.invalidStatusUpdate();
        }
        return List.of(new PullRequestStatusChanged(status, update.now()));
    }

    /** The revision a call names must be the current one. */
    static void revision(String revisionId, PullRequestState state) {
        if (revisionId == null || revisionId.isEmpty()) {
            throw PullRequestErrors.revisionIdRequired();
        }
        if (!revisionId.matches("[0-9a-f]{64}")) {
            throw PullRequestErrors.invalidRevisionId();
        }
        if (!revisionId.equals(state.revisionId())) {
            throw PullRequestErrors.revisionNotCurrent();
        }
    }

    static String ruleName(String name) {
        if (name == null || name.isEmpty()) {
            throw PullRequestErrors.approvalRuleNameRequired();
        }
        if (name.length() > MAX_RULE_NAME) {
            throw PullRequestErrors.invalidApprovalRuleName();
        }
        return name;
    }

    static ApprovalRuleContent checkContent(String content) {
        if (content == null || content.isEmpty()) {
            throw PullRequestErrors.approvalRuleContentRequired();
        }
        try {
            return ApprovalRuleContent.parse(content);
        } catch (ApprovalRuleContent.InvalidContent e) {
            throw PullRequestErrors.invalidApprovalRuleContent(e.getMessage());
        }
    }

    private static Optional<ApprovalRule> rule(PullRequestState state, String name) {
        return state.rules().stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
