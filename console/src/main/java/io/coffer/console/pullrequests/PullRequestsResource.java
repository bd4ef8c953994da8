package io.coffer.console.pullrequests;

import io.coffer.console.aws.InvalidInputException;
import io.coffer.console.code.ChangedFiles;
import io.coffer.console.code.RepositoryView;
import io.coffer.console.session.CurrentSession;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jboss.resteasy.reactive.RestForm;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.Comment;
import software.amazon.awssdk.services.codecommit.model.ListPullRequestsResponse;
import software.amazon.awssdk.services.codecommit.model.PullRequest;
import software.amazon.awssdk.services.codecommit.model.PullRequestTarget;

/** Pull requests: list, open, diff, comment, approve and merge, through the CodeCommit API as the user. */
@Path("/pull-requests")
@Produces(MediaType.TEXT_HTML)
public class PullRequestsResource {

    private static final int PER_PAGE = 25;
    private static final Set<String> STRATEGIES = Set.of("FAST_FORWARD", "SQUASH", "THREE_WAY");

    private final CurrentSession session;
    private final ChangedFiles changes;
    private final Template list;
    private final Template create;
    private final Template detail;

    public PullRequestsResource(CurrentSession session, ChangedFiles changes,
            @Location("pullrequests/list.html") Template list, @Location("pullrequests/create.html") Template create,
            @Location("pullrequests/detail.html") Template detail) {
        this.session = session;
        this.changes = changes;
        this.list = list;
        this.create = create;
        this.detail = detail;
    }

    @GET
    public String list(@QueryParam("repository") String repository, @QueryParam("status") String status,
            @QueryParam("next") String next) {
        String name = InvalidInputException.required(repository, "repository");
        String state = "CLOSED".equals(status) ? "CLOSED" : "OPEN";
        ListPullRequestsResponse page = codeCommit().listPullRequests(r -> r.repositoryName(name)
                .pullRequestStatus(state).maxResults(PER_PAGE).nextToken(next == null || next.isBlank() ? null : next));
        List<PullRequest> pullRequests = new ArrayList<>();
        for (String id : page.pullRequestIds()) {
            pullRequests.add(codeCommit().getPullRequest(r -> r.pullRequestId(id)).pullRequest());
        }
        return list.data("repository", RepositoryView.load(codeCommit(), name, null)).data("status", state)
                .data("pullRequests", pullRequests).data("next", page.nextToken()).render();
    }

    @GET
    @Path("new")
    public String createForm(@QueryParam("repository") String repository) {
        String name = InvalidInputException.required(repository, "repository");
        return create.data("repository", RepositoryView.load(codeCommit(), name, null)).render();
    }

    @POST
    public Response create(@RestForm String repository, @RestForm String title, @RestForm String description,
            @RestForm String source, @RestForm String destination) {
        String name = InvalidInputException.required(repository, "repository");
        String heading = InvalidInputException.required(title, "title");
        PullRequest created = codeCommit().createPullRequest(r -> r.title(heading)
                .description(description == null || description.isBlank() ? null : description)
                .targets(t -> t.repositoryName(name).sourceReference(InvalidInputException.required(source, "source"))
                        .destinationReference(InvalidInputException.required(destination, "destination"))))
                .pullRequest();
        return seeOther(created.pullRequestId());
    }

    @GET
    @Path("{id}")
    public String detail(@PathParam("id") String id) {
        PullRequest pullRequest = codeCommit().getPullRequest(r -> r.pullRequestId(id)).pullRequest();
        PullRequestTarget target = pullRequest.pullRequestTargets().get(0);
        List<Comment> comments = new ArrayList<>();
        codeCommit().getCommentsForPullRequestPaginator(r -> r.pullRequestId(id))
                .forEach(page -> page.commentsForPullRequestData().forEach(c -> comments.addAll(c.comments())));
        var approvals = codeCommit().getPullRequestApprovalStates(r -> r.pullRequestId(id)
                .revisionId(pullRequest.revisionId())).approvals();
        var evaluation = codeCommit().evaluatePullRequestApprovalRules(r -> r.pullRequestId(id)
                .revisionId(pullRequest.revisionId())).evaluation();
        String base = target.mergeBase() != null ? target.mergeBase() : target.destinationCommit();
        return detail.data("repository", RepositoryView.load(codeCommit(), target.repositoryName(), null))
                .data("pullRequest", pullRequest).data("target", target).data("comments", comments)
                .data("approvals", approvals).data("evaluation", evaluation)
                .data("diffs", changes.between(session.clients(), target.repositoryName(), base, target.sourceCommit()))
                .render();
    }

    @POST
    @Path("{id}/comments")
    public Response comment(@PathParam("id") String id, @RestForm String content) {
        String text = InvalidInputException.required(content, "comment");
        PullRequestTarget target = target(id);
        codeCommit().postCommentForPullRequest(r -> r.pullRequestId(id).repositoryName(target.repositoryName())
                .beforeCommitId(target.destinationCommit()).afterCommitId(target.sourceCommit()).content(text));
        return seeOther(id);
    }

    @POST
    @Path("{id}/approval")
    public Response approve(@PathParam("id") String id, @RestForm String state) {
        String approval = "REVOKE".equals(state) ? "REVOKE" : "APPROVE";
        String revision = codeCommit().getPullRequest(r -> r.pullRequestId(id)).pullRequest().revisionId();
        codeCommit().updatePullRequestApprovalState(r -> r.pullRequestId(id).revisionId(revision)
                .approvalState(approval));
        return seeOther(id);
    }

    @POST
    @Path("{id}/merge")
    public Response merge(@PathParam("id") String id, @RestForm String strategy) {
        if (strategy == null || !STRATEGIES.contains(strategy)) {
            throw new InvalidInputException("Choose a merge strategy: " + STRATEGIES);
        }
        PullRequestTarget target = target(id);
        String repository = target.repositoryName();
        String source = target.sourceCommit();
        switch (strategy) {
            case "FAST_FORWARD" -> codeCommit().mergePullRequestByFastForward(r -> r.pullRequestId(id)
                    .repositoryName(repository).sourceCommitId(source));
            case "SQUASH" -> codeCommit().mergePullRequestBySquash(r -> r.pullRequestId(id)
                    .repositoryName(repository).sourceCommitId(source));
            default -> codeCommit().mergePullRequestByThreeWay(r -> r.pullRequestId(id)
                    .repositoryName(repository).sourceCommitId(source));
        }
        return seeOther(id);
    }

    @POST
    @Path("{id}/close")
    public Response close(@PathParam("id") String id) {
        codeCommit().updatePullRequestStatus(r -> r.pullRequestId(id).pullRequestStatus("CLOSED"));
        return seeOther(id);
    }

    private PullRequestTarget target(String id) {
        return codeCommit().getPullRequest(r -> r.pullRequestId(id)).pullRequest().pullRequestTargets().get(0);
    }

    private CodeCommitClient codeCommit() {
        return session.clients().codeCommit();
    }

    private static Response seeOther(String id) {
        return Response.seeOther(URI.create("/pull-requests/" + id)).build();
    }
}
