package io.coffer.repo.template;

import io.coffer.events.Database;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code approval_rule_template} and {@code approval_rule_template_repository} tables. Associations with a
 * repository that no longer exists are left out of every answer.
 */
@ApplicationScoped
public class TemplateViews {

    private static final String COLUMNS = "t.approval_rule_template_id, t.name, t.description, t.content, "
            + "t.last_modified_user, t.creation_date, t.last_modified_date";

    private final Database database;

    public TemplateViews(Database database) {
        this.database = database;
    }

    record TemplateRow(UUID id, String name, String description, String content, String lastModifiedUser,
            Instant creationDate, Instant lastModifiedDate) {
    }

    Optional<TemplateRow> findByName(String accountId, String region, String name) {
        return database.first("select " + COLUMNS + " from approval_rule_template t where t.account_id = ? "
                + "and t.region = ? and t.name = ?", TemplateViews::row, accountId, region, name);
    }

    /** As {@link #findByName}, locking the row until the transaction ends: one writer per template at a time. */
    Optional<TemplateRow> lockByName(String accountId, String region, String name) {
        return database.first("select " + COLUMNS + " from approval_rule_template t where t.account_id = ? "
                + "and t.region = ? and t.name = ? for update", TemplateViews::row, accountId, region, name);
    }

    int count(String accountId, String region) {
        return database.first("select count(*) from approval_rule_template where account_id = ? and region = ?",
                row -> row.getInt(1), accountId, region).orElse(0);
    }

    /** Up to {@code limit} of the account's template names in the region from {@code offset}, by name. */
    List<String> names(String accountId, String region, int offset, int limit) {
        return database.list("select name from approval_rule_template where account_id = ? and region = ? "
                + "order by name offset ? limit ?", row -> row.getString(1), accountId, region, offset, limit);
    }

    /** The templates associated with a repository, by name. */
    List<TemplateRow> ofRepository(UUID repositoryId) {
        return database.list("select " + COLUMNS + " from approval_rule_template t "
                + "join approval_rule_template_repository a using (approval_rule_template_id) "
                + "where a.repository_id = ? order by t.name", TemplateViews::row, repositoryId);
    }

    /** Up to {@code limit} names of the existing repositories a template is associated with, by name. */
    List<String> repositoryNames(UUID templateId, int offset, int limit) {
        return database.list("select r.name from approval_rule_template_repository a "
                + "join repository r using (repository_id) where a.approval_rule_template_id = ? "
                + "order by r.name offset ? limit ?", row -> row.getString(1), templateId, offset, limit);
    }

    int repositoryCount(UUID templateId) {
        return database.first("select count(*) from approval_rule_template_repository a "
                + "join repository r using (repository_id) where a.approval_rule_template_id = ?",
                row -> row.getInt(1), templateId).orElse(0);
    }

    void insert(UUID id, String accountId, String region, String name, String description, String content,
            String user, Instant at) {
        database.update("insert into approval_rule_template (approval_rule_template_id, account_id, region, name, "
                + "description, content, last_modified_user, creation_date, last_modified_date) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?)", id, accountId, region, name, description, content, user, at,
                at);
    }

    /** Sets what is given (nulls keep their column) and the last modification. */
    void update(UUID id, String name, String description, String content, String user, Instant at) {
        database.update("update approval_rule_template set name = coalesce(?, name), "
                + "description = coalesce(?, description), content = coalesce(?, content), last_modified_user = ?, "
                + "last_modified_date = ? where approval_rule_template_id = ?", name, description, content, user, at,
                id);
    }

    void associate(UUID id, UUID repositoryId) {
        database.update("insert into approval_rule_template_repository (approval_rule_template_id, repository_id) "
                + "values (?, ?) on conflict do nothing", id, repositoryId);
    }

    void disassociate(UUID id, UUID repositoryId) {
        database.update("delete from approval_rule_template_repository where approval_rule_template_id = ? "
                + "and repository_id = ?", id, repositoryId);
    }

    void delete(UUID id) {
        database.update("delete from approval_rule_template where approval_rule_template_id = ?", id);
    }

    void deleteAll() {
        database.update("delete from approval_rule_template");
    }

    private static TemplateRow row(ResultSet rows) throws SQLException {
        return new TemplateRow(rows.getObject(1, UUID.class), rows.getString(2), rows.getString(3),
                rows.getString(4), rows.getString(5), rows.getTimestamp(6).toInstant(),
                rows.getTimestamp(7).toInstant());
    }
}
