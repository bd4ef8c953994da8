package io.coffer.repo.git.storage;

import io.coffer.events.Database;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** The {@code lfs_object} table: each Git LFS object's blob and message header. */
@ApplicationScoped
public class LfsObjectTable {

    private final Database database;

    public LfsObjectTable(Database database) {
        this.database = database;
    }

    record LfsObject(String oid, long size, String blobName, byte[] header, int frameLength) {
    }

    Optional<LfsObject> find(UUID repositoryId, String oid) {
        return database.first("select oid, size, blob_name, header, frame_length from lfs_object "
                + "where repository_id = ? and oid = ?", row -> new LfsObject(row.getString(1), row.getLong(2),
                        row.getString(3), row.getBytes(4), row.getInt(5)), repositoryId, oid);
    }

    /** Records an object; if a concurrent upload recorded it first, that one stays (same content, same oid). */
    void insert(UUID repositoryId, LfsObject object) {
        database.update("insert into lfs_object (repository_id, oid, size, blob_name, header, frame_length) "
                + "values (?, ?, ?, ?, ?, ?) on conflict do nothing", repositoryId, object.oid(), object.size(),
                object.blobName(), object.header(), object.frameLength());
    }

    void rewrapHeaders(Connection c, UUID repositoryId, UnaryOperator<byte[]> rewrap) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "select oid, header from lfs_object where repository_id = ? for update");
                PreparedStatement update = c.prepareStatement(
                        "update lfs_object set header = ? where repository_id = ? and oid = ?")) {
            select.setObject(1, repositoryId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    update.setBytes(1, rewrap.apply(rows.getBytes(2)));
                    update.setObject(2, repositoryId);
                    update.setString(3, rows.getString(1));
                    update.addBatch();
                }
            }
            update.executeBatch();
        }
    }

    void forget(Connection c, UUID repositoryId) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("delete from lfs_object where repository_id = ?")) {
            delete.setObject(1, repositoryId);
            delete.executeUpdate();
        }
    }
}
