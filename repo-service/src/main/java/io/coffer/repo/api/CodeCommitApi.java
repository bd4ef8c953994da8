package io.coffer.repo.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.aws.AwsJsonApi;
import io.coffer.aws.AwsOperation;
import io.coffer.aws.identity.Authorizer;
import io.coffer.events.contract.KeyProvisioned;
import io.coffer.kernel.Caller;
import io.coffer.kernel.CloudTrailResource;
import io.coffer.repo.branch.BranchRequests.CreateBranchRequest;
import io.coffer.repo.branch.BranchRequests.DeleteBranchRequest;
import io.coffer.repo.branch.BranchRequests.GetBranchRequest;
import io.coffer.repo.branch.BranchRequests.ListBranchesRequest;
import io.coffer.repo.branch.BranchRequests.UpdateDefaultBranchRequest;
import io.coffer.repo.branch.Branches;
import io.coffer.repo.comment.CommentCommands;
import io.coffer.repo.comment.CommentQueries;
import io.coffer.repo.comment.CommentRequests.CommentIdRequest;
import io.coffer.repo.comment.CommentRequests.GetCommentReactionsRequest;
import io.coffer.repo.comment.CommentRequests.GetCommentsForComparedCommitRequest;
import io.coffer.repo.comment.CommentRequests.GetCommentsForPullRequestRequest;
import io.coffer.repo.comment.CommentRequests.PostCommentForComparedCommitRequest;
import io.coffer.repo.comment.CommentRequests.PostCommentForPullRequestRequest;
import io.coffer.repo.comment.CommentRequests.PostCommentReplyRequest;
import io.coffer.repo.comment.CommentRequests.PutCommentReactionRequest;
import io.coffer.repo.comment.CommentRequests.UpdateCommentRequest;
import io.coffer.repo.commit.CommitQueries;
import io.coffer.repo.commit.CommitRequests.BatchGetCommitsRequest;
import io.coffer.repo.commit.CommitRequests.GetCommitRequest;
import io.coffer.repo.commit.CommitRequests.GetDifferencesRequest;
import io.coffer.repo.commit.CommitRequests.ListFileCommitHistoryRequest;
import io.coffer.repo.commit.Differences;
import io.coffer.repo.file.FileCommands;
import io.coffer.repo.file.FileQueries;
import io.coffer.repo.file.FileRequests.CreateCommitRequest;
import io.coffer.repo.file.FileRequests.DeleteFileRequest;
import io.coffer.repo.file.FileRequests.GetBlobRequest;
import io.coffer.repo.file.FileRequests.GetFileRequest;
import io.coffer.repo.file.FileRequests.GetFolderRequest;
import io.coffer.repo.file.FileRequests.PutFileRequest;
import io.coffer.repo.merge.MergeRequests.BatchDescribeMergeConflictsRequest;
import io.coffer.repo.merge.MergeRequests.CreateUnreferencedMergeCommitRequest;
import io.coffer.repo.merge.MergeRequests.DescribeMergeConflictsRequest;
import io.coffer.repo.merge.MergeRequests.GetMergeCommitRequest;
import io.coffer.repo.merge.MergeRequests.GetMergeConflictsRequest;
import io.coffer.repo.merge.MergeRequests.GetMergeOptionsRequest;
import io.coffer.repo.merge.MergeRequests.MergeBranchesByFastForwardRequest;
import io.coffer.repo.merge.MergeRequests.MergeBranchesRequest;
import io.coffer.repo.merge.Merges;
import io.coffer.repo.pullrequest.PullRequestCommands;
import io.coffer.repo.pullrequest.PullRequestQueries;
import io.coffer.repo.pullrequest.PullRequestRequests.CreatePullRequestApprovalRuleRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.CreatePullRequestRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.DeletePullRequestApprovalRuleRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.DescribePullRequestEventsRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.ListPullRequestsRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.MergePullRequestByFastForwardRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.MergePullRequestRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.OverridePullRequestApprovalRulesRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.PullRequestIdRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.RevisionRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.UpdatePullRequestApprovalRuleContentRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.UpdatePullRequestApprovalStateRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.UpdatePullRequestDescriptionRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.UpdatePullRequestStatusRequest;
import io.coffer.repo.pullrequest.PullRequestRequests.UpdatePullRequestTitleRequest;
import io.coffer.repo.repository.RepositoryCommands;
import io.coffer.repo.template.TemplateCommands;
import io.coffer.repo.trigger.TriggerCommands;
import io.coffer.repo.trigger.TriggerRequests.GetRepositoryTriggersRequest;
import io.coffer.repo.trigger.TriggerRequests.TriggersRequest;
import io.coffer.repo.template.TemplateQueries;
import io.coffer.repo.template.TemplateRequests.CreateApprovalRuleTemplateRequest;
import io.coffer.repo.template.TemplateRequests.ListApprovalRuleTemplatesRequest;
import io.coffer.repo.template.TemplateRequests.ListAssociatedTemplatesRequest;
import io.coffer.repo.template.TemplateRequests.ListRepositoriesForTemplateRequest;
import io.coffer.repo.template.TemplateRequests.TemplateNameRequest;
import io.coffer.repo.template.TemplateRequests.TemplateRepositoriesRequest;
import io.coffer.repo.template.TemplateRequests.TemplateRepositoryRequest;
import io.coffer.repo.template.TemplateRequests.UpdateApprovalRuleTemplateContentRequest;
import io.coffer.repo.template.TemplateRequests.UpdateApprovalRuleTemplateDescriptionRequest;
import io.coffer.repo.template.TemplateRequests.UpdateApprovalRuleTemplateNameRequest;
import io.coffer.repo.repository.RepositoryQueries;
import io.coffer.repo.repository.RepositoryRequests.BatchGetRepositoriesRequest;
import io.coffer.repo.repository.RepositoryRequests.CreateRepositoryRequest;
import io.coffer.repo.repository.RepositoryRequests.DeleteRepositoryRequest;
import io.coffer.repo.repository.RepositoryRequests.GetRepositoryRequest;
import io.coffer.repo.repository.RepositoryRequests.ListRepositoriesRequest;
import io.coffer.repo.repository.RepositoryRequests.ListTagsForResourceRequest;
import io.coffer.repo.repository.RepositoryRequests.TagResourceRequest;
import io.coffer.repo.repository.RepositoryRequests.UntagResourceRequest;
import io.coffer.repo.repository.RepositoryRequests.UpdateRepositoryDescriptionRequest;
import io.coffer.repo.repository.RepositoryRequests.UpdateRepositoryEncryptionKeyRequest;
import io.coffer.repo.repository.RepositoryRequests.UpdateRepositoryNameRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The CodeCommit operations Coffer serves. */
@ApplicationScoped
public class CodeCommitApi implements AwsJsonApi {

    private static final String REPOSITORY = "AWS::CodeCommit::Repository";
    /** Operations on the account's resources in the region rather than on a repository. */
    private static final Set<String> ACCOUNT_WIDE = Set.of("ListRepositories", "CreateApprovalRuleTemplate",
            "GetApprovalRuleTemplate", "ListApprovalRuleTemplates", "DeleteApprovalRuleTemplate",
            "UpdateApprovalRuleTemplateName", "UpdateApprovalRuleTemplateDescription",
            "UpdateApprovalRuleTemplateContent", "ListRepositoriesForApprovalRuleTemplate");
    /** Request members that carry repository data or pull request text, both encrypted at rest. */
    private static final List<String> REPOSITORY_DATA = List.of("fileContent", "commitMessage", "content", "title",
            "description");

    private final Map<String, AwsOperation<?, ?>> operations;
    private final RepositoryQueries repositories;
    private final PullRequestQueries pullRequests;
    private final CommentQueries comments;
    private final Authorizer authorizer;

    public CodeCommitApi(RepositoryCommands commands, RepositoryQueries repositories, Branches branches,
            CommitQueries commits, Differences differences, FileQueries files, FileCommands fileCommands,
            Merges merges, PullRequestCommands pullRequestCommands, PullRequestQueries pullRequests,
            CommentCommands commentCommands, CommentQueries comments, TemplateCommands templateCommands,
            TemplateQueries templates, TriggerCommands triggers, Authorizer authorizer) {
        this.repositories = repositories;
        this.pullRequests = pullRequests;
        this.comments = comments;
        this.authorizer = authorizer;
        this.operations = Stream.of(
                AwsOperation.command("CreateRepository", CreateRepositoryRequest.class, commands::create)
                        .thenAfterCommit(commands::awaitKey),
                AwsOperation.query("GetRepository", GetRepositoryRequest.class, repositories::get),
                AwsOperation.query("BatchGetRepositories", BatchGetRepositoriesRequest.class,
                        repositories::batchGet),
                AwsOperation.query("ListRepositories", ListRepositoriesRequest.class, repositories::list),
                AwsOperation.command("UpdateRepositoryDescription", UpdateRepositoryDescriptionRequest.class,
                        commands::updateDescription),
                AwsOperation.command("UpdateRepositoryName", UpdateRepositoryNameRequest.class,
                        commands::rename),
                AwsOperation.command("UpdateRepositoryEncryptionKey", UpdateRepositoryEncryptionKeyRequest.class,
                        commands::updateEncryptionKey),
                AwsOperation.command("DeleteRepository", DeleteRepositoryRequest.class, commands::delete)
                        .thenAfterCommit(commands::deleteData),
                AwsOperation.command("TagResource", TagResourceRequest.class, commands::tag),
                AwsOperation.command("UntagResource", UntagResourceRequest.class, commands::untag),
                AwsOperation.query("ListTagsForResource", ListTagsForResourceRequest.class, repositories::tags),
                AwsOperation.query("GetBranch", GetBranchRequest.class, branches::get),
                AwsOperation.query("ListBranches", ListBranchesRequest.class, branches::list),
                AwsOperation.command("CreateBranch", CreateBranchRequest.class, branches::create),
                AwsOperation.command("DeleteBranch", DeleteBranchRequest.class, branches::delete),
                AwsOperation.command("UpdateDefaultBranch", UpdateDefaultBranchRequest.class,
                        branches::updateDefault),
                // reads that return repository data keep it off the audit trail, which is not encrypted with it
                AwsOperation.query("GetCommit", GetCommitRequest.class, commits::commit).withoutResponseRecord(),
                AwsOperation.query("BatchGetCommits", BatchGetCommitsRequest.class, commits::batch)
                        .withoutResponseRecord(),
                AwsOperation.query("ListFileCommitHistory", ListFileCommitHistoryRequest.class, commits::history)
                        .withoutResponseRecord(),
                AwsOperation.query("GetDifferences", GetDifferencesRequest.class, differences::differences)
                        .withoutResponseRecord(),
                AwsOperation.query("GetBlob", GetBlobRequest.class, files::blob).withoutResponseRecord(),
                AwsOperation.query("GetFile", GetFileRequest.class, files::file).withoutResponseRecord(),
                AwsOperation.query("GetFolder", GetFolderRequest.class, files::folder).withoutResponseRecord(),
                AwsOperation.command("PutFile", PutFileRequest.class, fileCommands::putFile),
                AwsOperation.command("DeleteFile", DeleteFileRequest.class, fileCommands::deleteFile),
                AwsOperation.command("CreateCommit", CreateCommitRequest.class, fileCommands::createCommit),
                AwsOperation.query("GetMergeOptions", GetMergeOptionsRequest.class, merges::options),
                AwsOperation.query("GetMergeCommit", GetMergeCommitRequest.class, merges::mergeCommit),
                AwsOperation.query("GetMergeConflicts", GetMergeConflictsRequest.class, merges::conflicts),
                AwsOperation.query("DescribeMergeConflicts", DescribeMergeConflictsRequest.class, merges::describe)
                        .withoutResponseRecord(),
                AwsOperation.command("MergeBranchesByFastForward", MergeBranchesByFastForwardRequest.class,
                        merges::fastForward),
                AwsOperation.command("MergeBranchesBySquash", MergeBranchesRequest.class, merges::squash),
                AwsOperation.command("MergeBranchesByThreeWay", MergeBranchesRequest.class, merges::threeWay),
                AwsOperation.command("CreateUnreferencedMergeCommit", CreateUnreferencedMergeCommitRequest.class,
                        merges::unreferenced),
                AwsOperation.query("BatchDescribeMergeConflicts", BatchDescribeMergeConflictsRequest.class,
                        merges::batchDescribe).withoutResponseRecord(),
                // pull requests: answers carrying their title and description stay off the audit trail too
                AwsOperation.command("CreatePullRequest", CreatePullRequestRequest.class, pullRequestCommands::create)
                        .withoutResponseRecord(),
                AwsOperation.query("GetPullRequest", PullRequestIdRequest.class, pullRequests::get)
                        .withoutResponseRecord(),
                AwsOperation.query("ListPullRequests", ListPullRequestsRequest.class, pullRequests::list),
                AwsOperation.command("UpdatePullRequestTitle", UpdatePullRequestTitleRequest.class,
                        pullRequestCommands::updateTitle).withoutResponseRecord(),
                AwsOperation.command("UpdatePullRequestDescription", UpdatePullRequestDescriptionRequest.class,
                        pullRequestCommands::updateDescription).withoutResponseRecord(),
                AwsOperation.command("UpdatePullRequestStatus", UpdatePullRequestStatusRequest.class,
                        pullRequestCommands::updateStatus).withoutResponseRecord(),
                AwsOperation.command("MergePullRequestByFastForward", MergePullRequestByFastForwardRequest.class,
                        pullRequestCommands::mergeByFastForward).withoutResponseRecord(),
                AwsOperation.command("MergePullRequestBySquash", MergePullRequestRequest.class,
                        pullRequestCommands::mergeBySquash).withoutResponseRecord(),
                AwsOperation.command("MergePullRequestByThreeWay", MergePullRequestRequest.class,
                        pullRequestCommands::mergeByThreeWay).withoutResponseRecord(),
                AwsOperation.query("DescribePullRequestEvents", DescribePullRequestEventsRequest.class,
                        pullRequests::events),
                AwsOperation.command("CreatePullRequestApprovalRule", CreatePullRequestApprovalRuleRequest.class,
                        pullRequestCommands::createApprovalRule),
                AwsOperation.command("UpdatePullRequestApprovalRuleContent",
                        UpdatePullRequestApprovalRuleContentRequest.class,
                        pullRequestCommands::updateApprovalRuleContent),
                AwsOperation.command("DeletePullRequestApprovalRule", DeletePullRequestApprovalRuleRequest.class,
                        pullRequestCommands::deleteApprovalRule),
                AwsOperation.command("UpdatePullRequestApprovalState", UpdatePullRequestApprovalStateRequest.class,
                        pullRequestCommands::updateApprovalState),
                AwsOperation.command("OverridePullRequestApprovalRules",
                        OverridePullRequestApprovalRulesRequest.class, pullRequestCommands::overrideApprovalRules),
                AwsOperation.query("EvaluatePullRequestApprovalRules", RevisionRequest.class,
                        pullRequests::evaluate),
                AwsOperation.query("GetPullRequestApprovalStates", RevisionRequest.class,
                        pullRequests::approvalStates),
                AwsOperation.query("GetPullRequestOverrideState", RevisionRequest.class, pullRequests::overrideState),
                // comments: their content is sealed like pull request text, and kept off the trail
                AwsOperation.command("PostCommentForPullRequest", PostCommentForPullRequestRequest.class,
                        commentCommands::postForPullRequest).withoutResponseRecord(),
                AwsOperation.command("PostCommentForComparedCommit", PostCommentForComparedCommitRequest.class,
                        commentCommands::postForComparedCommit).withoutResponseRecord(),
                AwsOperation.command("PostCommentReply", PostCommentReplyRequest.class, commentCommands::reply)
                        .withoutResponseRecord(),
                AwsOperation.command("UpdateComment", UpdateCommentRequest.class, commentCommands::update)
                        .withoutResponseRecord(),
                AwsOperation.command("DeleteCommentContent", CommentIdRequest.class, commentCommands::deleteContent)
                        .withoutResponseRecord(),
                AwsOperation.command("PutCommentReaction", PutCommentReactionRequest.class, commentCommands::react),
                AwsOperation.query("GetComment", CommentIdRequest.class, comments::get).withoutResponseRecord(),
                AwsOperation.query("GetCommentsForPullRequest", GetCommentsForPullRequestRequest.class,
                        comments::forPullRequest).withoutResponseRecord(),
                AwsOperation.query("GetCommentsForComparedCommit", GetCommentsForComparedCommitRequest.class,
                        comments::forComparedCommit).withoutResponseRecord(),
                AwsOperation.query("GetCommentReactions", GetCommentReactionsRequest.class, comments::reactions),
                AwsOperation.command("CreateApprovalRuleTemplate", CreateApprovalRuleTemplateRequest.class,
                        templateCommands::create),
                AwsOperation.query("GetApprovalRuleTemplate", TemplateNameRequest.class, templates::get),
                AwsOperation.query("ListApprovalRuleTemplates", ListApprovalRuleTemplatesRequest.class,
                        templates::list),
                AwsOperation.command("DeleteApprovalRuleTemplate", TemplateNameRequest.class,
                        templateCommands::delete),
                AwsOperation.command("UpdateApprovalRuleTemplateName", UpdateApprovalRuleTemplateNameRequest.class,
                        templateCommands::rename),
                AwsOperation.command("UpdateApprovalRuleTemplateDescription",
                        UpdateApprovalRuleTemplateDescriptionRequest.class, templateCommands::updateDescription),
                AwsOperation.command("UpdateApprovalRuleTemplateContent",
                        UpdateApprovalRuleTemplateContentRequest.class, templateCommands::updateContent),
                AwsOperation.command("AssociateApprovalRuleTemplateWithRepository", TemplateRepositoryRequest.class,
                        templateCommands::associate),
                AwsOperation.command("DisassociateApprovalRuleTemplateFromRepository",
                        TemplateRepositoryRequest.class, templateCommands::disassociate),
                AwsOperation.command("BatchAssociateApprovalRuleTemplateWithRepositories",
                        TemplateRepositoriesRequest.class, templateCommands::batchAssociate),
                AwsOperation.command("BatchDisassociateApprovalRuleTemplateFromRepositories",
                        TemplateRepositoriesRequest.class, templateCommands::batchDisassociate),
                AwsOperation.query("ListAssociatedApprovalRuleTemplatesForRepository",
                        ListAssociatedTemplatesRequest.class, templates::associatedWith),
                AwsOperation.query("ListRepositoriesForApprovalRuleTemplate",
                        ListRepositoriesForTemplateRequest.class, templates::repositoriesFor),
                AwsOperation.command("PutRepositoryTriggers", TriggersRequest.class, triggers::put),
                AwsOperation.query("GetRepositoryTriggers", GetRepositoryTriggersRequest.class, triggers::get),
                AwsOperation.command("TestRepositoryTriggers", TriggersRequest.class, triggers::test))
                .collect(Collectors.toUnmodifiableMap(AwsOperation::name, operation -> operation));
    }

    @Override
    public String targetPrefix() {
        return "CodeCommit_20150413";
    }

    @Override
    public Set<String> signingNames() {
        return Set.of("codecommit");
    }

    @Override
    public String eventSource() {
        return KeyProvisioned.CODECOMMIT_SERVICE;
    }

    /** Room for CreateCommit's largest valid body: 7 MB of file content, base64-encoded, and its entries. */
    @Override
    public long maxRequestBytes() {
        return 10L * 1024 * 1024;
    }

    /** CloudTrail keeps the call's shape but not the repository data in it: file contents and commit messages. */
    @Override
    public JsonNode requestParameters(String operation, JsonNode request) {
        return withoutRepositoryData(request.deepCopy());
    }

    private static JsonNode withoutRepositoryData(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(REPOSITORY_DATA);
            object.forEach(CodeCommitApi::withoutRepositoryData);
        } else if (node.isArray()) {
            node.forEach(CodeCommitApi::withoutRepositoryData);
        }
        return node;
    }

    /**
     * {@code codecommit:<Operation>} on each repository the call names, by ARN; the calls that name none (listing
     * repositories, approval rule templates) on {@code *}, as in CodeCommit's IAM reference.
     */
    @Override
    public void authorize(Caller caller, String operation, JsonNode request) {
        List<String> resources = ACCOUNT_WIDE.contains(operation) ? List.of("*")
                : named(caller, operation, request);
        resources.forEach(resource -> authorizer.authorize(caller, "codecommit:" + operation, resource));
    }

    /** The repositories the call acted on: those its response describes, else those its request names. */
    @Override
    public List<CloudTrailResource> resources(Caller caller, String operation, JsonNode request, JsonNode response) {
        JsonNode arn = response.path("repositoryMetadata").path("Arn");
        if (arn.isTextual()) {
            return List.of(new CloudTrailResource(arn.asText(), REPOSITORY));
        }
        if (ACCOUNT_WIDE.contains(operation)) {
            return List.of();
        }
        return named(caller, operation, request).stream().filter(a -> !a.endsWith(":"))
                .map(a -> new CloudTrailResource(a, REPOSITORY)).toList();
    }

    /**
     * The ARNs of the repositories a request names, directly or by its pull request or comment (a missing name, or a
     * pull request or comment that is not there, is the handler's error to report).
     */
    private List<String> named(Caller caller, String operation, JsonNode request) {
        String arnPrefix = "arn:aws:codecommit:" + caller.region() + ":" + caller.accountId() + ":";
        List<String> arns = new ArrayList<>();
        if (request.path("repositoryNames").isArray()) {
            request.path("repositoryNames").forEach(name -> arns.add(arnPrefix + name.asText()));
        } else if (request.path("targets").isArray()) {
            request.path("targets").forEach(target -> arns.add(arnPrefix
                    + target.path("repositoryName").asText("")));
        } else if (request.path("pullRequestId").isTextual()) {
            arns.add(pullRequests.repositoryArn(caller, request.path("pullRequestId").asText())
                    .orElse(arnPrefix));
        } else if (request.path("commentId").isTextual() || request.path("inReplyTo").isTextual()) {
            arns.add(comments.repositoryArn(caller, request.path(request.has("commentId") ? "commentId"
                    : "inReplyTo").asText()).orElse(arnPrefix));
        } else if (request.path("resourceArn").isTextual()) {
            arns.add(request.path("resourceArn").asText());
        } else {
            arns.add(arnPrefix + request.path("UpdateRepositoryName".equals(operation) ? "oldName"
                    : "repositoryName").asText(""));
        }
        return arns;
    }

    /**
     * The ID of the repository a call named, so that a search of the audit trail by repository ID finds every call
     * on it (CreateRepository and GetRepository carry it in their response already).
     */
    @Override
    public JsonNode additionalEventData(Caller caller, String operation, JsonNode request, JsonNode response) {
        if (response.has("repositoryMetadata")) {
            return null;
        }
        String id = response.path("repositoryId").asText(null);
        String name = request.path(request.has("newName") ? "newName" : "repositoryName").asText(null);
        if (name == null) {
            // named by ARN or by pull request
            String prefix = "arn:aws:codecommit:" + caller.region() + ":" + caller.accountId() + ":";
            name = named(caller, operation, request).stream().filter(a -> a.startsWith(prefix))
                    .map(a -> a.substring(prefix.length())).filter(n -> !n.isEmpty()).findFirst().orElse(null);
        }
        if (id == null && name != null) {
            id = repositories.idOf(caller, name).orElse(null);
        }
        return id == null ? null : JsonNodeFactory.instance.objectNode().put("repositoryId", id);
    }

    @Override
    public Map<String, AwsOperation<?, ?>> operations() {
        return operations;
    }
}
