package io.coffer.audit.intake;

import io.coffer.audit.integrity.ChainHash;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
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
        // plain JDBC with one statement per table and batch: this is the ingest hot path
        try (Connection connection = dataSource.getConnection()) {
            Head head = lockHead(connection);
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

    private record Head(long position, byte[] chainHash) {
    }

    private static Head lockHead(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select position, chain_hash from audit_chain_head where id = 1 for update");
                ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("the audit chain has no head row");
            }
            return new Head(rs.getLong(1), rs.getBytes(2));
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
        int n = records.size();
        String[][] text = new String[11][n];
        Boolean[] readOnly = new Boolean[n];
        for (int i = 0; i < n; i++) {
            AuditRecord r = records.get(i);
            text[0][i] = r.eventId().toString();
            text[1][i] = r.eventTime().toString();
            text[2][i] = r.eventSource();
            text[3][i] = r.eventName();
            text[4][i] = r.accountId();
            text[5][i] = r.region();
            text[6][i] = r.userName();
            text[7][i] = r.accessKeyId();
            text[8][i] = r.repositoryId();
            text[9][i] = r.errorCode();
            text[10][i] = r.keyId();
            readOnly[i] = r.readOnly();
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into audit_record (position, event_id, event_time, event_source, event_name, account_id, region,
                                          user_name, access_key_id, repository_id, error_code, key_id, read_only,
                                          record, previous_hash, chain_hash)
                select position, cast(event_id as uuid), cast(event_time as timestamptz), event_source, event_name,
                       account_id, region, user_name, access_key_id, repository_id, error_code, key_id, read_only,
                       record, previous_hash, chain_hash
                  from unnest(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    as t(position, event_id, event_time, event_source, event_name, account_id, region, user_name,
                         access_key_id, repository_id, error_code, key_id, read_only, record, previous_hash,
                         chain_hash)
                 order by position""")) {
            insert.setArray(1, connection.createArrayOf("int8", positions));
            for (int column = 0; column < text.length; column++) {
                insert.setArray(2 + column, connection.createArrayOf("text", text[column]));
            }
            insert.setArray(13, connection.createArrayOf("bool", readOnly));
            insert.setArray(14, connection.createArrayOf("text",
                    records.stream().map(AuditRecord::canonicalJson).toArray(String[]::new)));
            insert.setArray(15, connection.createArrayOf("bytea", previous));
            insert.setArray(16, connection.createArrayOf("bytea", hashes));
            insert.executeUpdate();
        }
    }

    private static void insertResources(Connection connection, List<AuditRecord> records, Long[] positions)
            throws SQLException {
        List<Long> position = new ArrayList<>();
        List<String> account = new ArrayList<>();
        List<String> type = new ArrayList<>();
        List<String> name = new ArrayList<>();
        List<String> time = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            AuditRecord r = records.get(i);
            for (AuditRecord.Resource resource : r.resources()) {
                position.add(positions[i]);
                account.add(r.accountId());
                type.add(resource.type());
                name.add(resource.name());
                time.add(r.eventTime().toString());
            }
        }
        if (position.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into audit_resource (position, account_id, resource_type, resource_name, event_time)
                select position, account_id, resource_type, resource_name, cast(event_time as timestamptz)
                  from unnest(?, ?, ?, ?, ?) as t(position, account_id, resource_type, resource_name, event_time)""")) {
            insert.setArray(1, connection.createArrayOf("int8", position.toArray(Long[]::new)));
            insert.setArray(2, connection.createArrayOf("text", account.toArray(String[]::new)));
            insert.setArray(3, connection.createArrayOf("text", type.toArray(String[]::new)));
            insert.setArray(4, connection.createArrayOf("text", name.toArray(String[]::new)));
            insert.setArray(5, connection.createArrayOf("text", time.toArray(String[]::new)));
            insert.executeUpdate();
        }
    }
}
