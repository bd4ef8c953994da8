package io.coffer.repo.template;

import io.coffer.aws.AwsTimestamps;
import io.coffer.kernel.Caller;
import io.coffer.repo.approval.ApprovalRuleContent;
import io.coffer.repo.commit.CommitQueries;
import io.coffer.repo.repository.ListToken;
import io.coffer.repo.repository.RepositoryQueries;
import io.coffer.repo.repository.StoredRepository;
import io.coffer.repo.template.TemplateRequests.ApprovalRuleTemplate;
import io.coffer.repo.template.TemplateRequests.ApprovalRuleTemplateResponse;
import io.coffer.repo.template.TemplateRequests.ListApprovalRuleTemplatesRequest;
import io.coffer.repo.template.TemplateRequests.ListAssociatedTemplatesRequest;
import io.coffer.repo.template.TemplateRequests.ListRepositoriesForTemplateRequest;
import io.coffer.repo.template.TemplateRequests.RepositoryNamesResponse;
import io.coffer.repo.template.TemplateRequests.TemplateNameRequest;
import io.coffer.repo.template.TemplateRequests.TemplateNamesResponse;
import io.coffer.repo.template.TemplateViews.TemplateRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/** The approval rule template reads of the CodeCommit API, and the templates a new pull request takes rules from. */
@ApplicationScoped
public class TemplateQueries {

    private static final int PAGE = 100;

    private final TemplateViews views;
    private final RepositoryQueries repositories;

    public TemplateQueries(TemplateViews views, RepositoryQueries repositories) {
        this.views = views;
        this.repositories = repositories;
    }

    /** A template whose rule a pull request into {@code destinationReference} of a repository takes. */
    public record AppliedTemplate(String id, String name, String content) {
    }

    /** The templates associated with a repository whose rules apply to pull requests into that branch. */
    @Transactional
    public List<AppliedTemplate> applicableTo(String repositoryId, String destinationReference) {
        return views.ofRepository(UUID.fromString(repositoryId)).stream()
                .filter(t -> ApprovalRuleContent.parse(t.content()).appliesTo(destinationReference))
                .map(t -> new AppliedTemplate(t.id().toString(), t.name(), t.content())).toList();
    }

    @Transactional
    public ApprovalRuleTemplateResponse get(Caller caller, TemplateNameRequest request) {
        String name = TemplateDecider.name(request.approvalRuleTemplateName());
        TemplateRow row = views.findByName(caller.accountId(), caller.region(), name)
                .orElseThrow(() -> TemplateErrors.doesNotExist(name));
        return new ApprovalRuleTemplateResponse(new ApprovalRuleTemplate(row.id().toString(), row.name(),
                row.description(), row.content(), ApprovalRuleContent.sha256(row.content()),
                AwsTimestamps.epochSeconds(row.lastModifiedDate()), AwsTimestamps.epochSeconds(row.creationDate()),
                row.lastModifiedUser()));
    }

    @Transactional
    public TemplateNamesResponse list(Caller caller, ListApprovalRuleTemplatesRequest request) {
        int max = pageSize(request.maxResults());
        String query = String.join(":", "templates", caller.accountId(), caller.region(), Integer.toString(max));
        int offset = request.nextToken() == null ? 0 : ListToken.offset(request.nextToken(), query);
        List<String> names = views.names(caller.accountId(), caller.region(), offset, max + 1);
        return new TemplateNamesResponse(names.stream().limit(max).toList(),
                names.size() > max ? ListToken.of(offset + max, query) : null);
    }

    @Transactional
    public TemplateNamesResponse associatedWith(Caller caller, ListAssociatedTemplatesRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        int max = pageSize(request.maxResults());
        String query = String.join(":", "associated-templates", repository.repositoryId(), Integer.toString(max));
        int offset = request.nextToken() == null ? 0 : ListToken.offset(request.nextToken(), query);
        List<String> names = views.ofRepository(UUID.fromString(repository.repositoryId())).stream()
                .map(TemplateRow::name).toList();
        return new TemplateNamesResponse(names.stream().skip(offset).limit(max).toList(),
                offset + max < names.size() ? ListToken.of(offset + max, query) : null);
    }

    @Transactional
    public RepositoryNamesResponse repositoriesFor(Caller caller, ListRepositoriesForTemplateRequest request) {
        String name = TemplateDecider.name(request.approvalRuleTemplateName());
        TemplateRow row = views.findByName(caller.accountId(), caller.region(), name)
                .orElseThrow(() -> TemplateErrors.doesNotExist(name));
        int max = pageSize(request.maxResults());
        String query = String.join(":", "template-repositories", row.id().toString(), Integer.toString(max));
        int offset = request.nextToken() == null ? 0 : ListToken.offset(request.nextToken(), query);
        List<String> names = views.repositoryNames(row.id(), offset, max + 1);
        return new RepositoryNamesResponse(names.stream().limit(max).toList(),
                names.size() > max ? ListToken.of(offset + max, query) : null);
    }

    private static int pageSize(Integer requested) {
        return CommitQueries.pageSize(requested, PAGE, PAGE, TemplateErrors::invalidMaxResults);
    }
}
