package io.coffer.key.maintenance;

import io.coffer.events.Database;
import io.coffer.key.keys.KeyDecider;
import io.coffer.key.keys.KeyDecider.DestroyMaterial;
import io.coffer.key.keys.KeyDecider.Rotate;
import io.coffer.key.keys.KeyMaterialVault;
import io.coffer.key.keys.KeyState;
import io.coffer.key.keys.Keys;
import io.coffer.key.kms.KeyImports;
import io.coffer.key.kms.KeyManagement;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * KMS's own timed work: destroys the material of keys whose deletion date has passed, rotates keys whose
 * automatic rotation is due (AWS-managed keys every year), deletes imported material whose ValidTo has passed and
 * the wrapping keys of import tokens that expired unused. One key per transaction, locked with SKIP LOCKED, so
 * replicas share the work without doing any of it twice.
 */
@ApplicationScoped
public class KeyMaintenance {

    private static final Logger LOG = Logger.getLogger(KeyMaintenance.class);

    private final Database database;
    private final Keys keys;
    private final KeyManagement management;
    private final KeyMaterialVault vault;
    private final KeyImports imports;

    public KeyMaintenance(Database database, Keys keys, KeyManagement management, KeyMaterialVault vault,
            KeyImports imports) {
        this.imports = imports;
        this.database = database;
        this.keys = keys;
        this.management = management;
        this.vault = vault;
    }

    @Scheduled(every = "${coffer.key.maintenance-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        runDue(Instant.now());
    }

    /** Does the work due at {@code now}; returns how many keys were destroyed or rotated. */
    public int runDue(Instant now) {
        int done = 0;
        while (QuarkusTransaction.requiringNew().call(() -> destroyOne(now))) {
            done++;
        }
        while (QuarkusTransaction.requiringNew().call(() -> rotateOne(now))) {
            done++;
        }
        while (QuarkusTransaction.requiringNew().call(() -> expireOne(now))) {
            done++;
        }
        // import tokens nobody used: their wrapping keys' private halves need not wait any longer
        database.update("delete from kms_import_parameters where valid_to <= ?", now);
        return done;
    }

    private boolean destroyOne(Instant now) {
        List<String> due = due("key_state = 'PendingDeletion' and (state ->> 'deletionDate')::timestamptz <= ?", now);
        if (due.isEmpty()) {
            return false;
        }
        KeyState key = keys.load(due.get(0));
        vault.destroy(key.keyId());
        keys.append(key, key.keyId(), Keys.kms(key.accountId()), key.accountId(), key.region(), "kms-maintenance",
                KeyDecider.decide(new DestroyMaterial(now), key));
        LOG.infof("Destroyed the material of key %s", key.arn());
        return true;
    }

    private boolean rotateOne(Instant now) {
        List<String> due = due("key_state = 'Enabled' and (state ->> 'rotationEnabled')::boolean "
                + "and (state ->> 'nextRotationDate')::timestamptz <= ?", now);
        if (due.isEmpty()) {
            return false;
        }
        KeyState key = keys.load(due.get(0));
        // dated "now" of this run, so the next rotation is a full period later and this run rotates a key once
        management.rotate(key, new Rotate(false, now), Keys.kms(key.accountId()), "kms-maintenance");
        LOG.infof("Rotated key %s", key.arn());
        return true;
    }

    /** Deletes imported key material whose ValidTo has passed; the key waits for a new import. */
    private boolean expireOne(Instant now) {
        List<String> due = due("key_state in ('Enabled', 'Disabled') "
                + "and (state -> 'imported' ->> 'validTo')::timestamptz <= ?", now);
        if (due.isEmpty()) {
            return false;
        }
        KeyState key = keys.load(due.get(0));
        imports.delete(key, Keys.kms(key.accountId()), "kms-maintenance", true);
        LOG.infof("Deleted the expired imported material of key %s", key.arn());
        return true;
    }

    private List<String> due(String condition, Instant now) {
        return database.list("select cast(key_id as text) from kms_key where " + condition
                + " order by key_id limit 1 for update skip locked", row -> row.getString(1), now);
    }
}
