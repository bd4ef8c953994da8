package io.coffer.repo.template;

import io.coffer.kernel.AwsException;

/** CodeCommit's documented errors of the approval rule template operations. */
final class TemplateErrors {

    private TemplateErrors() {
    }

    private static AwsException error(String type, String message) {
        return AwsException.client(type, message);
    }

    static AwsException nameRequired() {
        return error("ApprovalRuleTemplateNameRequiredException", "An approval rule template name is required, "
                + "but was not specified.");
    }

    static AwsException invalidName() {
        return error("InvalidApprovalRuleTemplateNameException", "The name of the approval rule template is not "
                + "valid: 1 to 100 characters.");
    }

    static AwsException nameAlreadyExists(String name) {
        return error("ApprovalRuleTemplateNameAlreadyExistsException", "You cannot create an approval rule template "
                + "with that name because a template with that name already exists in this AWS Region for your "
                + "AWS account: " + name + ".");
    }

    static AwsException doesNotExist(String name) {
        return error("ApprovalRuleTemplateDoesNotExistException", "The specified approval rule template does not "
                + "exist: " + name + ".");
    }

    static AwsException contentRequired() {
        return error("ApprovalRuleTemplateContentRequiredException", "The content for the approval rule template "
                + "is empty. You must provide some content for an approval rule template. The content cannot be "
                + "null.");
    }

    static AwsException invalidContent(String why) {
        return error("InvalidApprovalRuleTemplateContentException", "The content of the approval rule template is "
                + "not valid: " + why + ".");
    }

    static AwsException invalidDescription() {
        return error("InvalidApprovalRuleTemplateDescriptionException", "The description for the approval rule "
                + "template is not valid because it exceeds the maximum characters allowed for a description "
                + "(1000).");
    }

    static AwsException inUse(String name) {
        return error("ApprovalRuleTemplateInUseException", "The approval rule template " + name + " is associated "
                + "with one or more repositories. You cannot delete a template that is associated with a "
                + "repository. Remove all associations, and then try again.");
    }

    static AwsException tooManyTemplates(int limit) {
        return error("NumberOfRuleTemplatesExceededException", "The maximum number of approval rule templates ("
                + limit + ") has been exceeded for this AWS Region.");
    }

    static AwsException tooManyOnRepository(int limit) {
        return error("MaximumRuleTemplatesAssociatedWithRepositoryException", "The maximum number of approval rule "
                + "templates for a repository (" + limit + ") has been exceeded. You cannot associate more "
                + "approval rule templates with a repository.");
    }

    static AwsException invalidRuleContentSha256() {
        return error("InvalidRuleContentSha256Exception", "The SHA-256 hash signature for the rule content is not "
                + "valid: it is not the content's hash now. Get the template again and retry.");
    }

    static AwsException repositoryNamesRequired() {
        return error("RepositoryNamesRequiredException", "At least one repository name object is required, but "
                + "was not specified.");
    }

    static AwsException tooManyRepositoryNames(int limit) {
        return error("MaximumRepositoryNamesExceededException", "The maximum number of allowed repository names ("
                + limit + ") was exceeded.");
    }

    static AwsException invalidMaxResults() {
        return error("InvalidMaxResultsException", "The specified number of maximum results is not valid: 1 to "
                + "100.");
    }
}
