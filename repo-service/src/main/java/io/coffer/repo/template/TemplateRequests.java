package io.coffer.repo.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;

/** Request and response shapes of the approval rule template operations. */
public final class TemplateRequests {

    private TemplateRequests() {
    }

    public record CreateApprovalRuleTemplateRequest(String approvalRuleTemplateName,
            String approvalRuleTemplateContent, String approvalRuleTemplateDescription) {
    }

    public record TemplateNameRequest(String approvalRuleTemplateName) {
    }

    public record UpdateApprovalRuleTemplateNameRequest(String oldApprovalRuleTemplateName,
            String newApprovalRuleTemplateName) {
    }

    public record UpdateApprovalRuleTemplateDescriptionRequest(String approvalRuleTemplateName,
            String approvalRuleTemplateDescription) {
    }

    public record UpdateApprovalRuleTemplateContentRequest(String approvalRuleTemplateName, String newRuleContent,
            String existingRuleContentSha256) {
    }

    public record ApprovalRuleTemplateResponse(ApprovalRuleTemplate approvalRuleTemplate) {
    }

    public record ApprovalRuleTemplate(String approvalRuleTemplateId, String approvalRuleTemplateName,
            String approvalRuleTemplateDescription, String approvalRuleTemplateContent, String ruleContentSha256,
            BigDecimal lastModifiedDate, BigDecimal creationDate, String lastModifiedUser) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeleteApprovalRuleTemplateResponse(String approvalRuleTemplateId) {
    }

    public record ListApprovalRuleTemplatesRequest(String nextToken, Integer maxResults) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TemplateNamesResponse(List<String> approvalRuleTemplateNames, String nextToken) {
    }

    public record TemplateRepositoryRequest(String approvalRuleTemplateName, String repositoryName) {
    }

    public record TemplateRepositoriesRequest(String approvalRuleTemplateName, List<String> repositoryNames) {
    }

    public record BatchAssociateResponse(List<String> associatedRepositoryNames, List<BatchError> errors) {
    }

    public record BatchDisassociateResponse(List<String> disassociatedRepositoryNames, List<BatchError> errors) {
    }

    public record BatchError(String repositoryName, String errorCode, String errorMessage) {
    }

    public record ListAssociatedTemplatesRequest(String repositoryName, String nextToken, Integer maxResults) {
    }

    public record ListRepositoriesForTemplateRequest(String approvalRuleTemplateName, String nextToken,
            Integer maxResults) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RepositoryNamesResponse(List<String> repositoryNames, String nextToken) {
    }
}
