package io.coffer.audit.integrity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored digests, read with plain JDBC: the service and the operators' command ({@link VerifyChainCommand},
 * which runs without the Quarkus runtime) share it.
 */
public final class DigestLog {

    private DigestLog() {
    }

    /** A stored digest with its signature. */
    public record Digest(long digestId, Instant createdAt, DigestSignature signed, String keyFingerprint,
            byte[] signature) {
    }

    /** The digests whose records arrived between {@code from} and {@code to} (either may be null), oldest first. */
    public static List<Digest> read(Connection connection, Instant from, Instant to) throws SQLException {
        List<Digest> digests = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                select digest_id, created_at, first_position, last_position, record_count, start_time, end_time,
                       last_hash, previous_signature, key_fingerprint, signature
                  from audit_digest
                 where (cast(? as timestamptz) is null or end_time >= ?)
                   and (cast(? as timestamptz) is null or start_time <= ?)
                 order by digest_id""")) {
            Timestamp f = from == null ? null : Timestamp.from(from);
            Timestamp t = to == null ? null : Timestamp.from(to);
            select.setTimestamp(1, f);
            select.setTimestamp(2, f);
            select.setTimestamp(3, t);
            select.setTimestamp(4, t);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    digests.add(new Digest(rs.getLong(1), rs.getTimestamp(2).toInstant(),
                            new DigestSignature(rs.getLong(3), rs.getLong(4), rs.getLong(5),
                                    rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant(), rs.getBytes(8),
                                    rs.getBytes(9)),
                            rs.getString(10), rs.getBytes(11)));
                }
            }
        }
        return digests;
    }
}
