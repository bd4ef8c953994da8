package io.coffer.repo.comment;

import io.coffer.events.Database;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code comment} table: where {@link CommentProjector} writes and the comment queries look. */
@ApplicationScoped
public class CommentViews {

    private static final String COLUMNS = "comment_id, account_id, region, repository_id, pull_request_id, "
            + "before_commit_id, after_commit_id, author_arn, client_request_token";

    private final Database database;

    public CommentViews(Database database) {
        this.database = database;
    }

    record CommentRow(UUID commentId, String accountId, String region, UUID repositoryId, Long pullRequestId,
            String beforeCommitId, String afterCommitId, String authorArn, String clientRequestToken) {
    }

    Optional<CommentRow> find(String accountId, String region, UUID commentId) {
        return database.first("select " + COLUMNS + " from comment where comment_id = ? and account_id = ? "
                + "and region = ?", CommentViews::row, commentId, accountId, region);
    }

    /** As {@link #find}, locking the row until the transaction ends: one writer per comment at a time. */
    Optional<CommentRow> lock(String accountId, String region, UUID commentId) {
        return database.first("select " + COLUMNS + " from comment where comment_id = ? and account_id = ? "
                + "and region = ? for update", CommentViews::row, commentId, accountId, region);
    }

    Optional<CommentRow> findByToken(String accountId, String region, String authorArn, String token) {
        return database.first("select " + COLUMNS + " from comment where account_id = ? and region = ? "
                + "and author_arn = ? and client_request_token = ?", CommentViews::row, accountId, region, authorArn,
                token);
    }

    /** Up to {@code limit} of a pull request's comments from {@code offset}, oldest first, on those commits if given. */
    List<CommentRow> ofPullRequest(long pullRequestId, String beforeCommitId, String afterCommitId, int offset,
            int limit) {
        return database.list("select " + COLUMNS + " from comment where pull_request_id = ? "
                + "and (cast(? as text) is null or before_commit_id = ?) "
                + "and (cast(? as text) is null or after_commit_id = ?) "
                + "order by position offset ? limit ?", CommentViews::row, pullRequestId,
                beforeCommitId, beforeCommitId, afterCommitId, afterCommitId, offset, limit);
    }

    /** Up to {@code limit} comments on a comparison outside pull requests from {@code offset}, oldest first. */
    List<CommentRow> ofComparison(UUID repositoryId, String beforeCommitId, String afterCommitId, int offset,
            int limit) {
        return database.list("select " + COLUMNS + " from comment where repository_id = ? and pull_request_id is null "
                + "and before_commit_id is not distinct from ? and after_commit_id = ? "
                + "order by position offset ? limit ?", CommentViews::row, repositoryId,
                beforeCommitId, afterCommitId, offset, limit);
    }

    void insert(CommentRow row, Instant at) {
        database.update("insert into comment (" + COLUMNS + ", creation_date) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row.commentId(), row.accountId(), row.region(), row.repositoryId(), row.pullRequestId(),
                row.beforeCommitId(), row.afterCommitId(), row.authorArn(), row.clientRequestToken(), at);
    }

    void deleteAll() {
        database.update("delete from comment");
    }

    private static CommentRow row(ResultSet rows) throws SQLException {
        long pullRequest = rows.getLong(5);
        return new CommentRow(rows.getObject(1, UUID.class), rows.getString(2), rows.getString(3),
                rows.getObject(4, UUID.class), rows.wasNull() ? null : pullRequest, rows.getString(6),
                rows.getString(7), rows.getString(8), rows.getString(9));
    }
}
