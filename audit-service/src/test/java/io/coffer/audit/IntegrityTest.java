package io.coffer.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.coffer.audit.integrity.ChainHash;
import io.coffer.audit.integrity.ChainVerifier;
import io.coffer.audit.integrity.DigestLog;
import io.coffer.audit.integrity.DigestSignature;
import io.coffer.audit.integrity.Digests;
import io.coffer.audit.integrity.SigningKeys;
import io.coffer.audit.integrity.VerifyChainCommand;
import io.coffer.aws.cloudtrail.CloudTrailRecord;
import io.coffer.events.EventCodec;
import io.coffer.events.Topics;
import io.coffer.testsupport.KafkaBroker;
import io.coffer.testsupport.KafkaBrokerResource;
import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.SignedHttp;
import io.coffer.testsupport.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The trail proves itself: records are edited, deleted and inserted straight in PostgreSQL, and verification
 * detects and locates each; digests are signed and a forged one is refused; the operators' command agrees.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class IntegrityTest {

    private static final String REGION = "eu-west-3";

    @TestHTTPResource("/v1/integrity")
    URI integrity;

    @Inject
    EventCodec codec;

    @Inject
    DataSource db;

    @Inject
    Digests digests;

    private final SignedHttp signed = new SignedHttp(LocalIdentity.credentials(), "us-east-2", "cloudtrail");

    private JsonNode verify() throws Exception {
        HttpResponse<String> response = signed.send("GET", URI.create(integrity + "/verify"), Map.of(), new byte[0]);
        assertEquals(200, response.statusCode(), response.body());
        return TestRecords.JSON.readTree(response.body());
    }

    private void assertBrokenAt(long position, String reason) throws Exception {
        JsonNode report = verify();
        assertFalse(report.get("valid").asBoolean(), report.toString());
        assertEquals(reason, report.get("brokenLink").get("reason").asText(), report.toString());
        assertEquals(position, report.get("brokenLink").get("position").asLong(), report.toString());
    }

    private void assertValid() throws Exception {
        JsonNode report = verify();
        assertTrue(report.get("valid").asBoolean(), report.toString());
    }

    /** Sends {@code n} records, waits until they are stored and nothing else is arriving; their positions. */
    private List<Long> givenStoredRecords(int n) throws Exception {
        String repositoryId = UUID.randomUUID().toString();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant at = Instant.now();
            CloudTrailRecord record = TestRecords.kmsCall(TestRecords.ADMIN, REGION, repositoryId, "integrity-key",
                    i % 2 == 0 ? "Decrypt" : "GenerateDataKey", true, at);
            values.add(codec.encode(TestRecords.envelope(record, REGION, at)));
        }
        new TopicProbe(KafkaBroker.bootstrapServers()).sendAll(Topics.AUDIT_RECORDS, LocalIdentity.ACCOUNT_ID, values);
        TestRecords.awaitCount(db, "select count(*) from audit_record where repository_id = '" + repositoryId + "'", n);
        long head;
        do {
            head = TestRecords.count(db, "select position from audit_chain_head");
            Thread.sleep(1000);
        } while (head != TestRecords.count(db, "select position from audit_chain_head"));
        List<Long> positions = new ArrayList<>();
        try (Connection connection = db.getConnection();
                ResultSet rs = connection.createStatement().executeQuery(
                        "select position from audit_record where repository_id = '" + repositoryId
                                + "' order by position")) {
            while (rs.next()) {
                positions.add(rs.getLong(1));
            }
        }
        return positions;
    }

    private void sql(String statement) throws Exception {
        try (Connection connection = db.getConnection(); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void givenUntouchedChain_whenVerified_thenValidWithSignedDigests() throws Exception {
        givenStoredRecords(10);
        DigestLog.Digest digest = digests.seal().orElseThrow();
        assertEquals(TestRecords.count(db, "select position from audit_chain_head"), digest.signed().lastPosition());
        JsonNode report = verify();
        assertTrue(report.get("valid").asBoolean(), report.toString());
        assertTrue(report.get("checkedDigests").asLong() >= 1, report.toString());
        assertEquals(TestRecords.count(db, "select count(*) from audit_record"), report.get("checkedRecords").asLong());

        HttpResponse<String> listed = signed.send("GET", URI.create(integrity + "/digests"), Map.of(), new byte[0]);
        assertEquals(200, listed.statusCode(), listed.body());
        assertTrue(TestRecords.JSON.readTree(listed.body()).get("digests").size() >= 1);
    }

    @Test
    void givenRecordsArriving_whenVerifiedMeanwhile_thenEveryReportIsValid() throws Exception {
        String repositoryId = UUID.randomUUID().toString();
        int batches = 10;
        int perBatch = 2000;
        Thread writer = new Thread(() -> {
            TopicProbe probe = new TopicProbe(KafkaBroker.bootstrapServers());
            for (int b = 0; b < batches; b++) {
                List<String> values = new ArrayList<>();
                for (int i = 0; i < perBatch; i++) {
                    Instant at = Instant.now();
                    values.add(codec.encode(TestRecords.envelope(TestRecords.kmsCall(TestRecords.ADMIN, REGION,
                            repositoryId, "integrity-key", "Decrypt", true, at), REGION, at)));
                }
                probe.sendAll(Topics.AUDIT_RECORDS, LocalIdentity.ACCOUNT_ID, values);
            }
        });
        writer.start();
        String stored = "select count(*) from audit_record where repository_id = '" + repositoryId + "'";
        int whileArriving = 0;
        long count;
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(120).toNanos();
        do {
            assertTrue(System.nanoTime() < deadline, "the records were not all stored in time");
            count = TestRecords.count(db, stored);
            JsonNode report = verify();
            assertTrue(report.get("valid").asBoolean(), "with " + count + " stored: " + report);
            if (count > 0 && count < (long) batches * perBatch) {
                whileArriving++;
            }
        } while (count < (long) batches * perBatch);
        writer.join();
        assertTrue(whileArriving >= 2, "verified only " + whileArriving + " times while records arrived");
        assertValid();
    }

    @Test
    void givenRecordEdited_whenVerified_thenAlteredRecordLocated() throws Exception {
        long p = givenStoredRecords(5).get(2);
        sql("create table if not exists saved_record as select * from audit_record where false");
        sql("delete from saved_record");
        sql("insert into saved_record select * from audit_record where position = " + p);
        try {
            sql("update audit_record set record = replace(record, '\"Decrypt\"', '\"Encrypt\"') where position = " + p);
            assertBrokenAt(p, "RecordAltered");
            sql("update audit_record a set record = s.record from saved_record s where a.position = s.position");
            sql("update audit_record set user_name = 'mallory' where position = " + p);
            assertBrokenAt(p, "IndexAltered");
        } finally {
            sql("update audit_record a set record = s.record, user_name = s.user_name from saved_record s "
                    + "where a.position = s.position");
        }
        assertValid();
    }

    @Test
    void givenRecordDeleted_whenVerified_thenTheLinkAfterItIsBroken() throws Exception {
        List<Long> positions = givenStoredRecords(5);
        long p = positions.get(2);
        sql("create table if not exists saved_record as select * from audit_record where false");
        sql("delete from saved_record");
        sql("insert into saved_record select * from audit_record where position = " + p);
        sql("delete from audit_record where position = " + p);
        try {
            assertBrokenAt(positions.get(3), "LinkBroken");
        } finally {
            sql("insert into audit_record select * from saved_record");
        }
        assertValid();
    }

    @Test
    void givenRecordInserted_whenVerified_thenDetectedAndLocated() throws Exception {
        List<Long> positions = givenStoredRecords(3);
        long last = positions.get(2);
        // a forged record at the end, even correctly chained, is not what the chain head vouches for
        String forged;
        byte[] lastHash;
        try (Connection connection = db.getConnection(); PreparedStatement select = connection.prepareStatement(
                "select record, chain_hash from audit_record where position = ?")) {
            select.setLong(1, last);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                forged = rs.getString(1).replaceFirst("\"eventID\":\"[^\"]+\"",
                        "\"eventID\":\"" + UUID.randomUUID() + "\"");
                lastHash = rs.getBytes(2);
            }
        }
        insertForged(last + 1, forged, lastHash);
        try {
            assertBrokenAt(last + 1, "HeadMismatch");
        } finally {
            sql("delete from audit_record where position = " + (last + 1));
        }
        // a forged record before all others breaks the link of the record that follows it
        long first = TestRecords.count(db, "select min(position) from audit_record");
        insertForged(-1, forged, ChainHash.genesis());
        try {
            assertBrokenAt(first, "LinkBroken");
        } finally {
            sql("delete from audit_record where position = -1");
        }
        assertValid();
    }

    private void insertForged(long position, String record, byte[] previous) throws Exception {
        JsonNode json = TestRecords.JSON.readTree(record);
        try (Connection connection = db.getConnection(); PreparedStatement insert = connection.prepareStatement("""
                insert into audit_record (position, event_id, event_time, event_source, event_name, account_id, region,
                                          user_name, access_key_id, repository_id, read_only, key_id, record,
                                          previous_hash, chain_hash)
                select ?, cast(? as uuid), event_time, event_source, event_name, account_id, region, user_name,
                       access_key_id, repository_id, read_only, key_id, ?, ?, ?
                  from audit_record order by position desc limit 1""")) {
            insert.setLong(1, position);
            insert.setString(2, json.get("eventID").asText());
            insert.setString(3, record);
            insert.setBytes(4, previous);
            insert.setBytes(5, ChainHash.next(previous, record));
            insert.executeUpdate();
        }
    }

    @Test
    void givenDigestForged_whenVerified_thenDigestMismatch() throws Exception {
        givenStoredRecords(4);
        DigestLog.Digest digest = digests.seal().orElseThrow();
        sql("update audit_digest set record_count = record_count + 1 where digest_id = " + digest.digestId());
        try {
            assertBrokenAt(digest.signed().lastPosition(), "DigestMismatch");
        } finally {
            sql("update audit_digest set record_count = record_count - 1 where digest_id = " + digest.digestId());
        }
        assertValid();
    }

    @Test
    void givenDigestOfARetiredKey_whenVerified_thenValidOnlyWithThatKeyKnown() throws Exception {
        givenStoredRecords(2);
        // a digest as an earlier signing key made it: the current chain head, signed by another Ed25519 key
        KeyPair retired = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        long digestId;
        try (Connection connection = db.getConnection()) {
            DigestLog.Digest last = DigestLog.read(connection, null, null).stream().reduce((a, b) -> b).orElse(null);
            long after = last == null ? 0 : last.signed().lastPosition();
            long head = TestRecords.count(db, "select position from audit_chain_head");
            long count = TestRecords.count(db, "select count(*) from audit_record where position > " + after);
            Instant start;
            Instant end;
            byte[] headHash;
            try (ResultSet rs = connection.createStatement().executeQuery("select min(received_at), max(received_at), "
                    + "(select chain_hash from audit_chain_head) from audit_record where position > " + after)) {
                rs.next();
                start = rs.getTimestamp(1).toInstant();
                end = rs.getTimestamp(2).toInstant();
                headHash = rs.getBytes(3);
            }
            DigestSignature signed = new DigestSignature(after + 1, head, count, start, end, headHash,
                    last == null ? null : last.signature());
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into audit_digest (created_at, first_position, last_position, record_count, start_time,
                                              end_time, last_hash, previous_signature, key_fingerprint, signature)
                    values (now(), ?, ?, ?, ?, ?, ?, ?, ?, ?) returning digest_id""")) {
                insert.setLong(1, after + 1);
                insert.setLong(2, head);
                insert.setLong(3, count);
                insert.setTimestamp(4, java.sql.Timestamp.from(start));
                insert.setTimestamp(5, java.sql.Timestamp.from(end));
                insert.setBytes(6, headHash);
                insert.setBytes(7, last == null ? null : last.signature());
                insert.setString(8, DigestSignature.fingerprint(retired.getPublic()));
                insert.setBytes(9, signed.sign(retired.getPrivate()));
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    digestId = rs.getLong(1);
                }
            }
        }
        try {
            assertBrokenAt(TestRecords.count(db, "select position from audit_chain_head"), "DigestMismatch");
            try (Connection connection = db.getConnection()) {
                ChainVerifier.Report report = new ChainVerifier(connection,
                        List.of(digests.publicKey(), retired.getPublic())).verify(null, null);
                assertTrue(report.valid(), report.toString());
            }
        } finally {
            sql("delete from audit_digest where digest_id = " + digestId);
        }
        assertValid();
    }

    @Test
    void givenOperatorsCommand_whenChainIntactThenEdited_thenExitStatusSaysSo() throws Exception {
        long p = givenStoredRecords(2).get(0);
        Path publicKey = Files.createTempFile("audit-digest", ".pub");
        Files.writeString(publicKey, SigningKeys.pem(digests.publicKey()));
        String[] args = {"--jdbc-url", "jdbc:postgresql://127.0.0.1:5432/test", "--public-key", publicKey.toString()};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, VerifyChainCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), System.err),
                out.toString(StandardCharsets.UTF_8));
        sql("update audit_record set event_name = 'Encrypt' where position = " + p);
        try {
            out.reset();
            assertEquals(1, VerifyChainCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
            JsonNode report = TestRecords.JSON.readTree(out.toString(StandardCharsets.UTF_8));
            assertEquals(p, report.get("brokenLink").get("position").asLong());
            assertNotNull(report.get("brokenLink").get("detail"));
        } finally {
            sql("update audit_record set event_name = 'Decrypt' where position = " + p);
        }
    }
}
