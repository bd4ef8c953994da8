package io.coffer.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.aws.cloudtrail.AuditTrail;
import io.coffer.aws.cloudtrail.CloudTrailRecord;
import io.coffer.kernel.Actor;
import io.coffer.kernel.EventEnvelope;
import io.coffer.kernel.UuidV7;
import io.coffer.testsupport.LocalIdentity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/** CloudTrail records as key-service and repo-service send them, for feeding audit-service through Kafka. */
final class TestRecords {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Actor ADMIN = new Actor("IAMUser", "arn:aws:iam::111122223333:user/admin", LocalIdentity.ACCOUNT_ID,
            "admin", LocalIdentity.ACCESS_KEY_ID, "127.0.0.1", "test", null);

    private TestRecords() {
    }

    static Actor user(String name, String accessKeyId) {
        return new Actor("IAMUser", "arn:aws:iam::111122223333:user/" + name, LocalIdentity.ACCOUNT_ID, name,
                accessKeyId, "127.0.0.1", "test", null);
    }

    static String keyArn(String region, String keyId) {
        return "arn:aws:kms:" + region + ":" + LocalIdentity.ACCOUNT_ID + ":key/" + keyId;
    }

    /** A KMS call on {@code keyId} for {@code repositoryId}'s data, as key-service records it. */
    static CloudTrailRecord kmsCall(Actor actor, String region, String repositoryId, String keyId, String eventName,
            boolean readOnly, Instant at) {
        ObjectNode parameters = JSON.createObjectNode().put("keyId", keyArn(region, keyId));
        if (repositoryId != null) {
            parameters.putObject("encryptionContext").put("aws:codecommit:id", repositoryId);
        }
        return CloudTrailRecord.apiCall(UuidV7.next(), at, actor.invokedBy("codecommit.amazonaws.com"), region,
                "kms.amazonaws.com", eventName, readOnly)
                .requestParameters(parameters)
                .resource(keyArn(region, keyId), "AWS::KMS::Key");
    }

    static EventEnvelope envelope(CloudTrailRecord record, String region, Instant at) {
        return new EventEnvelope(record.eventId(), AuditTrail.RECORD_TYPE, 1, "Account", LocalIdentity.ACCOUNT_ID, 0,
                at, LocalIdentity.ACCOUNT_ID, region, ADMIN, "test", record.toJson());
    }

    /** Waits until {@code sql} (a count) reaches {@code expected}. */
    static void awaitCount(DataSource db, String sql, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long count;
        do {
            count = count(db, sql);
            if (count >= expected) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("expected " + expected + " from " + sql + ", have " + count);
    }

    static long count(DataSource db, String sql) throws SQLException {
        try (Connection connection = db.getConnection();
                PreparedStatement select = connection.prepareStatement(sql);
                ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
