package io.coffer.audit.intake;

import io.coffer.audit.integrity.ChainHash;
import io.coffer.audit.integrity.ChainHead;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * The audit store's only writer. Records are appended in arrival order and hash-chained ({@link ChainHash}) under a
 * lock on the chain's head row, so the chain has one order however many replicas write. Positions continue the
 * head's without gaps. A record whose event ID is already stored (Kafka redelivers) is skipped, so it never takes
 * a second place in the chain.
 */
@ApplicationScoped
public class AuditLedger {

    private final DataSource dataSource;

    public AuditLedger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @return how many of {@code records} were new and are now stored */
    @Transactional(Transactional.TxType.MANDATORY)
    public int append(List<AuditRecord> records) {
        // plain JDBC and COPY, one per table and chunk: this is the ingest hot path
        try (Connection connection = dataSource.getConnection()) {
            ChainHead head = ChainHead.lock(connection);
            List<AuditRecord> fresh = notStoredYet(connection, records);
            if (fresh.isEmpty()) {
                return 0;
            }
            int n = fresh.size();
            Long[] positions = new Long[n];
            byte[][] previous = new byte[n][];
            byte[][] hashes = new byte[n][];
            byte[] link = head.chainHash();
            for (int i = 0; i < n; i++) {
                positions[i] = head.position() + 1 + i;
                previous[i] = link;
                link = ChainHash.next(link, fresh.get(i).canonicalJson());
                hashes[i] = link;
            }
            insertRecords(connection, fresh, positions, previous, hashes);
            insertResources(connection, fresh, positions);
            try (PreparedStatement update = connection.prepareStatement(
                    "update audit_chain_head set position = ?, chain_hash = ?, record_count = record_count + ? where id = 1")) {
                update.setLong(1, positions[n - 1]);
                update.setBytes(2, link);
                update.setLong(3, n);
                update.executeUpdate();
            }
            return n;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot append to the audit store: " + e.getMessage(), e);
        }
    }

    private static List<AuditRecord> notStoredYet(Connection connection, List<AuditRecord> records)
            throws SQLException {
        Map<UUID, AuditRecord> unique = new LinkedHashMap<>();
        records.forEach(r -> unique.putIfAbsent(r.eventId(), r));
        Set<UUID> stored = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(
                "select event_id from audit_record where event_id = any(?)")) {
            select.setArray(1, connection.createArrayOf("uuid", unique.keySet().toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getObject(1, UUID.class));
                }
            }
        }
        List<AuditRecord> fresh = new ArrayList<>(unique.size());
        unique.values().forEach(r -> {
            if (!stored.contains(r.eventId())) {
                fresh.add(r);
            }
        });
        return fresh;
    }

    private static void insertRecords(Connection connection, List<AuditRecord> records, Long[] positions,
            byte[][] previous, byte[][] hashes) throws SQLException {
        CopyRows rows = new CopyRows(records.size() * 1400);
        for (int i = 0; i < records.size(); i++) {
            AuditRecord r = records.get(i);
            rows.value(positions[i]).value(r.eventId()).value(r.eventTime()).value(r.eventSource())
                    .value(r.eventName()).value(r.accountId()).value(r.region()).value(r.userName())
                    .value(r.accessKeyId()).value(r.repositoryId()).value(r.errorCode()).value(r.keyId())
                    .value(r.readOnly() ? "t" : "f").value(r.canonicalJson()).bytes(previous[i]).bytes(hashes[i])
                    .endRow();
        }
        rows.copyInto(connection, """
                audit_record (position, event_id, event_time, event_source, event_name, account_id, region, user_name,
                              access_key_id, repository_id, error_code, key_id, read_only, record, previous_hash,
                              chain_hash)""");
    }

    private static void insertResources(Connection connection, List<AuditRecord> records, Long[] positions)
            throws SQLException {
        CopyRows rows = new CopyRows(records.size() * 200);
        for (int i = 0; i < records.size(); i++) {
            AuditRecord r = records.get(i);
            for (AuditRecord.Resource resource : r.resources()) {
                rows.value(positions[i]).value(r.accountId()).value(resource.type()).value(resource.name())
                        .value(r.eventTime()).endRow();
            }
        }
        if (!rows.isEmpty()) {
            rows.copyInto(connection, "audit_resource (position, account_id, resource_type, resource_name, event_time)");
        }
    }

    /**
     * Rows in PostgreSQL's COPY text format: the fastest way in, and the values need only tab, newline, carriage
     * return and backslash escaped (no array literals, no per-value parameters).
     */
    private static final class CopyRows {

        private static final char[] HEX = "0123456789abcdef".toCharArray();

        private final StringBuilder text;
        private boolean rowStarted;

        CopyRows(int capacity) {
            text = new StringBuilder(capacity);
        }

        CopyRows value(Object value) {
            separate();
            if (value == null) {
                text.append("\\N");
                return this;
            }
            String s = value.toString();
            if (!needsEscape(s)) {
                // the common case, canonical JSON included: copied whole
                text.append(s);
                return this;
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '\\' -> text.append("\\\\");
                    case '\n' -> text.append("\\n");
                    case '\r' -> text.append("\\r");
                    case '\t' -> text.append("\\t");
                    default -> text.append(c);
                }
            }
            return this;
        }

        /** bytea in hex form; its leading backslash is escaped for COPY. */
        CopyRows bytes(byte[] value) {
            separate();
            text.append("\\\\x");
            for (byte b : value) {
                text.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
            return this;
        }

        private static boolean needsEscape(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' || c < 0x20) {
                    return true;
                }
            }
            return false;
        }

        CopyRows endRow() {
            text.append('\n');
            rowStarted = false;
            return this;
        }

        boolean isEmpty() {
            return text.length() == 0;
        }

        void copyInto(Connection connection, String table) throws SQLException {
            try {
                connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("copy " + table + " from stdin", new StringReader(text.toString()));
            } catch (IOException e) {
                throw new SQLException("COPY into " + table + " failed", e);
            }
        }

        private void separate() {
            if (rowStarted) {
                text.append('\t');
            }
            rowStarted = true;
        }
    }
}
