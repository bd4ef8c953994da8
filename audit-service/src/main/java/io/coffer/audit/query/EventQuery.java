package io.coffer.audit.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.platform.aws.AwsException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Newest-first, cursor-paged queries over the audit store, always within one account. */
@ApplicationScoped
public class EventQuery {

    static final int MAX_LIMIT = 50;

    private final EntityManager em;
    private final ObjectMapper json;

    public EventQuery(EntityManager em, ObjectMapper json) {
        this.em = em;
        this.json = json;
    }

    /** Filters; null means "any". */
    public record Filter(String accountId, String repositoryId, String eventName, String eventSource) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ObjectNode find(Filter filter, Integer limit, String nextToken) {
        int pageSize = limit == null ? MAX_LIMIT : limit;
        if (pageSize < 1 || pageSize > MAX_LIMIT) {
            throw AwsException.client("InvalidMaxResultsException", "limit must be between 1 and " + MAX_LIMIT);
        }
        StringBuilder sql = new StringBuilder(
                "select position, event_time, repository_id, cast(record as text) from audit_record where account_id = :account");
        List<String[]> params = new ArrayList<>();
        condition(sql, params, "repository_id", "repositoryId", filter.repositoryId());
        condition(sql, params, "event_name", "eventName", filter.eventName());
        condition(sql, params, "event_source", "eventSource", filter.eventSource());
        EventCursor after = nextToken == null || nextToken.isEmpty() ? null : EventCursor.decode(nextToken);
        if (after != null) {
            sql.append(" and (event_time, position) < (:afterTime, :afterPosition)");
        }
        sql.append(" order by event_time desc, position desc limit :limit");
        Query query = em.createNativeQuery(sql.toString())
                .setParameter("account", filter.accountId())
                .setParameter("limit", pageSize + 1);
        params.forEach(p -> query.setParameter(p[0], p[1]));
        if (after != null) {
            query.setParameter("afterTime", Timestamp.from(after.eventTime()));
            query.setParameter("afterPosition", after.position());
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        ObjectNode page = json.createObjectNode();
        ArrayNode events = page.putArray("events");
        for (int i = 0; i < Math.min(rows.size(), pageSize); i++) {
            events.add(item(rows.get(i)));
        }
        if (rows.size() > pageSize) {
            Object[] last = rows.get(pageSize - 1);
            page.put("nextToken", new EventCursor(instant(last[1]), ((Number) last[0]).longValue()).encode());
        }
        return page;
    }

    private static void condition(StringBuilder sql, List<String[]> params, String column, String name, String value) {
        if (value != null && !value.isEmpty()) {
            sql.append(" and ").append(column).append(" = :").append(name);
            params.add(new String[] {name, value});
        }
    }

    private ObjectNode item(Object[] row) {
        JsonNode record;
        try {
            record = json.readTree((String) row[3]);
        } catch (Exception e) {
            throw new IllegalStateException("stored record " + row[0] + " is not JSON", e);
        }
        ObjectNode item = json.createObjectNode();
        item.put("eventId", record.path("eventID").asText());
        item.put("eventTime", record.path("eventTime").asText());
        item.put("eventSource", record.path("eventSource").asText());
        item.put("eventName", record.path("eventName").asText());
        item.put("accountId", record.path("recipientAccountId").asText());
        item.put("region", record.path("awsRegion").asText());
        item.set("userIdentity", record.path("userIdentity"));
        item.put("repositoryId", (String) row[2]);
        item.put("readOnly", record.path("readOnly").asBoolean());
        if (record.hasNonNull("errorCode")) {
            item.put("errorCode", record.path("errorCode").asText());
        }
        item.set("cloudTrailEvent", record);
        return item;
    }

    private static Instant instant(Object value) {
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return (Instant) value;
    }
}
