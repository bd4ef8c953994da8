package io.coffer.repo.comment;

import io.coffer.events.contract.CommentPosted;
import io.coffer.kernel.Caller;
import io.coffer.repo.comment.CommentDecider.DeleteContent;
import io.coffer.repo.comment.CommentDecider.Post;
import io.coffer.repo.comment.CommentDecider.React;
import io.coffer.repo.comment.CommentDecider.Update;
import io.coffer.repo.comment.CommentRequests.CommentIdRequest;
import io.coffer.repo.comment.CommentRequests.CommentResponse;
import io.coffer.repo.comment.CommentRequests.Location;
import io.coffer.repo.comment.CommentRequests.PostCommentForComparedCommitRequest;
import io.coffer.repo.comment.CommentRequests.PostCommentForPullRequestRequest;
import io.coffer.repo.comment.CommentRequests.PostCommentReplyRequest;
import io.coffer.repo.comment.CommentRequests.PostCommentResponse;
import io.coffer.repo.comment.CommentRequests.PutCommentReactionRequest;
import io.coffer.repo.comment.CommentRequests.UpdateCommentRequest;
import io.coffer.repo.comment.CommentStore.Loaded;
import io.coffer.repo.commit.CommitErrors;
import io.coffer.repo.commit.RepositoryPaths;
import io.coffer.repo.git.ObjectIds;
import io.coffer.repo.git.storage.RepositoryStorage;
import io.coffer.repo.git.storage.SealedRepository;
import io.coffer.repo.pullrequest.PullRequestQueries;
import io.coffer.repo.repository.CodeCommitErrors;
import io.coffer.repo.repository.RepositoryQueries;
import io.coffer.repo.repository.StoredRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The comment commands of the CodeCommit API: comments on a pull request or on compared commits (optionally on a
 * line of a file), replies, edits, deletions and reactions. Content is sealed under the repository's key.
 */
@ApplicationScoped
public class CommentCommands {

    /** CodeCommit's limits. */
    static final int MAX_CONTENT = 10_240;
    private static final int MAX_TOKEN = 64;

    private final CommentStore comments;
    private final CommentViews views;
    private final RepositoryQueries repositories;
    private final PullRequestQueries pullRequests;
    private final RepositoryStorage storage;

    public CommentCommands(CommentStore comments, CommentViews views, RepositoryQueries repositories,
            PullRequestQueries pullRequests, RepositoryStorage storage) {
        this.comments = comments;
        this.views = views;
        this.repositories = repositories;
        this.pullRequests = pullRequests;
        this.storage = storage;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public PostCommentResponse postForPullRequest(Caller caller, PostCommentForPullRequestRequest request) {
        StoredRepository repository = pullRequests.repositoryOf(caller, request.pullRequestId(),
                request.repositoryName());
        if (request.beforeCommitId() == null || request.beforeCommitId().isEmpty()) {
            throw CommitErrors.commitIdRequired();
        }
        return post(caller, repository, request.pullRequestId(), request.beforeCommitId(), request.afterCommitId(),
                request.location(), request.content(), request.clientRequestToken());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public PostCommentResponse postForComparedCommit(Caller caller, PostCommentForComparedCommitRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        String before = request.beforeCommitId() == null || request.beforeCommitId().isEmpty() ? null
                : request.beforeCommitId();
        return post(caller, repository, null, before, request.afterCommitId(), request.location(),
                request.content(), request.clientRequestToken());
    }

    private PostCommentResponse post(Caller caller, StoredRepository repository, String pullRequestId,
            String before, String after, Location location, String content, String token) {
        content(content);
        token(token);
        if (after == null || after.isEmpty()) {
            throw CommitErrors.commitIdRequired();
        }
        if (after.equals(before)) {
            throw CommentErrors.beforeCommitIdAndAfterCommitIdAreSame();
        }
        Location where = location == null ? null : location(location);
        String[] blobs = blobs(caller, repository, before, after, where);
        Optional<Loaded> earlier = retried(caller, token);
        if (earlier.isPresent()) {
            CommentPosted posted = earlier.get().state().posted();
            boolean same = posted.repositoryId().equals(repository.repositoryId())
                    && Objects.equals(posted.pullRequestId(), pullRequestId)
                    && Objects.equals(posted.beforeCommitId(), before) && posted.afterCommitId().equals(after)
                    && Objects.equals(location(posted), where) && posted.inReplyTo() == null
                    && content.equals(comments.view(caller, earlier.get()).content());
            if (!same) {
                throw CodeCommitErrors.idempotencyMismatch();
            }
            return response(caller, earlier.get());
        }
        CommentPosted posted = new CommentPosted(UUID.randomUUID().toString(), repository.repositoryId(),
                pullRequestId, before, after, blobs[0], blobs[1], where == null ? null : where.filePath(),
                where == null ? null : where.filePosition(), where == null ? null : where.relativeFileVersion(), null,
                comments.seal(caller, repository, content), caller.principal().arn(), token, now());
        return response(caller, comments.decideAndAppend(caller, repository, posted.commentId(), CommentState.NONE,
                new Post(posted)));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public CommentResponse reply(Caller caller, PostCommentReplyRequest request) {
        content(request.content());
        token(request.clientRequestToken());
        Loaded parent = comments.load(caller, request.inReplyTo(), false);
        CommentPosted to = parent.state().posted();
        Optional<Loaded> earlier = retried(caller, request.clientRequestToken());
        if (earlier.isPresent()) {
            boolean same = to.commentId().equals(earlier.get().state().posted().inReplyTo())
                    && request.content().equals(comments.view(caller, earlier.get()).content());
            if (!same) {
                throw CodeCommitErrors.idempotencyMismatch();
            }
            return new CommentResponse(comments.view(caller, earlier.get()));
        }
        CommentPosted posted = new CommentPosted(UUID.randomUUID().toString(), to.repositoryId(), to.pullRequestId(),
                to.beforeCommitId(), to.afterCommitId(), to.beforeBlobId(), to.afterBlobId(), to.filePath(),
                to.filePosition(), to.relativeFileVersion(), to.commentId(),
                comments.seal(caller, parent.repository(), request.content()), caller.principal().arn(),
                request.clientRequestToken(), now());
        return new CommentResponse(comments.view(caller, comments.decideAndAppend(caller, parent.repository(),
                posted.commentId(), CommentState.NONE, new Post(posted))));
    }

    /** Its author replaces a comment's content. */
    @Transactional(Transactional.TxType.MANDATORY)
    public CommentResponse update(Caller caller, UpdateCommentRequest request) {
        content(request.content());
        Loaded loaded = comments.load(caller, request.commentId(), true);
        // what the decider refuses is refused before anything is sealed
        if (loaded.state().deleted()) {
            throw CommentErrors.deleted();
        }
        if (!caller.principal().arn().equals(loaded.state().posted().authorArn())) {
            throw CommentErrors.notCreatedByCaller();
        }
        String sealed = comments.seal(caller, loaded.repository(), request.content());
        return new CommentResponse(comments.view(caller, comments.decideAndAppend(caller, loaded.repository(),
                loaded.commentId(), loaded.state(), new Update(caller.principal().arn(), sealed, now()))));
    }

    /** Deletes a comment's content; the comment stays, so that its replies keep their place. */
    @Transactional(Transactional.TxType.MANDATORY)
    public CommentResponse deleteContent(Caller caller, CommentIdRequest request) {
        Loaded loaded = comments.load(caller, request.commentId(), true);
        return new CommentResponse(comments.view(caller, comments.decideAndAppend(caller, loaded.repository(),
                loaded.commentId(), loaded.state(), new DeleteContent(now()))));
    }

    /** Sets the caller's one reaction to a comment, or takes it back. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Void react(Caller caller, PutCommentReactionRequest request) {
        Loaded loaded = comments.load(caller, request.commentId(), true);
        String value = request.reactionValue();
        if (value == null) {
            throw CommentErrors.reactionValueRequired();
        }
        String reaction = Reactions.removes(value) ? null
                : Reactions.parse(value).orElseThrow(CommentErrors::invalidReactionValue).shortCode();
        comments.decideAndAppend(caller, loaded.repository(), loaded.commentId(), loaded.state(),
                new React(caller.principal().arn(), reaction, now()));
        return null;
    }

    private Optional<Loaded> retried(Caller caller, String token) {
        return token == null ? Optional.empty()
                : views.findByToken(caller.accountId(), caller.region(), caller.principal().arn(), token)
                        .flatMap(comments::load);
    }

    private PostCommentResponse response(Caller caller, Loaded loaded) {
        CommentPosted posted = loaded.state().posted();
        return new PostCommentResponse(loaded.repository().name(), posted.pullRequestId(), posted.beforeCommitId(),
                posted.afterCommitId(), posted.beforeBlobId(), posted.afterBlobId(), location(posted),
                comments.view(caller, loaded));
    }

    static Location location(CommentPosted posted) {
        return posted.filePath() == null ? null
                : new Location(posted.filePath(), posted.filePosition(), posted.relativeFileVersion());
    }

    /**
     * The blob IDs of the commented file in the before and after commits (nulls without a location), checking that
     * both commits exist and the file is in one of them.
     */
    private String[] blobs(Caller caller, StoredRepository repository, String before, String after, Location where) {
        ObjectId afterId = commitId(after);
        ObjectId beforeId = before == null ? null : commitId(before);
        try (SealedRepository db = storage.open(caller, repository); RevWalk walk = new RevWalk(db)) {
            RevCommit afterCommit = commit(walk, afterId);
            RevCommit beforeCommit = beforeId == null ? null : commit(walk, beforeId);
            if (where == null) {
                return new String[2];
            }
            String[] blobs = {beforeCommit == null ? null : blob(db, beforeCommit, where.filePath()),
                    blob(db, afterCommit, where.filePath())};
            if (blobs[0] == null && blobs[1] == null) {
                throw CommitErrors.pathDoesNotExist(where.filePath());
            }
            return blobs;
        } catch (IOException e) {
            throw CodeCommitErrors.storage(e);
        }
    }

    private static String blob(SealedRepository db, RevCommit commit, String path) throws IOException {
        try (TreeWalk entry = TreeWalk.forPath(db, path, commit.getTree())) {
            return entry == null ? null : entry.getObjectId(0).name();
        }
    }

    private static ObjectId commitId(String id) {
        return ObjectIds.parse(id).orElseThrow(CommitErrors::invalidCommitId);
    }

    private static RevCommit commit(RevWalk walk, ObjectId id) throws IOException {
        try {
            return walk.parseCommit(id);
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            throw CommitErrors.commitDoesNotExist(id.name());
        }
    }

    private static Location location(Location location) {
        String path = RepositoryPaths.file(location.filePath());
        String version = location.relativeFileVersion() == null ? "AFTER" : location.relativeFileVersion();
        if (!List.of("BEFORE", "AFTER").contains(version)) {
            throw CommentErrors.invalidRelativeFileVersion();
        }
        if (location.filePosition() != null && location.filePosition() < 0) {
            throw CommentErrors.invalidFilePosition();
        }
        return new Location(path, location.filePosition(), version);
    }

    private static void content(String content) {
        if (content == null || content.isEmpty()) {
            throw CommentErrors.contentRequired();
        }
        if (content.length() > MAX_CONTENT) {
            throw CommentErrors.contentSizeLimitExceeded(MAX_CONTENT);
        }
    }

    private static void token(String token) {
        if (token != null && (token.isEmpty() || token.length() > MAX_TOKEN)) {
            throw CodeCommitErrors.invalidClientRequestToken();
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
