package io.coffer.audit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coffer.audit.intake.StoreStatistics;
import io.coffer.events.Database;
import io.coffer.testsupport.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The audit store's planner statistics follow its growth, with or without the database's autovacuum. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class StoreStatisticsTest {

    @Inject
    StoreStatistics statistics;

    @Inject
    Database database;

    @Test
    void givenFarMoreRowsAppendedThanTheThreshold_whenCounted_thenBothTablesAreAnalyzed() throws Exception {
        // twice: the first may meet the analysis made at start still running; the second cannot
        appendAndAwaitAnalysis();
        appendAndAwaitAnalysis();
    }

    private void appendAndAwaitAnalysis() throws Exception {
        long before = analyses("audit_record");
        long resourcesBefore = analyses("audit_resource");

        statistics.appended(5_000_000);

        long deadline = System.nanoTime() + 20_000_000_000L;
        while ((analyses("audit_record") <= before || analyses("audit_resource") <= resourcesBefore)
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(analyses("audit_record") > before, "audit_record analyzed again");
        assertTrue(analyses("audit_resource") > resourcesBefore, "audit_resource analyzed again");
    }

    private long analyses(String table) {
        // the statistics views are read from a snapshot per transaction; each call here is its own
        return database.first("select analyze_count + autoanalyze_count from pg_stat_user_tables "
                + "where schemaname = current_schema() and relname = ?", rs -> rs.getLong(1), table).orElseThrow();
    }
}
