package io.coffer.audit.integrity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The end of the audit chain: its last position and chain hash. Whoever seals the chain locks this row first; whoever
 * extends it either locks it first or updates it only where it is still the head it chained to, so the chain has one
 * order however many replicas write.
 */
public record ChainHead(long position, byte[] chainHash) {

    /** Reads the head and locks it until the caller's transaction ends. */
    public static ChainHead lock(Connection connection) throws SQLException {
        return select(connection, "select position, chain_hash from audit_chain_head where id = 1 for update");
    }

    /** Reads the head without locking it. */
    public static ChainHead read(Connection connection) throws SQLException {
        return select(connection, "select position, chain_hash from audit_chain_head where id = 1");
    }

    private static ChainHead select(Connection connection, String sql) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql);
                ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("the audit chain has no head row");
            }
            return new ChainHead(rs.getLong(1), rs.getBytes(2));
        }
    }
}
