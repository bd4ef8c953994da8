package io.coffer.repo.pullrequest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.coffer.repo.merge.MergeRequests.ConflictResolution;
import java.math.BigDecimal;
import java.util.List;

/** Request and response shapes of the pull request operations. */
public final class PullRequestRequests {

    private PullRequestRequests() {
    }

    public record CreatePullRequestRequest(String title, String description, List<Target> targets,
            String clientRequestToken) {
    }

    public record Target(String repositoryName, String sourceReference, String destinationReference) {
    }

    public record PullRequestIdRequest(String pullRequestId) {
    }

    public record UpdatePullRequestTitleRequest(String pullRequestId, String title) {
    }

    public record UpdatePullRequestDescriptionRequest(String pullRequestId, String description) {
    }

    public record UpdatePullRequestStatusRequest(String pullRequestId, String pullRequestStatus) {
    }

    public record ListPullRequestsRequest(String repositoryName, String authorArn, String pullRequestStatus,
            String nextToken, Integer maxResults) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ListPullRequestsResponse(List<String> pullRequestIds, String nextToken) {
    }

    public record MergePullRequestByFastForwardRequest(String pullRequestId, String repositoryName,
            String sourceCommitId) {
    }

    /** MergePullRequestBySquash and MergePullRequestByThreeWay take the same members. */
    public record MergePullRequestRequest(String pullRequestId, String repositoryName, String sourceCommitId,
            String conflictDetailLevel, String conflictResolutionStrategy, String commitMessage, String authorName,
            String email, Boolean keepEmptyFolders, ConflictResolution conflictResolution) {
    }

    public record DescribePullRequestEventsRequest(String pullRequestId, String pullRequestEventType,
            String actorArn, String nextToken, Integer maxResults) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DescribePullRequestEventsResponse(List<PullRequestEventView> pullRequestEvents, String nextToken) {
    }

    public record PullRequestResponse(PullRequestView pullRequest) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PullRequestView(String pullRequestId, String title, String description,
            BigDecimal lastActivityDate, BigDecimal creationDate, String pullRequestStatus, String authorArn,
            List<PullRequestTarget> pullRequestTargets, String clientRequestToken, String revisionId,
            List<ApprovalRuleView> approvalRules) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PullRequestTarget(String repositoryName, String sourceReference, String destinationReference,
            String destinationCommit, String sourceCommit, String mergeBase, MergeMetadata mergeMetadata) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MergeMetadata(boolean isMerged, String mergedBy, String mergeCommitId, String mergeOption) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ApprovalRuleView(String approvalRuleId, String approvalRuleName, String approvalRuleContent,
            String ruleContentSha256, BigDecimal lastModifiedDate, BigDecimal creationDate, String lastModifiedUser,
            OriginApprovalRuleTemplate originApprovalRuleTemplate) {
    }

    public record OriginApprovalRuleTemplate(String approvalRuleTemplateId, String approvalRuleTemplateName) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PullRequestEventView(String pullRequestId, BigDecimal eventDate, String pullRequestEventType,
            String actorArn, CreatedMetadata pullRequestCreatedEventMetadata,
            StatusChangedMetadata pullRequestStatusChangedEventMetadata,
            SourceReferenceUpdatedMetadata pullRequestSourceReferenceUpdatedEventMetadata,
            MergedStateChangedMetadata pullRequestMergedStateChangedEventMetadata,
            ApprovalRuleMetadata approvalRuleEventMetadata, ApprovalStateMetadata approvalStateChangedEventMetadata,
            OverriddenMetadata approvalRuleOverriddenEventMetadata) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreatedMetadata(String repositoryName, String sourceCommitId, String destinationCommitId,
            String mergeBase) {
    }

    public record StatusChangedMetadata(String pullRequestStatus) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SourceReferenceUpdatedMetadata(String repositoryName, String beforeCommitId,
            String afterCommitId, String mergeBase) {
    }

    public record MergedStateChangedMetadata(String repositoryName, String destinationReference,
            MergeMetadata mergeMetadata) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ApprovalRuleMetadata(String approvalRuleName, String approvalRuleId, String approvalRuleContent) {
    }

    public record ApprovalStateMetadata(String revisionId, String approvalStatus) {
    }

    public record OverriddenMetadata(String revisionId, String overrideStatus) {
    }

    public record CreatePullRequestApprovalRuleRequest(String pullRequestId, String approvalRuleName,
            String approvalRuleContent) {
    }

    public record ApprovalRuleResponse(ApprovalRuleView approvalRule) {
    }

    public record UpdatePullRequestApprovalRuleContentRequest(String pullRequestId, String approvalRuleName,
            String existingRuleContentSha256, String newRuleContent) {
    }

    public record DeletePullRequestApprovalRuleRequest(String pullRequestId, String approvalRuleName) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeletePullRequestApprovalRuleResponse(String approvalRuleId) {
    }

    public record UpdatePullRequestApprovalStateRequest(String pullRequestId, String revisionId,
            String approvalState) {
    }

    public record OverridePullRequestApprovalRulesRequest(String pullRequestId, String revisionId,
            String overrideStatus) {
    }

    public record RevisionRequest(String pullRequestId, String revisionId) {
    }

    public record EvaluatePullRequestApprovalRulesResponse(Evaluation evaluation) {
    }

    public record Evaluation(boolean approved, boolean overridden, List<String> approvalRulesSatisfied,
            List<String> approvalRulesNotSatisfied) {
    }

    public record GetPullRequestApprovalStatesResponse(List<Approval> approvals) {
    }

    public record Approval(String userArn, String approvalState) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GetPullRequestOverrideStateResponse(boolean overridden, String overrider) {
    }
}
