package io.coffer.repo.pullrequest;

import io.coffer.events.Database;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code pull_request} table: where {@link PullRequestProjector} writes and the pull request queries look. */
@ApplicationScoped
public class PullRequestViews {

    private static final String COLUMNS = "pull_request_id, account_id, region, repository_id, author_arn, status, "
            + "source_reference, destination_reference, client_request_token";

    private final Database database;

    public PullRequestViews(Database database) {
        this.database = database;
    }

    /** A pull request as the queries that find one see it. */
    record PullRequestRow(long pullRequestId, String accountId, String region, UUID repositoryId, String authorArn,
            String status, String sourceReference, String destinationReference, String clientRequestToken) {
    }

    /** The next pull request ID. */
    long nextId() {
        return database.first("select nextval('pull_request_number')", row -> row.getLong(1)).orElseThrow();
    }

    Optional<PullRequestRow> find(String accountId, String region, long pullRequestId) {
        return database.first("select " + COLUMNS + " from pull_request where pull_request_id = ? and account_id = ? "
                + "and region = ?", PullRequestViews::row, pullRequestId, accountId, region);
    }

    /** As {@link #find}, locking the row until the transaction ends: one writer per pull request at a time. */
    Optional<PullRequestRow> lock(String accountId, String region, long pullRequestId) {
        return database.first("select " + COLUMNS + " from pull_request where pull_request_id = ? and account_id = ? "
                + "and region = ? for update", PullRequestViews::row, pullRequestId, accountId, region);
    }

    Optional<PullRequestRow> findByToken(String accountId, String region, String authorArn, String token) {
        return database.first("select " + COLUMNS + " from pull_request where account_id = ? and region = ? "
                + "and author_arn = ? and client_request_token = ?", PullRequestViews::row, accountId, region,
                authorArn, token);
    }

    int countOpen(UUID repositoryId) {
        return database.first("select count(*) from pull_request where repository_id = ? and status = 'OPEN'",
                row -> row.getInt(1), repositoryId).orElse(0);
    }

    /** Up to {@code limit} IDs of the repository's pull requests from {@code offset}, newest first. */
    List<Long> page(UUID repositoryId, String authorArn, String status, int offset, int limit) {
        return database.list("select pull_request_id from pull_request where repository_id = ? "
                + "and (cast(? as text) is null or author_arn = ?) and (cast(? as text) is null or status = ?) "
                + "order by pull_request_id desc offset ? limit ?", row -> row.getLong(1), repositoryId, authorArn,
                authorArn, status, status, offset, limit);
    }

    /** The repository's open pull requests whose source or destination is {@code reference}. */
    List<PullRequestRow> openOn(UUID repositoryId, String reference) {
        return database.list("select " + COLUMNS + " from pull_request where repository_id = ? and status = 'OPEN' "
                + "and (source_reference = ? or destination_reference = ?) order by pull_request_id",
                PullRequestViews::row, repositoryId, reference, reference);
    }

    void insert(PullRequestRow row, Instant at) {
        database.update("insert into pull_request (" + COLUMNS + ", last_activity_date) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row.pullRequestId(), row.accountId(), row.region(),
                row.repositoryId(), row.authorArn(), row.status(), row.sourceReference(), row.destinationReference(),
                row.clientRequestToken(), at);
    }

    void update(long pullRequestId, String status, Instant at) {
        database.update("update pull_request set status = coalesce(?, status), last_activity_date = ? "
                + "where pull_request_id = ?", status, at, pullRequestId);
    }

    void deleteAll() {
        database.update("delete from pull_request");
    }

    private static PullRequestRow row(ResultSet rows) throws SQLException {
        return new PullRequestRow(rows.getLong(1), rows.getString(2), rows.getString(3),
                rows.getObject(4, UUID.class), rows.getString(5), rows.getString(6), rows.getString(7),
                rows.getString(8), rows.getString(9));
    }
}
