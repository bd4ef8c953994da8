package io.coffer.audit.integrity;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.audit.intake.AuditRecord;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Walks the audit chain in position order and reports the first broken link: a record whose stored text no longer
 * hashes to its chain hash (altered), whose indexed columns disagree with its text (altered behind the index), or
 * whose previous hash is not its predecessor's chain hash (a record before it was removed, or it was inserted).
 * Digests in the range must carry a valid signature, chain onto each other and match the chain where they end;
 * walking to the end, the chain head must be the last record. Plain JDBC, so operators can run it without the
 * service ({@link VerifyChainCommand}).
 */
public final class ChainVerifier {

    private static final int FETCH = 2000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection connection;
    /** The keys digests may be signed with (the current one and retired ones), by fingerprint. */
    private final Map<String, PublicKey> digestKeys = new HashMap<>();

    public ChainVerifier(Connection connection, List<PublicKey> digestKeys) {
        this.connection = connection;
        digestKeys.forEach(key -> this.digestKeys.put(DigestSignature.fingerprint(key), key));
    }

    /** The first broken link: where, what kind, and what was found. */
    public record Break(long position, String eventId, String reason, String detail) {
    }

    /**
     * @param valid          whether every link, digest and the head held
     * @param firstPosition  the first position walked (0 if none)
     * @param lastPosition   the last position walked (0 if none)
     * @param checkedRecords records walked
     * @param checkedDigests digests checked
     * @param brokenLink     the first break, or null
     */
    public record Report(boolean valid, Instant from, Instant to, long firstPosition, long lastPosition,
            long checkedRecords, long checkedDigests, String lastHash, Break brokenLink) {
    }

    /**
     * Verifies the records that arrived between {@code from} and {@code to} (either may be null: unbounded), all
     * read from one snapshot of the database, so records arriving meanwhile never look like a broken chain: the
     * records, digests and head it reads are those of one moment.
     */
    public Report verify(Instant from, Instant to) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        int isolation = connection.getTransactionIsolation();
        if (!autoCommit) {
            connection.rollback();
        }
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setAutoCommit(false);
        try {
            return walk(from, to);
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
            connection.setTransactionIsolation(isolation);
        }
    }

    private Report walk(Instant from, Instant to) throws SQLException {
        long first = from == null ? 1
                : boundary("select min(position) from audit_record where received_at >= ?", from, Long.MAX_VALUE);
        long last = to == null ? Long.MAX_VALUE
                : boundary("select max(position) from audit_record where received_at <= ?", to, 0);
        Deque<DigestLog.Digest> digests = new ArrayDeque<>();
        for (DigestLog.Digest digest : DigestLog.read(connection, null, null)) {
            if (digest.signed().lastPosition() >= first && digest.signed().lastPosition() <= last) {
                digests.add(digest);
            }
        }
        byte[] expectedPrevious = predecessorHash(first);
        byte[] previousSignature = null;
        long previousPosition = 0;
        long checked = 0;
        long checkedDigests = 0;
        long firstWalked = 0;
        long sinceDigest = 0;
        Break broken = null;
        String sql = """
                select position, event_id, record, previous_hash, chain_hash, event_time, event_source, event_name,
                       account_id, region, user_name, access_key_id, repository_id, read_only, error_code, key_id
                  from audit_record where position > ? and position <= ? order by position limit ?""";
        long cursor = first - 1;
        walk:
        while (true) {
            int rows = 0;
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setLong(1, cursor);
                select.setLong(2, last);
                select.setInt(3, FETCH);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        long position = rs.getLong(1);
                        cursor = position;
                        if (firstWalked == 0) {
                            firstWalked = position;
                        }
                        String eventId = rs.getString(2);
                        String record = rs.getString(3);
                        byte[] previous = rs.getBytes(4);
                        byte[] hash = rs.getBytes(5);
                        if (!MessageDigest.isEqual(previous, expectedPrevious)) {
                            broken = new Break(position, eventId, "LinkBroken", previousPosition == 0
                                    ? "its previous hash is not the chain hash of the record before it"
                                    : "its previous hash is not the chain hash of position " + previousPosition
                                            + ": a record between them was removed, or one of them was inserted");
                            break walk;
                        }
                        if (!MessageDigest.isEqual(ChainHash.next(previous, record), hash)) {
                            broken = new Break(position, eventId, "RecordAltered",
                                    "its record no longer hashes to its chain hash");
                            break walk;
                        }
                        String column = alteredColumn(rs, record);
                        if (column != null) {
                            broken = new Break(position, eventId, "IndexAltered",
                                    "column " + column + " disagrees with the record");
                            break walk;
                        }
                        checked++;
                        sinceDigest++;
                        expectedPrevious = hash;
                        previousPosition = position;
                        while (!digests.isEmpty() && digests.peek().signed().lastPosition() <= position) {
                            DigestLog.Digest digest = digests.poll();
                            String problem = digestProblem(digest, position, hash, previousSignature, sinceDigest,
                                    first);
                            if (problem != null) {
                                broken = new Break(digest.signed().lastPosition(), eventId, "DigestMismatch",
                                        "digest " + digest.digestId() + " " + problem);
                                break walk;
                            }
                            previousSignature = digest.signature();
                            sinceDigest = 0;
                            checkedDigests++;
                        }
                    }
                }
            }
            if (rows < FETCH) {
                break;
            }
        }
        if (broken == null && !digests.isEmpty()) {
            DigestLog.Digest digest = digests.peek();
            broken = new Break(digest.signed().lastPosition(), null, "DigestMismatch", "digest " + digest.digestId()
                    + " vouches for records up to position " + digest.signed().lastPosition() + " but the chain ends at "
                    + previousPosition + ": records were removed");
        }
        if (broken == null && to == null && (from == null || checked > 0)) {
            broken = headProblem(previousPosition, expectedPrevious);
        }
        return new Report(broken == null, from, to, firstWalked, previousPosition, checked, checkedDigests,
                HexFormat.of().formatHex(expectedPrevious), broken);
    }

    private long boundary(String sql, Instant at, long ifNone) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setTimestamp(1, Timestamp.from(at));
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                long position = rs.getLong(1);
                return rs.wasNull() ? ifNone : position;
            }
        }
    }

    /** The chain hash the first record walked must name as its previous hash. */
    private byte[] predecessorHash(long first) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select chain_hash from audit_record where position < ? order by position desc limit 1")) {
            select.setLong(1, first);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : ChainHash.genesis();
            }
        }
    }

    /** The name of an indexed column that differs from what the record says, or null. */
    private static String alteredColumn(ResultSet rs, String record) throws SQLException {
        AuditRecord parsed;
        try {
            parsed = AuditRecord.of(JSON.readTree(record));
        } catch (Exception e) {
            return "record";
        }
        if (!parsed.eventId().toString().equals(rs.getString(2))) {
            return "event_id";
        }
        if (!parsed.eventTime().equals(rs.getTimestamp(6).toInstant())) {
            return "event_time";
        }
        String[][] columns = {
                {"event_source", parsed.eventSource()}, {"event_name", parsed.eventName()},
                {"account_id", parsed.accountId()}, {"region", parsed.region()}, {"user_name", parsed.userName()},
                {"access_key_id", parsed.accessKeyId()}, {"repository_id", parsed.repositoryId()},
                {"error_code", parsed.errorCode()}, {"key_id", parsed.keyId()}};
        for (String[] column : columns) {
            if (!Objects.equals(column[1], rs.getString(column[0]))) {
                return column[0];
            }
        }
        return parsed.readOnly() == rs.getBoolean("read_only") ? null : "read_only";
    }

    private String digestProblem(DigestLog.Digest digest, long position, byte[] hash, byte[] previousSignature,
            long sinceDigest, long first) {
        DigestSignature signed = digest.signed();
        PublicKey key = digestKeys.get(digest.keyFingerprint());
        if (key == null || !signed.verify(key, digest.signature())) {
            return "has no valid signature by a known digest key";
        }
        if (signed.lastPosition() != position || !MessageDigest.isEqual(signed.lastHash(), hash)) {
            return "vouches for chain hash " + HexFormat.of().formatHex(signed.lastHash()) + " at position "
                    + signed.lastPosition() + ", which the chain does not have";
        }
        // the first digest of a partial walk may start before it; its count and predecessor are checked from there
        boolean whole = signed.firstPosition() >= first;
        if (whole && signed.recordCount() != sinceDigest) {
            return "vouches for " + signed.recordCount() + " records, the chain has " + sinceDigest + " in its range";
        }
        if (previousSignature != null && !MessageDigest.isEqual(previousSignature, signed.previousSignature())) {
            return "does not chain onto the digest before it";
        }
        return null;
    }

    private Break headProblem(long lastPosition, byte[] lastHash) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select position, chain_hash, record_count from audit_chain_head where id = 1");
                ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                return new Break(lastPosition, null, "HeadMissing", "the chain head row is gone");
            }
            if (rs.getLong(1) != lastPosition || !MessageDigest.isEqual(rs.getBytes(2), lastHash)) {
                return new Break(lastPosition, null, "HeadMismatch", "the chain head is at position " + rs.getLong(1)
                        + " but the records end at " + lastPosition
                        + ": records after the head were inserted, or records at the end were removed");
            }
            return null;
        }
    }
}
