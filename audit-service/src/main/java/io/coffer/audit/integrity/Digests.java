package io.coffer.audit.integrity;

import io.coffer.events.Database;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.KeyPair;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Seals the chain periodically: a digest signs the chain hash at the head, the positions and arrival times it
 * covers since the previous digest, and that digest's signature. Sealing locks the chain head, so it sees a whole
 * number of ingest transactions and replicas never seal the same range twice. Started eagerly, so a missing or
 * malformed signing key stops the service at startup.
 */
@ApplicationScoped
@Startup
public class Digests {

    private static final Logger LOG = Logger.getLogger(Digests.class);

    private final Database database;
    private final KeyPair keys;
    private final String fingerprint;
    private final List<PublicKey> verificationKeys;

    public Digests(Database database, DigestConfig config) {
        this.database = database;
        this.keys = SigningKeys.loadOrCreate(config.signingKeyFile(), config.signingKeyGenerate());
        this.fingerprint = DigestSignature.fingerprint(keys.getPublic());
        List<PublicKey> verifying = new ArrayList<>(List.of(keys.getPublic()));
        config.retiredPublicKeyFiles().orElse(List.of()).forEach(file -> verifying.add(SigningKeys.readPublicKey(file)));
        this.verificationKeys = List.copyOf(verifying);
    }

    /** The public half of the current signing key. */
    public PublicKey publicKey() {
        return keys.getPublic();
    }

    /** The keys whose digests verify: the current one and the retired ones. */
    public List<PublicKey> verificationKeys() {
        return verificationKeys;
    }

    @Scheduled(every = "${coffer.audit.digest.interval}", delayed = "${coffer.audit.digest.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        seal().ifPresent(d -> LOG.infof("sealed audit records %d..%d (%d) in digest %d",
                d.signed().firstPosition(), d.signed().lastPosition(), d.signed().recordCount(), d.digestId()));
    }

    /** Seals the records that arrived since the last digest; empty if there were none. */
    public Optional<DigestLog.Digest> seal() {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = database.connection()) {
                ChainHead head = ChainHead.lock(connection);
                long headPosition = head.position();
                byte[] headHash = head.chainHash();
                long after = 0;
                byte[] previousSignature = null;
                try (PreparedStatement last = connection.prepareStatement(
                        "select last_position, signature from audit_digest order by digest_id desc limit 1");
                        ResultSet rs = last.executeQuery()) {
                    if (rs.next()) {
                        after = rs.getLong(1);
                        previousSignature = rs.getBytes(2);
                    }
                }
                if (headPosition <= after) {
                    return Optional.<DigestLog.Digest>empty();
                }
                DigestSignature signed;
                try (PreparedStatement range = connection.prepareStatement("""
                        select min(position), count(*), min(received_at), max(received_at)
                          from audit_record where position > ? and position <= ?""")) {
                    range.setLong(1, after);
                    range.setLong(2, headPosition);
                    try (ResultSet rs = range.executeQuery()) {
                        rs.next();
                        signed = new DigestSignature(rs.getLong(1), headPosition, rs.getLong(2),
                                rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant(), headHash,
                                previousSignature);
                    }
                }
                byte[] signature = signed.sign(keys.getPrivate());
                Instant now = Instant.now();
                try (PreparedStatement insert = connection.prepareStatement("""
                        insert into audit_digest (created_at, first_position, last_position, record_count, start_time,
                                                  end_time, last_hash, previous_signature, key_fingerprint, signature)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning digest_id""")) {
                    insert.setTimestamp(1, Timestamp.from(now));
                    insert.setLong(2, signed.firstPosition());
                    insert.setLong(3, signed.lastPosition());
                    insert.setLong(4, signed.recordCount());
                    insert.setTimestamp(5, Timestamp.from(signed.startTime()));
                    insert.setTimestamp(6, Timestamp.from(signed.endTime()));
                    insert.setBytes(7, signed.lastHash());
                    insert.setBytes(8, previousSignature);
                    insert.setString(9, fingerprint);
                    insert.setBytes(10, signature);
                    try (ResultSet rs = insert.executeQuery()) {
                        rs.next();
                        return Optional.of(new DigestLog.Digest(rs.getLong(1), now, signed, fingerprint, signature));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot seal the audit chain: " + e.getMessage(), e);
            }
        });
    }

    /** The digests whose records arrived between {@code from} and {@code to} (either may be null), oldest first. */
    public List<DigestLog.Digest> list(Instant from, Instant to) {
        try (Connection connection = database.connection()) {
            return DigestLog.read(connection, from, to);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read digests: " + e.getMessage(), e);
        }
    }
}
