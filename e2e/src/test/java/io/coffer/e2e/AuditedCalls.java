package io.coffer.e2e;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Set;

/** What the audit store holds of calls known by their request IDs (CloudTrail's {@code requestID}). */
final class AuditedCalls {

    private static final String DISTINCT = "count(distinct (record::jsonb)->>'requestID')";

    private final CofferStack stack;

    AuditedCalls(CofferStack stack) {
        this.stack = stack;
    }

    /** Waits until every request ID has its audit record; returns how many are still missing at the deadline. */
    long awaitAudited(Set<String> requestIds, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long missing;
        do {
            missing = requestIds.size() - count(requestIds, DISTINCT);
            if (missing == 0) {
                return 0;
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < deadline);
        return missing;
    }

    /** Records beyond the first of a request ID. */
    long duplicates(Set<String> requestIds) throws Exception {
        return count(requestIds, "count(*)") - count(requestIds, DISTINCT);
    }

    private long count(Set<String> requestIds, String count) throws Exception {
        try (Connection c = stack.connect(); PreparedStatement select = c.prepareStatement(
                "select " + count + " from coffer_audit.audit_record where (record::jsonb)->>'requestID' = any(?)")) {
            Array ids = c.createArrayOf("text", requestIds.toArray());
            select.setArray(1, ids);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
