package io.coffer.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coffer.events.EventCodec;
import io.coffer.events.Topics;
import io.coffer.testsupport.KafkaBroker;
import io.coffer.testsupport.KafkaBrokerResource;
import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The intake waits out a store that cannot take records, then catches up by itself with nothing lost or doubled. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class IntakeOutageTest {

    private static final String REGION = "eu-south-2";

    @Inject
    EventCodec codec;

    @Inject
    DataSource db;

    private List<String> records(String repositoryId, int n) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant at = Instant.now();
            values.add(codec.encode(TestRecords.envelope(TestRecords.kmsCall(TestRecords.ADMIN, REGION, repositoryId,
                    "outage-key", "Decrypt", true, at), REGION, at)));
        }
        return values;
    }

    private void sql(String statement) throws Exception {
        try (Connection connection = db.getConnection(); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void givenTheStoreUnavailableForSeconds_whenRecordsArrive_thenAllAreStoredOnceItIsBack_andIntakeGoesOn()
            throws Exception {
        String during = UUID.randomUUID().toString();
        TopicProbe probe = new TopicProbe(KafkaBroker.bootstrapServers());
        // the table the intake writes to is gone for 5 s: every attempt to store fails, as in an outage
        sql("alter table audit_record rename to audit_record_away");
        try {
            probe.sendAll(Topics.AUDIT_RECORDS, LocalIdentity.ACCOUNT_ID, records(during, 200));
            Thread.sleep(5000);
        } finally {
            sql("alter table audit_record_away rename to audit_record");
        }
        String stored = "select count(*) from audit_record where repository_id = '%s'";
        TestRecords.awaitCount(db, stored.formatted(during), 200);

        String after = UUID.randomUUID().toString();
        probe.sendAll(Topics.AUDIT_RECORDS, LocalIdentity.ACCOUNT_ID, records(after, 50));
        TestRecords.awaitCount(db, stored.formatted(after), 50);
        Thread.sleep(1000);
        assertEquals(200, TestRecords.count(db, stored.formatted(during)), "stored exactly once");
    }
}
