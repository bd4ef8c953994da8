package io.coffer.audit.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.events.Database;
import io.coffer.events.RebuildableReadModel;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * What the queries search by, derived from the stored records (which are the audit trail itself, hash-chained and
 * never rewritten): each record's indexed columns and its rows in {@code audit_resource}. {@link #rebuild} derives
 * them again from every record, as the intake derived them ({@link AuditRecord#of}), in one transaction.
 */
@ApplicationScoped
public class AuditIndex implements RebuildableReadModel {

    private static final int BATCH = 1000;

    private final Database database;
    private final ObjectMapper json;

    public AuditIndex(Database database, ObjectMapper json) {
        this.database = database;
        this.json = json;
    }

    @Override
    public String name() {
        return "audit-index";
    }

    @Override
    public long rebuild() {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                long rebuilt = rebuild(connection);
                connection.commit();
                return rebuilt;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot rebuild the audit index: " + e.getMessage(), e);
        }
    }

    private long rebuild(Connection connection) throws SQLException {
        // the intake's writers lock the head first: no record arrives while the index is rebuilt
        try (PreparedStatement lock = connection.prepareStatement(
                "select position from audit_chain_head where id = 1 for update")) {
            lock.executeQuery().close();
        }
        try (PreparedStatement clear = connection.prepareStatement("delete from audit_resource")) {
            clear.executeUpdate();
        }
        long rebuilt = 0;
        long after = 0;
        try (PreparedStatement select = connection.prepareStatement(
                "select position, record from audit_record where position > ? order by position limit " + BATCH);
                PreparedStatement update = connection.prepareStatement("""
                        update audit_record set event_time = ?, event_source = ?, event_name = ?, account_id = ?,
                               region = ?, user_name = ?, access_key_id = ?, repository_id = ?, error_code = ?,
                               key_id = ?, read_only = ?
                         where position = ?""");
                PreparedStatement resource = connection.prepareStatement("""
                        insert into audit_resource (position, account_id, resource_type, resource_name, event_time)
                        values (?, ?, ?, ?, ?)""")) {
            while (true) {
                select.setLong(1, after);
                int batch = 0;
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        after = rows.getLong(1);
                        AuditRecord record = parse(rows.getString(2));
                        Timestamp time = Timestamp.from(record.eventTime());
                        update.setTimestamp(1, time);
                        update.setString(2, record.eventSource());
                        update.setString(3, record.eventName());
                        update.setString(4, record.accountId());
                        update.setString(5, record.region());
                        update.setString(6, record.userName());
                        update.setString(7, record.accessKeyId());
                        update.setString(8, record.repositoryId());
                        update.setString(9, record.errorCode());
                        update.setString(10, record.keyId());
                        update.setBoolean(11, record.readOnly());
                        update.setLong(12, after);
                        update.addBatch();
                        for (AuditRecord.Resource r : record.resources()) {
                            resource.setLong(1, after);
                            resource.setString(2, record.accountId());
                            resource.setString(3, r.type());
                            resource.setString(4, r.name());
                            resource.setTimestamp(5, time);
                            resource.addBatch();
                        }
                        batch++;
                    }
                }
                if (batch == 0) {
                    return rebuilt;
                }
                update.executeBatch();
                resource.executeBatch();
                rebuilt += batch;
            }
        }
    }

    private AuditRecord parse(String record) {
        try {
            return AuditRecord.of(json.readTree(record));
        } catch (IOException e) {
            throw new UncheckedIOException("a stored audit record is not JSON", e);
        }
    }
}
