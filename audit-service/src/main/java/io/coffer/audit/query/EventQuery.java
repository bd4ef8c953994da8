package io.coffer.audit.query;

import io.coffer.events.Database;
import io.coffer.kernel.AwsException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Newest-first, cursor-paged queries over the audit store, always within one account. Every filter is served by
 * an index that is ordered by event time, so a page costs the same at any depth and any store size.
 */
@ApplicationScoped
public class EventQuery {

    public static final int MAX_LIMIT = 50;

    private final Database database;

    public EventQuery(Database database) {
        this.database = database;
    }

    /**
     * What to find, within one account; an unset criterion means "any". {@code keyId} is a key ID (resolve aliases
     * and ARNs first); {@code from} and {@code to} bound the event time, both inclusive.
     */
    public static final class Filter {

        private final String accountId;
        private String region;
        private UUID eventId;
        private String repositoryId;
        private String keyId;
        private String eventName;
        private String eventSource;
        private String userName;
        private String accessKeyId;
        private String errorCode;
        private Boolean readOnly;
        private String resourceType;
        private String resourceName;
        private Instant from;
        private Instant to;

        public Filter(String accountId) {
            this.accountId = accountId;
        }

        public Filter region(String value) { region = value; return this; }
        public Filter eventId(UUID value) { eventId = value; return this; }
        public Filter repositoryId(String value) { repositoryId = value; return this; }
        public Filter keyId(String value) { keyId = value; return this; }
        public Filter eventName(String value) { eventName = value; return this; }
        public Filter eventSource(String value) { eventSource = value; return this; }
        public Filter userName(String value) { userName = value; return this; }
        public Filter accessKeyId(String value) { accessKeyId = value; return this; }
        public Filter errorCode(String value) { errorCode = value; return this; }
        public Filter readOnly(Boolean value) { readOnly = value; return this; }
        public Filter resourceType(String value) { resourceType = value; return this; }
        public Filter resourceName(String value) { resourceName = value; return this; }
        public Filter from(Instant value) { from = value; return this; }
        public Filter to(Instant value) { to = value; return this; }

        /** Identifies the query, so a page token is honoured only by the query that made it. */
        String hash() {
            String criteria = String.join("\u0000", accountId, region, String.valueOf(eventId), repositoryId, keyId,
                    eventName, eventSource, userName, accessKeyId, errorCode, String.valueOf(readOnly), resourceType,
                    resourceName, String.valueOf(from), String.valueOf(to));
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(criteria.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest, 0, 8);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is unavailable", e);
            }
        }
    }

    /** A stored record: its position, event time, repository ID and canonical CloudTrail JSON. */
    public record StoredEvent(long position, Instant eventTime, String repositoryId, String record) {
    }

    public record Page(List<StoredEvent> events, String nextToken) {
    }

    /**
     * @throws AwsException InvalidNextTokenException for a token of another query; InvalidMaxResultsException
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page find(Filter filter, Integer limit, String nextToken) {
        int pageSize = limit == null ? MAX_LIMIT : limit;
        if (pageSize < 1 || pageSize > MAX_LIMIT) {
            throw AwsException.client("InvalidMaxResultsException", "MaxResults must be between 1 and " + MAX_LIMIT);
        }
        String queryHash = filter.hash();
        EventCursor after = nextToken == null || nextToken.isEmpty() ? null : EventCursor.decode(nextToken, queryHash);
        // a resource filter drives the query from audit_resource's time-ordered index, joined to the records
        boolean byResource = filter.resourceName != null || filter.resourceType != null;
        String order = byResource ? "r" : "a";
        StringBuilder sql = new StringBuilder("select a.position, a.event_time, a.repository_id, a.record from ")
                .append(byResource ? "audit_resource r join audit_record a on a.position = r.position "
                        + "where r.account_id = ? and a.account_id = r.account_id" : "audit_record a where a.account_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(filter.accountId);
        condition(sql, params, "r.resource_name = ?", filter.resourceName);
        condition(sql, params, "r.resource_type = ?", filter.resourceType);
        condition(sql, params, "a.region = ?", filter.region);
        condition(sql, params, "a.event_id = ?", filter.eventId);
        condition(sql, params, "a.repository_id = ?", filter.repositoryId);
        condition(sql, params, "a.key_id = ?", filter.keyId);
        condition(sql, params, "a.event_name = ?", filter.eventName);
        condition(sql, params, "a.event_source = ?", filter.eventSource);
        condition(sql, params, "a.user_name = ?", filter.userName);
        condition(sql, params, "a.access_key_id = ?", filter.accessKeyId);
        condition(sql, params, "a.error_code = ?", filter.errorCode);
        condition(sql, params, "a.read_only = ?", filter.readOnly);
        condition(sql, params, order + ".event_time >= ?", timestamp(filter.from));
        condition(sql, params, order + ".event_time <= ?", timestamp(filter.to));
        if (after != null) {
            sql.append(" and (").append(order).append(".event_time, ").append(order).append(".position) < (?, ?)");
            params.add(Timestamp.from(after.eventTime()));
            params.add(after.position());
        }
        sql.append(" order by ").append(order).append(".event_time desc, ").append(order)
                .append(".position desc limit ?");
        params.add(pageSize + 1);

        List<StoredEvent> rows = new ArrayList<>(pageSize + 1);
        try (Connection connection = database.connection();
                PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                select.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    // a record with two resources of the one type (ReEncrypt between keys) joins twice, adjacently
                    if (!rows.isEmpty() && rows.get(rows.size() - 1).position() == rs.getLong(1)) {
                        continue;
                    }
                    rows.add(new StoredEvent(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                            rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot query the audit store: " + e.getMessage(), e);
        }
        if (rows.size() <= pageSize) {
            return new Page(rows, null);
        }
        StoredEvent last = rows.get(pageSize - 1);
        return new Page(rows.subList(0, pageSize),
                new EventCursor(last.eventTime(), last.position(), queryHash).encode());
    }

    private static void condition(StringBuilder sql, List<Object> params, String condition, Object value) {
        if (value != null && !"".equals(value)) {
            sql.append(" and ").append(condition);
            params.add(value);
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
