package io.coffer.repo.git.storage;

import io.coffer.events.Database;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The {@code sealed_text} table: a repository's texts that are not Git data, each one message sealed under the
 * repository's key, its header (with the wrapped data key) and its frames side by side. Deleting a row shreds the
 * text.
 */
@ApplicationScoped
public class SealedTextTable {

    private final Database database;

    public SealedTextTable(Database database) {
        this.database = database;
    }

    record SealedText(UUID textId, byte[] header, byte[] frames) {
    }

    void insert(UUID repositoryId, SealedText text) {
        database.update("insert into sealed_text (text_id, repository_id, header, frames) values (?, ?, ?, ?)",
                text.textId(), repositoryId, text.header(), text.frames());
    }

    /** The repository's texts among {@code textIds}; IDs of another repository's texts find nothing. */
    List<SealedText> find(UUID repositoryId, Collection<UUID> textIds) {
        return database.list("select text_id, header, frames from sealed_text where repository_id = ? "
                + "and text_id = any(?)", row -> new SealedText(row.getObject(1, UUID.class), row.getBytes(2),
                        row.getBytes(3)), repositoryId, textIds.toArray(UUID[]::new));
    }

    /** Replaces the header of each of the repository's texts by what {@code rewrap} makes of it. */
    void rewrapHeaders(Connection c, UUID repositoryId, UnaryOperator<byte[]> rewrap) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "select text_id, header from sealed_text where repository_id = ? for update");
                PreparedStatement update = c.prepareStatement(
                        "update sealed_text set header = ? where text_id = ?")) {
            select.setObject(1, repositoryId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    update.setBytes(1, rewrap.apply(rows.getBytes(2)));
                    update.setObject(2, rows.getObject(1, UUID.class));
                    update.addBatch();
                }
            }
            update.executeBatch();
        }
    }

    void forget(Connection c, UUID repositoryId) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("delete from sealed_text where repository_id = ?")) {
            delete.setObject(1, repositoryId);
            delete.executeUpdate();
        }
    }
}
