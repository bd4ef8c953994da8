package io.coffer.repo.comment;

import io.coffer.events.contract.CommentPosted;
import io.coffer.kernel.Caller;
import io.coffer.repo.comment.CommentRequests.CommentIdRequest;
import io.coffer.repo.comment.CommentRequests.CommentResponse;
import io.coffer.repo.comment.CommentRequests.CommentView;
import io.coffer.repo.comment.CommentRequests.CommentsOnComparison;
import io.coffer.repo.comment.CommentRequests.GetCommentReactionsRequest;
import io.coffer.repo.comment.CommentRequests.GetCommentReactionsResponse;
import io.coffer.repo.comment.CommentRequests.GetCommentsForComparedCommitRequest;
import io.coffer.repo.comment.CommentRequests.GetCommentsForComparedCommitResponse;
import io.coffer.repo.comment.CommentRequests.GetCommentsForPullRequestRequest;
import io.coffer.repo.comment.CommentRequests.GetCommentsForPullRequestResponse;
import io.coffer.repo.comment.CommentRequests.ReactionForComment;
import io.coffer.repo.comment.CommentRequests.ReactionValueFormats;
import io.coffer.repo.comment.CommentStore.Loaded;
import io.coffer.repo.comment.CommentViews.CommentRow;
import io.coffer.repo.commit.CommitErrors;
import io.coffer.repo.commit.CommitQueries;
import io.coffer.repo.git.ObjectIds;
import io.coffer.repo.pullrequest.PullRequestQueries;
import io.coffer.repo.repository.ListToken;
import io.coffer.repo.repository.RepositoryQueries;
import io.coffer.repo.repository.StoredRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** The comment reads of the CodeCommit API; comments are grouped by the comparison and place they are on. */
@ApplicationScoped
public class CommentQueries {

    /** CodeCommit's page sizes: comments, and reactions. */
    private static final int COMMENTS = 100;
    private static final int MAX_COMMENTS = 500;
    private static final int REACTIONS = 1000;

    private final CommentStore comments;
    private final CommentViews views;
    private final RepositoryQueries repositories;
    private final PullRequestQueries pullRequests;

    public CommentQueries(CommentStore comments, CommentViews views, RepositoryQueries repositories,
            PullRequestQueries pullRequests) {
        this.comments = comments;
        this.views = views;
        this.repositories = repositories;
        this.pullRequests = pullRequests;
    }

    @Transactional
    public CommentResponse get(Caller caller, CommentIdRequest request) {
        return new CommentResponse(comments.view(caller, comments.load(caller, request.commentId(), false)));
    }

    /**
     * The ARN of the repository of the caller's comment {@code commentId}, if there is one: what a call on the
     * comment is authorized on and recorded against.
     */
    @Transactional
    public Optional<String> repositoryArn(Caller caller, String commentId) {
        try {
            return views.find(caller.accountId(), caller.region(), CommentStore.parseId(commentId))
                    .flatMap(row -> repositories.stored(row.repositoryId())).map(StoredRepository::arn);
        } catch (RuntimeException e) {
            // a malformed ID names no repository; the handler reports it
            return Optional.empty();
        }
    }

    @Transactional
    public GetCommentsForPullRequestResponse forPullRequest(Caller caller, GetCommentsForPullRequestRequest request) {
        StoredRepository repository = pullRequests.repositoryOf(caller, request.pullRequestId(),
                request.repositoryName());
        checkCommit(request.beforeCommitId());
        checkCommit(request.afterCommitId());
        int max = pageSize(request.maxResults());
        String query = String.join(":", "pr-comments", request.pullRequestId(),
                String.valueOf(request.beforeCommitId()), String.valueOf(request.afterCommitId()),
                Integer.toString(max));
        int offset = request.nextToken() == null ? 0 : ListToken.offset(request.nextToken(), query);
        List<CommentRow> rows = views.ofPullRequest(Long.parseLong(request.pullRequestId()),
                request.beforeCommitId(), request.afterCommitId(), offset, max + 1);
        return new GetCommentsForPullRequestResponse(grouped(caller, repository, rows.stream().limit(max).toList()),
                rows.size() > max ? ListToken.of(offset + max, query) : null);
    }

    @Transactional
    public GetCommentsForComparedCommitResponse forComparedCommit(Caller caller,
            GetCommentsForComparedCommitRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        if (request.afterCommitId() == null || request.afterCommitId().isEmpty()) {
            throw CommitErrors.commitIdRequired();
        }
        String before = request.beforeCommitId() == null || request.beforeCommitId().isEmpty() ? null
                : request.beforeCommitId();
        checkCommit(before);
        checkCommit(request.afterCommitId());
        int max = pageSize(request.maxResults());
        String query = String.join(":", "compared-comments", repository.repositoryId(), String.valueOf(before),
                request.afterCommitId(), Integer.toString(max));
        int offset = request.nextToken() == null ? 0 : ListToken.offset(request.nextToken(), query);
        List<CommentRow> rows = views.ofComparison(UUID.fromString(repository.repositoryId()), before,
                request.afterCommitId(), offset, max + 1);
        return new GetCommentsForComparedCommitResponse(grouped(caller, repository,
                rows.stream().limit(max).toList()), rows.size() > max ? ListToken.of(offset + max, query) : null);
    }

    /** Who reacted to a comment how, reaction by reaction. */
    @Transactional
    public GetCommentReactionsResponse reactions(Caller caller, GetCommentReactionsRequest request) {
        Loaded loaded = comments.load(caller, request.commentId(), false);
        if (loaded.state().deleted()) {
            throw CommentErrors.deleted();
        }
        String user = request.reactionUserArn();
        if (user != null && !user.startsWith("arn:aws:")) {
            throw CommentErrors.invalidReactionUserArn();
        }
        int max = CommitQueries.pageSize(request.maxResults(), REACTIONS, REACTIONS,
                () -> CommentErrors.invalidMaxResults(REACTIONS));
        List<ReactionForComment> all = new ArrayList<>();
        for (Reactions.Reaction reaction : Reactions.ALL) {
            List<String> users = loaded.state().reactions().entrySet().stream()
                    .filter(r -> r.getValue().equals(reaction.shortCode()))
                    .map(Map.Entry::getKey).filter(u -> user == null || user.equals(u)).toList();
            if (!users.isEmpty()) {
                all.add(new ReactionForComment(new ReactionValueFormats(reaction.emoji(), reaction.shortCode(),
                        reaction.unicode()), users, 0));
            }
        }
        String query = String.join(":", "reactions", loaded.commentId(), String.valueOf(user), Integer.toString(max));
        int offset = request.nextToken() == null ? 0 : ListToken.offset(request.nextToken(), query);
        return new GetCommentReactionsResponse(all.stream().skip(offset).limit(max).toList(),
                offset + max < all.size() ? ListToken.of(offset + max, query) : null);
    }

    /** Comments grouped by comparison and place, in the order their groups first appear. */
    private List<CommentsOnComparison> grouped(Caller caller, StoredRepository repository, List<CommentRow> rows) {
        List<CommentState> states = rows.stream().map(comments::load).flatMap(Optional::stream)
                .map(Loaded::state).toList();
        List<CommentView> shown = comments.views(caller, repository, states);
        Map<List<Object>, List<CommentView>> groups = new LinkedHashMap<>();
        Map<List<Object>, CommentPosted> firsts = new LinkedHashMap<>();
        Function<CommentPosted, List<Object>> key = p -> Arrays.asList(p.beforeCommitId(),
                p.afterCommitId(), p.filePath(), p.filePosition(), p.relativeFileVersion());
        for (int i = 0; i < states.size(); i++) {
            CommentPosted posted = states.get(i).posted();
            firsts.putIfAbsent(key.apply(posted), posted);
            groups.computeIfAbsent(key.apply(posted), k -> new ArrayList<>()).add(shown.get(i));
        }
        return groups.entrySet().stream().map(group -> {
            CommentPosted p = firsts.get(group.getKey());
            return new CommentsOnComparison(p.pullRequestId(), repository.name(), p.beforeCommitId(),
                    p.afterCommitId(), p.beforeBlobId(), p.afterBlobId(), CommentCommands.location(p),
                    group.getValue());
        }).toList();
    }

    private static int pageSize(Integer requested) {
        return CommitQueries.pageSize(requested, COMMENTS, MAX_COMMENTS,
                () -> CommentErrors.invalidMaxResults(MAX_COMMENTS));
    }

    private static void checkCommit(String id) {
        if (id != null && ObjectIds.parse(id).isEmpty()) {
            throw CommitErrors.invalidCommitId();
        }
    }
}
