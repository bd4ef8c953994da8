package io.coffer.repo.pullrequest;

import io.coffer.kernel.AwsException;

/** CodeCommit's documented errors of the pull request operations. */
final class PullRequestErrors {

    private PullRequestErrors() {
    }

    private static AwsException error(String type, String message) {
        return AwsException.client(type, message);
    }

    static AwsException idRequired() {
        return error("PullRequestIdRequiredException", "A pull request ID is required, but none was provided.");
    }

    static AwsException invalidId() {
        return error("InvalidPullRequestIdException", "The pull request ID is not valid. Pull request IDs are "
                + "whole numbers; ListPullRequests lists them.");
    }

    static AwsException doesNotExist(String id) {
        return error("PullRequestDoesNotExistException", "Pull request " + id + " does not exist.");
    }

    static AwsException alreadyClosed(String id) {
        return error("PullRequestAlreadyClosedException", "Pull request " + id + " is already closed.");
    }

    static AwsException titleRequired() {
        return error("TitleRequiredException", "A pull request title is required. It cannot be empty or null.");
    }

    static AwsException invalidTitle() {
        return error("InvalidTitleException", "The title of the pull request is not valid. Pull request titles "
                + "cannot exceed 150 characters.");
    }

    static AwsException invalidDescription() {
        return error("InvalidDescriptionException", "The pull request description is not valid. Descriptions "
                + "cannot be more than 10,240 characters.");
    }

    static AwsException targetsRequired() {
        return error("TargetsRequiredException", "An array of target objects is required. It cannot be empty or "
                + "null.");
    }

    static AwsException invalidTargets() {
        return error("InvalidTargetsException", "The targets for the pull request are not valid or not in a valid "
                + "format: give one target with a repository name and a source reference.");
    }

    static AwsException targetRequired() {
        return error("TargetRequiredException", "A pull request target is required. It cannot be empty or null.");
    }

    static AwsException multipleRepositories() {
        return error("MultipleRepositoriesInPullRequestException", "You cannot include more than one repository "
                + "in a pull request.");
    }

    static AwsException referenceNameRequired() {
        return error("ReferenceNameRequiredException", "A reference name is required, but none was provided.");
    }

    static AwsException invalidReferenceName(String reference) {
        return error("InvalidReferenceNameException", "The specified reference name is not valid: " + reference);
    }

    static AwsException referenceTypeNotSupported(String reference) {
        return error("ReferenceTypeNotSupportedException", "The specified reference is not a supported type: "
                + reference + " (pull requests are between branches).");
    }

    static AwsException referenceDoesNotExist(String reference) {
        return error("ReferenceDoesNotExistException", "The specified reference does not exist: " + reference);
    }

    static AwsException sourceAndDestinationAreSame() {
        return error("SourceAndDestinationAreSameException", "The source branch and destination branch for the "
                + "pull request are the same. You must specify different branches for the source and destination.");
    }

    static AwsException maximumOpenPullRequests(int limit) {
        return error("MaximumOpenPullRequestsExceededException", "You cannot create the pull request because the "
                + "repository has too many open pull requests (" + limit + ").");
    }


    static AwsException statusRequired() {
        return error("PullRequestStatusRequiredException", "A pull request status is required, but none was "
                + "provided.");
    }

    static AwsException invalidStatus() {
        return error("InvalidPullRequestStatusException", "The pull request status is not valid. The only valid "
                + "values are OPEN and CLOSED.");
    }

    static AwsException invalidStatusUpdate() {
        return error("InvalidPullRequestStatusUpdateException", "The pull request status update is not valid. A "
                + "merged pull request cannot be opened again.");
    }

    static AwsException invalidAuthorArn() {
        return error("InvalidAuthorArnException", "The Amazon Resource Name (ARN) is not valid. Make sure that you "
                + "have provided the full ARN for the author of the pull request, and then try again.");
    }

    static AwsException invalidActorArn() {
        return error("InvalidActorArnException", "The Amazon Resource Name (ARN) is not valid. Make sure that you "
                + "have provided the full ARN for the user who initiated the change for the pull request.");
    }

    static AwsException invalidEventType() {
        return error("InvalidPullRequestEventTypeException", "The pull request event type is not valid.");
    }

    static AwsException invalidMaxResults() {
        return error("InvalidMaxResultsException", "The specified number of maximum results is not valid: 1 to "
                + "100.");
    }

    static AwsException repositoryNotAssociated(String repository, String id) {
        return error("RepositoryNotAssociatedWithPullRequestException", "Repository " + repository
                + " is not associated with pull request " + id + ".");
    }

    static AwsException tipOfSourceReferenceIsDifferent() {
        return error("TipOfSourceReferenceIsDifferentException", "The tip of the source branch in the destination "
                + "repository does not match the tip of the source branch specified in your request. The pull "
                + "request might have been updated. Make sure that you have the latest changes.");
    }

    static AwsException approvalRulesNotSatisfied(String id) {
        return error("PullRequestApprovalRulesNotSatisfiedException", "The pull request " + id + " cannot be "
                + "merged because one or more approval rules applied to it have not been satisfied.");
    }

    static AwsException approvalRuleNameRequired() {
        return error("ApprovalRuleNameRequiredException", "An approval rule name is required, but was not "
                + "specified.");
    }

    static AwsException invalidApprovalRuleName() {
        return error("InvalidApprovalRuleNameException", "The name for the approval rule is not valid: 1 to 100 "
                + "characters.");
    }

    static AwsException approvalRuleNameAlreadyExists(String name) {
        return error("ApprovalRuleNameAlreadyExistsException", "An approval rule named " + name
                + " already exists for this pull request. Approval rule names must be unique within the scope of "
                + "a pull request.");
    }

    static AwsException approvalRuleDoesNotExist(String name) {
        return error("ApprovalRuleDoesNotExistException", "The approval rule " + name + " does not exist.");
    }

    static AwsException approvalRuleContentRequired() {
        return error("ApprovalRuleContentRequiredException", "The content for the approval rule is empty. You "
                + "must provide some content for an approval rule. The content cannot be null.");
    }

    static AwsException invalidApprovalRuleContent(String why) {
        return error("InvalidApprovalRuleContentException", "The content for the approval rule is not valid: "
                + why + ".");
    }

    static AwsException numberOfRulesExceeded(int limit) {
        return error("NumberOfRulesExceededException", "The approval rule cannot be added. The pull request has "
                + "the maximum number of approval rules associated with it (" + limit + ").");
    }

    static AwsException cannotModifyRuleFromTemplate() {
        return error("CannotModifyApprovalRuleFromTemplateException", "The approval rule cannot be modified for "
                + "the pull request because it was created by an approval rule template and applied to the pull "
                + "request automatically.");
    }

    static AwsException cannotDeleteRuleFromTemplate() {
        return error("CannotDeleteApprovalRuleFromTemplateException", "The approval rule cannot be deleted from the "
                + "pull request because it was created by an approval rule template and applied to the pull request "
                + "automatically.");
    }

    static AwsException invalidRuleContentSha256() {
        return error("InvalidRuleContentSha256Exception", "The SHA-256 hash signature for the rule content is not "
                + "valid: it is not the content's hash now. Get the rule again and retry.");
    }

    static AwsException revisionIdRequired() {
        return error("RevisionIdRequiredException", "A revision ID is required, but was not provided.");
    }

    static AwsException invalidRevisionId() {
        return error("InvalidRevisionIdException", "The revision ID is not valid. Use GetPullRequest to determine "
                + "the value.");
    }

    static AwsException revisionNotCurrent() {
        return error("RevisionNotCurrentException", "The revision ID provided in the request does not match the "
                + "current revision ID. Use GetPullRequest to retrieve the current revision ID.");
    }

    static AwsException approvalStateRequired() {
        return error("ApprovalStateRequiredException", "An approval state is required, but was not specified.");
    }

    static AwsException invalidApprovalState() {
        return error("InvalidApprovalStateException", "The state for the approval is not valid. Valid values "
                + "include APPROVE and REVOKE.");
    }

    static AwsException cannotBeApprovedByAuthor() {
        return error("PullRequestCannotBeApprovedByAuthorException", "The approval cannot be applied because the "
                + "user approving the pull request matches the user who created the pull request. You cannot "
                + "approve a pull request that you created.");
    }

    static AwsException maximumApprovals(int limit) {
        return error("MaximumNumberOfApprovalsExceededException", "The number of approvals required for the "
                + "approval rule exceeds the maximum number allowed (" + limit + ").");
    }

    static AwsException overrideStatusRequired() {
        return error("OverrideStatusRequiredException", "An override status is required, but no value was "
                + "provided. Valid values include OVERRIDE and REVOKE.");
    }

    static AwsException invalidOverrideStatus() {
        return error("InvalidOverrideStatusException", "The override status is not valid. Valid statuses are "
                + "OVERRIDE and REVOKE.");
    }

    static AwsException overrideAlreadySet() {
        return error("OverrideAlreadySetException", "The pull request has already had its approval rules set to "
                + "override.");
    }
}
