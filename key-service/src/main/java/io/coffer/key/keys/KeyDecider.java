package io.coffer.key.keys;

import io.coffer.events.contract.AliasCreated;
import io.coffer.events.contract.AliasDeleted;
import io.coffer.events.contract.AliasUpdated;
import io.coffer.events.contract.GrantCreated;
import io.coffer.events.contract.GrantRetired;
import io.coffer.events.contract.GrantRevoked;
import io.coffer.events.contract.ImportedKeyMaterialDeleted;
import io.coffer.events.contract.KeyDeletionCancelled;
import io.coffer.events.contract.KeyDeletionScheduled;
import io.coffer.events.contract.KeyDescriptionUpdated;
import io.coffer.events.contract.KeyDisabled;
import io.coffer.events.contract.KeyEnabled;
import io.coffer.events.contract.KeyEvent;
import io.coffer.events.contract.KeyMaterialDestroyed;
import io.coffer.events.contract.KeyMaterialImported;
import io.coffer.events.contract.KeyPolicyChanged;
import io.coffer.events.contract.KeyRotated;
import io.coffer.events.contract.KeyRotationDisabled;
import io.coffer.events.contract.KeyRotationEnabled;
import io.coffer.events.contract.KeyTagged;
import io.coffer.events.contract.KeyUntagged;
import io.coffer.kernel.AwsException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Decides which events a command on one existing KMS key produces, from the key's state alone, or refuses it with
 * the error KMS answers: pure, so it is tested without infrastructure. What needs I/O is settled before: the caller's
 * authorization, a new policy's grammar and lockout check, whether an alias name is taken. A key's stream is opened
 * by {@code KeyProvisioned} (CreateKey, or the AWS-managed key's provisioning), not decided here.
 */
public final class KeyDecider {

    /** A command on one key. */
    public sealed interface KeyCommand {
    }

    public record EnableKey() implements KeyCommand {
    }

    public record DisableKey() implements KeyCommand {
    }

    /** Schedule deletion after {@code pendingWindowInDays} (7 to 30, validated with the request). */
    public record ScheduleDeletion(int pendingWindowInDays, Instant now) implements KeyCommand {
    }

    public record CancelDeletion() implements KeyCommand {
    }

    /** Destroy the material of a key whose deletion date is due (KMS's own maintenance). */
    public record DestroyMaterial(Instant now) implements KeyCommand {
    }

    /** Turn automatic rotation on, every {@code periodInDays} (90 to 2560, validated with the request). */
    public record EnableRotation(int periodInDays, Instant now) implements KeyCommand {
    }

    public record DisableRotation() implements KeyCommand {
    }

    /** Add a material version: {@code onDemand} for RotateKeyOnDemand, else automatic rotation that is due. */
    public record Rotate(boolean onDemand, Instant now) implements KeyCommand {
    }

    /** Add the grant {@code grant} describes; a named grant identical to one the key has is not added twice. */
    public record CreateGrant(GrantCreated grant) implements KeyCommand {
    }

    /** End a grant: retired by its retiring or grantee principal, or revoked by a key administrator. */
    public record EndGrant(String grantId, boolean revoked) implements KeyCommand {
    }

    /** Give an EXTERNAL key the material whose fingerprint this is, valid until {@code validTo} (null: no expiry). */
    public record ImportMaterial(String materialFingerprint, String expirationModel, Instant validTo, Instant now)
            implements KeyCommand {
    }

    /** Delete an EXTERNAL key's material: by DeleteImportedKeyMaterial, or because it {@code expired}. */
    public record DeleteImportedMaterial(boolean expired) implements KeyCommand {
    }

    /** Replace the description (length validated with the request). */
    public record UpdateDescription(String description) implements KeyCommand {
    }

    /** Replace the key policy with {@code policy}, already parsed and checked against lockout. */
    public record PutPolicy(String policy) implements KeyCommand {
    }

    public record TagKey(Map<String, String> tags) implements KeyCommand {
    }

    public record UntagKey(List<String> tagKeys) implements KeyCommand {
    }

    /** Point {@code aliasName} at this key; it pointed at {@code previousKeyId}, or at nothing if null. */
    public record PointAlias(String aliasName, String previousKeyId, Instant now) implements KeyCommand {
    }

    /** {@code aliasName}, which points at this key, no longer does. */
    public record RemoveAlias(String aliasName) implements KeyCommand {
    }

    /** KMS's quota of on-demand rotations per key. */
    static final int MAX_ON_DEMAND_ROTATIONS = 10;

    private KeyDecider() {
    }

    public static List<KeyEvent> decide(KeyCommand command, KeyState key) {
        if (command instanceof EnableKey) {
            refusePendingDeletion(key);
            return key.keyState() == KeyStatus.DISABLED ? List.of(new KeyEnabled()) : List.of();
        }
        if (command instanceof DisableKey) {
            refuseAwsManaged(key, "DisableKey");
            refusePendingDeletion(key);
            return key.keyState() == KeyStatus.ENABLED ? List.of(new KeyDisabled()) : List.of();
        }
        if (command instanceof ScheduleDeletion schedule) {
            refuseAwsManaged(key, "ScheduleKeyDeletion");
            if (key.multiRegionPrimary() && !key.multiRegion().replicaArns().isEmpty()) {
                throw KmsErrors.invalidState(key.arn() + " is a multi-Region primary key with replicas; delete "
                        + "the replicas or make another key the primary first.");
            }
            refusePendingDeletion(key);
            return List.of(new KeyDeletionScheduled(millis(schedule.now().plus(
                    Duration.ofDays(schedule.pendingWindowInDays()))), schedule.pendingWindowInDays()));
        }
        if (command instanceof CancelDeletion) {
            if (key.keyState() != KeyStatus.PENDING_DELETION) {
                throw KmsErrors.invalidState(key.arn() + " is not pending deletion.");
            }
            return List.of(new KeyDeletionCancelled());
        }
        if (command instanceof DestroyMaterial destroy) {
            if (key.keyState() != KeyStatus.PENDING_DELETION || key.deletionDate().isAfter(destroy.now())) {
                throw new IllegalStateException(key.arn() + " is not due for deletion");
            }
            return List.of(new KeyMaterialDestroyed(destroy.now()));
        }
        if (command instanceof EnableRotation enable) {
            refuseReplica(key, "EnableKeyRotation");
            refuseUnusable(key);
            refuseAwsManaged(key, "EnableKeyRotation");
            refuseUnrotatable(key);
            return List.of(new KeyRotationEnabled(enable.periodInDays(),
                    millis(enable.now().plus(Duration.ofDays(enable.periodInDays())))));
        }
        if (command instanceof DisableRotation) {
            refuseUnusable(key);
            refuseAwsManaged(key, "DisableKeyRotation");
            refuseUnrotatable(key);
            return key.rotationEnabled() ? List.of(new KeyRotationDisabled()) : List.of();
        }
        if (command instanceof Rotate rotate) {
            if (rotate.onDemand()) {
                refuseReplica(key, "RotateKeyOnDemand");
                if (key.keyState() == KeyStatus.PENDING_IMPORT) {
                    throw KmsErrors.invalidState(key.arn() + " is pending import.");
                }
                refuseUnusable(key);
                if (!key.spec().symmetric()) {
                    throw KmsErrors.unsupported(""); // KMS's answer, word for word
                }
                if (key.awsManaged()) {
                    throw KmsErrors.unsupported(key.arn()
                            + " is an AWS managed key; it rotates automatically every year");
                }
                if (key.imported() != null) {
                    // KMS rotates imported material only to material imported for it, which Coffer does not take
                    throw KmsErrors.invalidState("No available key material pending rotation for the key: "
                            + key.arn() + ".");
                }
                refuseUnrotatable(key);
                if (key.rotations().stream().filter(r -> "ON_DEMAND".equals(r.rotationType())).count()
                        >= MAX_ON_DEMAND_ROTATIONS) {
                    throw KmsErrors.limitExceeded("The on-demand rotations limit has been reached for the given "
                            + "keyId. No more on-demand rotations can be performed for this key: " + key.arn());
                }
            }
            return List.of(new KeyRotated(key.currentMaterialVersion() + 1, millis(rotate.now()),
                    rotate.onDemand() ? "ON_DEMAND" : "AUTOMATIC"));
        }
        if (command instanceof PutPolicy put) {
            refuseAwsManaged(key, "PutKeyPolicy");
            return List.of(new KeyPolicyChanged(put.policy()));
        }
        if (command instanceof UpdateDescription update) {
            refuseAwsManaged(key, "UpdateKeyDescription");
            refusePendingDeletion(key);
            return List.of(new KeyDescriptionUpdated(update.description()));
        }
        if (command instanceof CreateGrant create) {
            refusePendingDeletion(key);
            return key.grants().stream().anyMatch(g -> g.sameAs(create.grant())) ? List.of()
                    : List.of(create.grant());
        }
        if (command instanceof EndGrant end) {
            if (key.grant(end.grantId()).isEmpty()) {
                throw KmsErrors.notFound("Grant ID " + end.grantId() + " not found on " + key.arn());
            }
            return List.of(end.revoked() ? new GrantRevoked(end.grantId()) : new GrantRetired(end.grantId()));
        }
        if (command instanceof ImportMaterial material) {
            refuseNotExternal(key);
            refusePendingDeletion(key);
            String known = key.imported().materialFingerprint();
            if (known != null && !MessageDigest.isEqual(known.getBytes(StandardCharsets.US_ASCII),
                    material.materialFingerprint().getBytes(StandardCharsets.US_ASCII))) {
                throw AwsException.client("IncorrectKeyMaterialException", "The key material is not the material "
                        + "previously imported into " + key.arn());
            }
            return List.of(new KeyMaterialImported(material.materialFingerprint(), material.expirationModel(),
                    material.validTo() == null ? null : millis(material.validTo()), millis(material.now())));
        }
        if (command instanceof DeleteImportedMaterial delete) {
            refuseNotExternal(key);
            refusePendingDeletion(key);
            if (key.keyState() == KeyStatus.PENDING_IMPORT) {
                throw KmsErrors.invalidState(key.arn() + " has no imported key material.");
            }
            return List.of(new ImportedKeyMaterialDeleted(delete.expired()));
        }
        if (command instanceof TagKey tag) {
            refuseAwsManaged(key, "TagResource");
            return List.of(new KeyTagged(tag.tags()));
        }
        if (command instanceof UntagKey untag) {
            refuseAwsManaged(key, "UntagResource");
            return List.of(new KeyUntagged(List.copyOf(untag.tagKeys())));
        }
        if (command instanceof PointAlias point) {
            if (key.awsManaged()) {
                throw KmsErrors.notAuthorized("An alias cannot point at the AWS managed key " + key.arn());
            }
            refusePendingDeletion(key);
            Instant at = millis(point.now());
            return List.of(point.previousKeyId() == null ? new AliasCreated(point.aliasName(), at)
                    : new AliasUpdated(point.aliasName(), point.previousKeyId(), at));
        }
        if (command instanceof RemoveAlias remove) {
            return List.of(new AliasDeleted(remove.aliasName()));
        }
        throw new IllegalArgumentException("not a Key command: " + command);
    }

    private static void refusePendingDeletion(KeyState key) {
        if (key.keyState() == KeyStatus.PENDING_DELETION) {
            throw KmsErrors.invalidState(key.arn() + " is pending deletion.");
        }
    }

    /** Refuses a change that needs the key usable: not pending deletion, not disabled. */
    private static void refuseUnusable(KeyState key) {
        refusePendingDeletion(key);
        if (key.keyState() == KeyStatus.DISABLED) {
            throw KmsErrors.disabled(key.arn());
        }
    }

    /**
     * Only symmetric encryption keys with KMS-made material rotate; asymmetric and HMAC keys, and imported material,
     * stay as they are for life.
     */
    private static void refuseUnrotatable(KeyState key) {
        if (!key.spec().symmetric()) {
            throw KmsErrors.unsupported(key.arn() + " has key spec " + key.keySpec()
                    + "; only symmetric encryption keys rotate");
        }
        if (key.imported() != null) {
            throw KmsErrors.unsupported(key.arn() + " has imported key material, which KMS does not rotate");
        }
    }

    /** A replica's material follows its primary: rotation is the primary's. */
    private static void refuseReplica(KeyState key, String operation) {
        if (key.replica()) {
            throw KmsErrors.unsupported(operation + " is not supported on a multi-Region replica key; call it on "
                    + "the primary key " + key.multiRegion().primaryArn());
        }
    }

    private static void refuseNotExternal(KeyState key) {
        if (key.imported() == null) {
            throw KmsErrors.notExternal(key.arn());
        }
    }

    private static void refuseAwsManaged(KeyState key, String operation) {
        if (key.awsManaged()) {
            throw KmsErrors.awsManaged(key, operation);
        }
    }

    private static Instant millis(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS);
    }
}
