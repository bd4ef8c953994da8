package io.coffer.audit.intake;

import io.coffer.audit.integrity.ChainHash;
import io.coffer.audit.integrity.ChainHead;
import io.coffer.events.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * The audit store's only writer. Records are appended in arrival order and hash-chained ({@link ChainHash}); positions
 * continue the head's without gaps, and a chunk commits only if the head it was chained to is still the head, so the
 * chain has one order however many writers and replicas append. A record whose event ID is already stored (Kafka
 * redelivers) is skipped, so it never takes a second place in the chain.
 * <p>
 * Two ways in: {@link #append} locks the head first and cannot lose a race (it waits); {@link #place} and
 * {@link #write} chain a chunk to a head the caller predicts — the end of a chunk still being written — and lock the
 * head only after writing the rows, so several chunks are written at once on separate connections and commit in
 * chain order, and a wrong prediction fails with {@link ChainMovedException} instead of forking the chain.
 */
@ApplicationScoped
public class AuditLedger {

    private static final String UNIQUE_VIOLATION = "23505";

    private final Database database;

    public AuditLedger(Database database) {
        this.database = database;
    }

    /** Fresh records chained after {@code before}: record i takes position {@code before + 1 + i}. */
    public record PlacedChunk(ChainHead before, List<AuditRecord> records, byte[][] canonical, byte[][] hashes) {

        public boolean isEmpty() {
            return records.isEmpty();
        }

        /** The head once this chunk is written. */
        public ChainHead after() {
            return isEmpty() ? before : new ChainHead(position(records.size() - 1), hashes[hashes.length - 1]);
        }

        long position(int i) {
            return before.position() + 1 + i;
        }

        byte[] previousHash(int i) {
            return i == 0 ? before.chainHash() : hashes[i - 1];
        }
    }

    /** The last committed head, not locked. */
    public ChainHead head() {
        try (Connection connection = database.connection()) {
            return ChainHead.read(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit chain's head: " + e.getMessage(), e);
        }
    }

    /**
     * Chains the records not stored yet, and not among {@code placedEarlier} (chunks placed but maybe not committed),
     * after {@code before}.
     */
    public PlacedChunk place(List<AuditRecord> records, ChainHead before, Set<UUID> placedEarlier) {
        try (Connection connection = database.connection()) {
            return place(connection, records, before, placedEarlier);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit store: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a placed chunk in the caller's transaction: its rows first, then it locks the head and moves it, if the
     * head is still {@code chunk.before()}. Locking the head waits for the transaction that holds it, so a chunk
     * chained to one still being written commits after it, or fails if it rolled back.
     *
     * @param beforeLockingHead runs before the head is locked: waits until the writer of the chunk before this one
     *                          has locked it (or ended), so the two take the lock in chain order
     * @param afterLockingHead  runs once the head is locked
     * @throws ChainMovedException if the head is no longer {@code chunk.before()} or another writer took these
     *                             positions or event IDs: the transaction must roll back
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void write(PlacedChunk chunk, Runnable beforeLockingHead, Runnable afterLockingHead) {
        try (Connection connection = database.connection()) {
            insert(connection, chunk);
            beforeLockingHead.run();
            ChainHead head = ChainHead.lock(connection);
            afterLockingHead.run();
            if (head.position() != chunk.before().position()
                    || !Arrays.equals(head.chainHash(), chunk.before().chainHash())) {
                throw new ChainMovedException("the audit chain's head is at position " + head.position()
                        + ", not " + chunk.before().position());
            }
            advanceHead(connection, chunk);
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new ChainMovedException("another writer appended first: " + e.getMessage());
            }
            throw new IllegalStateException("cannot append to the audit store: " + e.getMessage(), e);
        }
    }

    /** Locks the head, then chains and writes the records not stored yet. @return how many that was */
    @Transactional(Transactional.TxType.MANDATORY)
    public int append(List<AuditRecord> records) {
        try (Connection connection = database.connection()) {
            PlacedChunk chunk = place(connection, records, ChainHead.lock(connection), Set.of());
            if (!chunk.isEmpty()) {
                insert(connection, chunk);
                advanceHead(connection, chunk);
            }
            return chunk.records().size();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot append to the audit store: " + e.getMessage(), e);
        }
    }

    private static PlacedChunk place(Connection connection, List<AuditRecord> records, ChainHead before,
            Set<UUID> placedEarlier) throws SQLException {
        List<AuditRecord> fresh = notStoredYet(connection, records, placedEarlier);
        int n = fresh.size();
        byte[][] canonical = new byte[n][];
        byte[][] hashes = new byte[n][];
        byte[] link = before.chainHash();
        for (int i = 0; i < n; i++) {
            canonical[i] = fresh.get(i).canonicalJson().getBytes(StandardCharsets.UTF_8);
            link = ChainHash.next(link, canonical[i]);
            hashes[i] = link;
        }
        return new PlacedChunk(before, fresh, canonical, hashes);
    }

    /** Moves the locked head to the chunk's last record. */
    private static void advanceHead(Connection connection, PlacedChunk chunk) throws SQLException {
        ChainHead after = chunk.after();
        try (PreparedStatement update = connection.prepareStatement(
                "update audit_chain_head set position = ?, chain_hash = ?, record_count = record_count + ? where id = 1")) {
            update.setLong(1, after.position());
            update.setBytes(2, after.chainHash());
            update.setLong(3, chunk.records().size());
            update.executeUpdate();
        }
    }

    private static List<AuditRecord> notStoredYet(Connection connection, List<AuditRecord> records,
            Set<UUID> placedEarlier) throws SQLException {
        Map<UUID, AuditRecord> unique = new LinkedHashMap<>();
        records.forEach(r -> {
            if (!placedEarlier.contains(r.eventId())) {
                unique.putIfAbsent(r.eventId(), r);
            }
        });
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

    /** Plain JDBC and COPY, one per table and chunk: this is the ingest hot path. */
    private static void insert(Connection connection, PlacedChunk chunk) throws SQLException {
        List<AuditRecord> records = chunk.records();
        CopyRows rows = new CopyRows(records.size() * 1400);
        CopyRows resources = new CopyRows(records.size() * 200);
        for (int i = 0; i < records.size(); i++) {
            AuditRecord r = records.get(i);
            long position = chunk.position(i);
            rows.value(position).value(r.eventId()).value(r.eventTime()).value(r.eventSource())
                    .value(r.eventName()).value(r.accountId()).value(r.region()).value(r.userName())
                    .value(r.accessKeyId()).value(r.repositoryId()).value(r.errorCode()).value(r.keyId())
                    .value(r.readOnly() ? "t" : "f").utf8(chunk.canonical()[i]).bytes(chunk.previousHash(i))
                    .bytes(chunk.hashes()[i]).endRow();
            for (AuditRecord.Resource resource : r.resources()) {
                resources.value(position).value(r.accountId()).value(resource.type()).value(resource.name())
                        .value(r.eventTime()).endRow();
            }
        }
        rows.copyInto(connection, """
                audit_record (position, event_id, event_time, event_source, event_name, account_id, region, user_name,
                              access_key_id, repository_id, error_code, key_id, read_only, record, previous_hash,
                              chain_hash)""");
        if (!resources.isEmpty()) {
            resources.copyInto(connection, "audit_resource (position, account_id, resource_type, resource_name, event_time)");
        }
    }

    /**
     * Rows in PostgreSQL's COPY text format, built as UTF-8 bytes: the fastest way in, and the values need only
     * tab, newline, carriage return and backslash escaped (no array literals, no per-value parameters). Those are
     * ASCII, and in UTF-8 no byte of a multi-byte character is below 0x80, so escaping works on the bytes.
     */
    private static final class CopyRows {

        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] NULL = {'\\', 'N'};

        private byte[] buffer;
        private int length;
        private boolean rowStarted;

        CopyRows(int capacity) {
            buffer = new byte[capacity];
        }

        CopyRows value(Object value) {
            if (value == null) {
                separate();
                appendRange(NULL, 0, NULL.length);
                return this;
            }
            return utf8(value.toString().getBytes(StandardCharsets.UTF_8));
        }

        /** A value already in UTF-8, such as a record's canonical JSON. */
        CopyRows utf8(byte[] value) {
            separate();
            int from = 0;
            for (int i = 0; i < value.length; i++) {
                byte escaped = switch (value[i]) {
                    case '\\' -> '\\';
                    case '\n' -> 'n';
                    case '\r' -> 'r';
                    case '\t' -> 't';
                    default -> 0;
                };
                if (escaped != 0) {
                    // the common case, canonical JSON included, has none: copied whole below
                    appendRange(value, from, i);
                    ensure(2);
                    buffer[length++] = '\\';
                    buffer[length++] = escaped;
                    from = i + 1;
                }
            }
            appendRange(value, from, value.length);
            return this;
        }

        /** bytea in hex form; its leading backslash is escaped for COPY. */
        CopyRows bytes(byte[] value) {
            separate();
            ensure(3 + 2 * value.length);
            buffer[length++] = '\\';
            buffer[length++] = '\\';
            buffer[length++] = 'x';
            for (byte b : value) {
                buffer[length++] = HEX[(b >> 4) & 0xf];
                buffer[length++] = HEX[b & 0xf];
            }
            return this;
        }

        CopyRows endRow() {
            ensure(1);
            buffer[length++] = '\n';
            rowStarted = false;
            return this;
        }

        boolean isEmpty() {
            return length == 0;
        }

        void copyInto(Connection connection, String table) throws SQLException {
            try {
                connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("copy " + table + " from stdin", new ByteArrayInputStream(buffer, 0, length));
            } catch (IOException e) {
                throw new SQLException("COPY into " + table + " failed", e);
            }
        }

        private void separate() {
            if (rowStarted) {
                ensure(1);
                buffer[length++] = '\t';
            }
            rowStarted = true;
        }

        private void appendRange(byte[] bytes, int from, int to) {
            ensure(to - from);
            System.arraycopy(bytes, from, buffer, length, to - from);
            length += to - from;
        }

        private void ensure(int more) {
            if (length + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
            }
        }
    }
}
