package io.coffer.repo.repository;

import io.coffer.events.Database;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The {@code repository} and {@code repository_tag} tables: where {@link RepositoryProjector} writes the read model
 * and queries read it.
 */
@ApplicationScoped
public class RepositoryViews {

    private static final String COLUMNS = "repository_id, account_id, region, name, description, arn, kms_key_id, "
            + "creation_date, last_modified";

    private final Database database;

    public RepositoryViews(Database database) {
        this.database = database;
    }

    public Optional<RepositoryView> findById(UUID repositoryId) {
        return database.first("select " + COLUMNS + " from repository where repository_id = ?", RepositoryViews::view,
                repositoryId);
    }

    public Optional<RepositoryView> findByName(String accountId, String region, String name) {
        return database.first("select " + COLUMNS + " from repository where account_id = ? and region = ? and name = ?",
                RepositoryViews::view, accountId, region, name);
    }

    /** As {@link #findByName}, locking the row until the transaction ends: one writer per repository at a time. */
    public Optional<RepositoryView> lockByName(String accountId, String region, String name) {
        return database.first("select " + COLUMNS
                + " from repository where account_id = ? and region = ? and name = ? for update",
                RepositoryViews::view, accountId, region, name);
    }

    /** The account's repositories in the region among {@code names}. */
    public List<RepositoryView> findByNames(String accountId, String region, Collection<String> names) {
        return database.list("select " + COLUMNS + " from repository where account_id = ? and region = ? "
                + "and name = any(?)", RepositoryViews::view, accountId, region, names.toArray(String[]::new));
    }

    /** The account's repositories named {@code name}, in any region. */
    public List<RepositoryView> findInAccount(String accountId, String name) {
        return database.list("select " + COLUMNS + " from repository where account_id = ? and name = ?",
                RepositoryViews::view, accountId, name);
    }

    /** Up to {@code limit} of the account's repositories in the region from {@code offset}, in the order given. */
    public List<RepositoryView> page(String accountId, String region, SortKey sortBy, boolean descending, int offset,
            int limit) {
        return database.list("select " + COLUMNS + " from repository where account_id = ? and region = ? order by "
                + sortBy.column + (descending ? " desc" : " asc") + ", repository_id offset ? limit ?",
                RepositoryViews::view, accountId, region, offset, limit);
    }

    /** What {@link #page} sorts by. */
    public enum SortKey {
        NAME("name"), LAST_MODIFIED("last_modified");

        private final String column;

        SortKey(String column) {
            this.column = column;
        }
    }

    void insert(RepositoryView view) {
        database.update("insert into repository (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                view.repositoryId(), view.accountId(), view.region(), view.name(), view.description(), view.arn(),
                view.kmsKeyId(), view.creationDate(), view.lastModified());
    }

    void update(RepositoryView view) {
        database.update("""
                update repository set name = ?, description = ?, arn = ?, kms_key_id = ?, last_modified = ?
                where repository_id = ?""", view.name(), view.description(), view.arn(), view.kmsKeyId(),
                view.lastModified(), view.repositoryId());
    }

    void delete(UUID repositoryId) {
        database.update("delete from repository_tag where repository_id = ?", repositoryId);
        database.update("delete from repository_trigger_configuration where repository_id = ?", repositoryId);
        database.update("delete from repository where repository_id = ?", repositoryId);
    }

    void deleteAll() {
        database.update("delete from repository_tag");
        database.update("delete from repository_trigger_configuration");
        database.update("delete from repository");
    }

    /** The tags of a repository, by key. */
    public Map<String, String> tags(UUID repositoryId) {
        Map<String, String> tags = new TreeMap<>();
        database.list("select tag_key, tag_value from repository_tag where repository_id = ?",
                row -> Map.entry(row.getString(1), row.getString(2)), repositoryId)
                .forEach(tag -> tags.put(tag.getKey(), tag.getValue()));
        return tags;
    }

    void tag(UUID repositoryId, Map<String, String> tags) {
        tags.forEach((key, value) -> database.update("""
                insert into repository_tag (repository_id, tag_key, tag_value) values (?, ?, ?)
                on conflict (repository_id, tag_key) do update set tag_value = excluded.tag_value""",
                repositoryId, key, value));
    }

    void untag(UUID repositoryId, Collection<String> keys) {
        database.update("delete from repository_tag where repository_id = ? and tag_key = any(?)", repositoryId,
                keys.toArray(String[]::new));
    }

    /** The repository's last RepositoryTriggersUpdated payload, as JSON, if triggers were ever put. */
    public Optional<String> triggers(UUID repositoryId) {
        return database.first("select cast(configuration as text) from repository_trigger_configuration "
                + "where repository_id = ?", row -> row.getString(1), repositoryId);
    }

    void putTriggers(UUID repositoryId, String configuration) {
        database.update("insert into repository_trigger_configuration (repository_id, configuration) "
                + "values (?, cast(? as jsonb)) on conflict (repository_id) "
                + "do update set configuration = excluded.configuration", repositoryId, configuration);
    }

    private static RepositoryView view(ResultSet row) throws SQLException {
        return new RepositoryView(row.getObject(1, UUID.class), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), row.getString(6), row.getString(7), instant(row, 8), instant(row, 9));
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        return row.getTimestamp(column).toInstant();
    }
}
