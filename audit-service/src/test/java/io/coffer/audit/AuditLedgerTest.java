package io.coffer.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coffer.audit.intake.AuditLedger;
import io.coffer.audit.intake.AuditLedger.PlacedChunk;
import io.coffer.audit.intake.AuditRecord;
import io.coffer.audit.intake.ChainMovedException;
import io.coffer.audit.integrity.ChainHead;
import io.coffer.audit.integrity.ChainVerifier;
import io.coffer.audit.integrity.Digests;
import io.coffer.testsupport.KafkaBrokerResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Chunks chained to a predicted head: written at once, committed in chain order, never forking the chain. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class AuditLedgerTest {

    private static final String REGION = "ap-south-2";
    private static final Runnable NOTHING = () -> { };

    @Inject
    AuditLedger ledger;

    @Inject
    DataSource db;

    @Inject
    Digests digests;

    @Test
    void givenAChunkChainedToOneStillBeingWritten_whenWritten_thenItWaitsForItAndBothCommitInOrder() throws Exception {
        List<AuditRecord> firstRecords = records(3);
        List<AuditRecord> secondRecords = records(4);
        PlacedChunk first = ledger.place(firstRecords, ledger.head(), Set.of());
        PlacedChunk second = ledger.place(secondRecords, first.after(), ids(firstRecords));

        CompletableFuture<Void> secondWritten = QuarkusTransaction.requiringNew().call(() -> {
            ledger.write(first, NOTHING, NOTHING);
            CompletableFuture<Void> written = CompletableFuture.runAsync(
                    () -> QuarkusTransaction.requiringNew().run(() -> ledger.write(second, NOTHING, NOTHING)));
            // the second chunk's head update waits for the first chunk's transaction
            Thread.sleep(500);
            assertFalse(written.isDone());
            return written;
        });
        secondWritten.get(10, TimeUnit.SECONDS);

        assertBothCommittedInOrder(firstRecords, second, secondRecords);
    }

    @Test
    void givenTheSuccessorsRowsWrittenFirst_whenItWaitsForItsTurn_thenItLocksTheHeadAfterItsPredecessor()
            throws Exception {
        List<AuditRecord> firstRecords = records(2);
        List<AuditRecord> secondRecords = records(2);
        PlacedChunk first = ledger.place(firstRecords, ledger.head(), Set.of());
        PlacedChunk second = ledger.place(secondRecords, first.after(), ids(firstRecords));
        CompletableFuture<Void> firstLocked = new CompletableFuture<>();

        CompletableFuture<Void> secondWritten = CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew()
                .run(() -> ledger.write(second, firstLocked::join, NOTHING)));
        Thread.sleep(300);
        assertFalse(secondWritten.isDone());
        QuarkusTransaction.requiringNew().run(() -> ledger.write(first, NOTHING, () -> firstLocked.complete(null)));
        secondWritten.get(10, TimeUnit.SECONDS);

        assertBothCommittedInOrder(firstRecords, second, secondRecords);
    }

    @Test
    void givenAnotherWriterAppendedFirst_whenAChunkChainedToTheOldHeadIsWritten_thenChainMovedAndNothingStored()
            throws Exception {
        List<AuditRecord> staleRecords = records(2);
        PlacedChunk stale = ledger.place(staleRecords, ledger.head(), Set.of());
        QuarkusTransaction.requiringNew().call(() -> ledger.append(records(2)));

        assertThrows(ChainMovedException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> ledger.write(stale, NOTHING, NOTHING)));

        assertEquals(0, stored(staleRecords));
        assertEquals(2, QuarkusTransaction.requiringNew().call(() -> ledger.append(staleRecords)));
        assertChainValid();
    }

    @Test
    void givenThePredecessorRolledBack_whenTheChunkChainedToItIsWritten_thenItFailsToo() throws Exception {
        List<AuditRecord> firstRecords = records(2);
        List<AuditRecord> secondRecords = records(2);
        PlacedChunk first = ledger.place(firstRecords, ledger.head(), Set.of());
        PlacedChunk second = ledger.place(secondRecords, first.after(), ids(firstRecords));

        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            ledger.write(first, NOTHING, NOTHING);
            throw new IllegalStateException("the first chunk's transaction fails after its rows are written");
        }));
        assertThrows(ChainMovedException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> ledger.write(second, NOTHING, NOTHING)));

        assertEquals(0, stored(firstRecords) + stored(secondRecords));
        assertChainValid();
    }

    @Test
    void givenRecordsStoredOrPlacedEarlier_whenPlaced_thenOnlyTheOthersTakePositions() throws Exception {
        List<AuditRecord> earlier = records(3);
        QuarkusTransaction.requiringNew().call(() -> ledger.append(earlier.subList(0, 1)));
        List<AuditRecord> fresh = records(2);
        List<AuditRecord> mixed = new ArrayList<>(earlier);
        mixed.addAll(fresh);
        mixed.add(fresh.get(0));

        PlacedChunk placed = ledger.place(mixed, ledger.head(), ids(earlier.subList(1, 3)));

        assertEquals(ids(fresh), ids(placed.records()));
        assertEquals(ledger.head().position() + 2, placed.after().position());
    }

    /** Both chunks are stored whole, the head is the second chunk's end, and the chain verifies. */
    private void assertBothCommittedInOrder(List<AuditRecord> firstRecords, PlacedChunk second,
            List<AuditRecord> secondRecords) throws Exception {
        ChainHead head = ledger.head();
        assertEquals(second.after().position(), head.position());
        assertArrayEquals(second.after().chainHash(), head.chainHash());
        assertEquals(firstRecords.size() + secondRecords.size(), stored(firstRecords) + stored(secondRecords));
        assertChainValid();
    }

    private static List<AuditRecord> records(int n) {
        String repositoryId = UUID.randomUUID().toString();
        List<AuditRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(AuditRecord.of(TestRecords.kmsCall(TestRecords.ADMIN, REGION, repositoryId, "ledger-key",
                    "Decrypt", true, Instant.now()).toJson()));
        }
        return records;
    }

    private static Set<UUID> ids(List<AuditRecord> records) {
        return records.stream().map(AuditRecord::eventId).collect(Collectors.toSet());
    }

    private long stored(List<AuditRecord> records) throws Exception {
        return TestRecords.count(db, "select count(*) from audit_record where event_id in ("
                + records.stream().map(r -> "'" + r.eventId() + "'").collect(Collectors.joining(",")) + ")");
    }

    private void assertChainValid() throws Exception {
        try (Connection connection = db.getConnection()) {
            ChainVerifier.Report report = new ChainVerifier(connection, List.of(digests.publicKey()))
                    .verify(null, null);
            assertTrue(report.valid(), report.toString());
        }
    }
}
