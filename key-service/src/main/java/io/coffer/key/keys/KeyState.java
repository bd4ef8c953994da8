package io.coffer.key.keys;

import com.fasterxml.jackson.annotation.JsonIgnore;
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
import io.coffer.events.contract.KeyPrimaryRegionChanged;
import io.coffer.events.contract.KeyProvisioned;
import io.coffer.events.contract.KeyReplicaSynchronized;
import io.coffer.events.contract.KeyReplicated;
import io.coffer.events.contract.KeyRotated;
import io.coffer.events.contract.KeyRotationDisabled;
import io.coffer.events.contract.KeyRotationEnabled;
import io.coffer.events.contract.KeyTagged;
import io.coffer.events.contract.KeyUntagged;
import java.time.Duration;
import io.coffer.key.crypto.KeySpec;
import io.coffer.key.crypto.KeyUsage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The state of one KMS key, folded from its events by {@link #evolve}. Immutable; also the read model's row
 * content, so a rebuilt read model is identical to the live one.
 */
public record KeyState(String keyId, String arn, String accountId, String region, String keyManager,
        String description, String keySpec, String keyUsage, KeyStatus keyState, Instant creationDate,
        Instant deletionDate, Integer pendingWindowInDays, int currentMaterialVersion, List<Rotation> rotations,
        boolean rotationEnabled, Integer rotationPeriodInDays, Instant nextRotationDate, String policy,
        TreeMap<String, String> tags, TreeSet<String> aliases, List<Grant> grants, Imported imported,
        MultiRegion multiRegion, long version) {

    /**
     * A multi-Region key's place in its set: the primary's ARN and the replicas' (as the primary knows them; a
     * replica knows its primary).
     */
    public record MultiRegion(String primaryArn, List<String> replicaArns) {
    }

    /**
     * An EXTERNAL key's import state: the fingerprint of the material it was given (kept after the material is
     * deleted, so only the same material can be imported again), and the current material's expiry.
     */
    public record Imported(String materialFingerprint, String expirationModel, Instant validTo) {
    }

    public KeyState {
        // states stored before grants existed have none
        grants = grants == null ? List.of() : grants;
    }

    /** One material version made by a rotation. */
    public record Rotation(int materialVersion, Instant rotationDate, String rotationType) {
    }

    @JsonIgnore
    public boolean awsManaged() {
        return "AWS".equals(keyManager);
    }

    @JsonIgnore
    public KeySpec spec() {
        // on every cryptographic call: the enum's own lookup, not a search
        return KeySpec.valueOf(keySpec);
    }

    @JsonIgnore
    public KeyUsage usage() {
        return KeyUsage.valueOf(keyUsage);
    }

    /**
     * KMS's KeyMaterialId of a material version: 64 hex digits that name the material without revealing anything
     * of it (a SHA-256 of the key ID callers see and the version, never of the material), so the keys of a
     * multi-Region set, which share material, share its IDs too.
     */
    public String materialId(int materialVersion) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    ("coffer-key-material-id/v1/" + externalId() + "/" + materialVersion).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /** The state after {@code event}, the aggregate's {@code version}-th. */
    public static KeyState evolve(KeyState s, KeyEvent event, long version) {
        if (event instanceof KeyProvisioned p) {
            boolean managed = "AWS".equals(p.keyManager());
            TreeSet<String> aliases = new TreeSet<>();
            if (p.aliasName() != null) {
                aliases.add(p.aliasName());
            }
            boolean external = "EXTERNAL".equals(p.origin());
            return new KeyState(p.keyId(), p.arn(), p.accountId(), p.region(), p.keyManager(), p.description(),
                    p.keySpec(), p.keyUsage(), external ? KeyStatus.PENDING_IMPORT : KeyStatus.ENABLED, p.creationDate(), null, null, 1, List.of(), managed,
                    managed ? 365 : null, managed ? p.creationDate().plus(Duration.ofDays(365)) : null,
                    p.policy(), new TreeMap<>(p.tags() == null ? Map.of() : p.tags()), aliases, List.of(),
                    external ? new Imported(null, null, null) : null,
                    p.primaryArn() == null ? null : new MultiRegion(p.primaryArn(), List.of()), version)
                    .creating(p.primaryArn() != null && !p.primaryArn().equals(p.arn()));
        }
        if (s == null) {
            throw new IllegalStateException("a key's stream must start with KeyProvisioned, not " + event);
        }
        if (event instanceof KeyEnabled) {
            return s.with(KeyStatus.ENABLED, s.deletionDate, s.pendingWindowInDays, version);
        }
        if (event instanceof KeyDisabled) {
            return s.with(KeyStatus.DISABLED, s.deletionDate, s.pendingWindowInDays, version);
        }
        if (event instanceof KeyDeletionScheduled e) {
            return s.with(KeyStatus.PENDING_DELETION, e.deletionDate(), e.pendingWindowInDays(), version);
        }
        if (event instanceof KeyDeletionCancelled) {
            return s.with(KeyStatus.DISABLED, null, null, version);
        }
        if (event instanceof KeyMaterialDestroyed) {
            return s.with(KeyStatus.DELETED, s.deletionDate, s.pendingWindowInDays, version);
        }
        if (event instanceof KeyRotated e) {
            List<Rotation> rotations = new ArrayList<>(s.rotations);
            rotations.add(new Rotation(e.materialVersion(), e.rotationDate(), e.rotationType()));
            Instant next = s.rotationEnabled && "AUTOMATIC".equals(e.rotationType())
                    ? e.rotationDate().plus(Duration.ofDays(s.rotationPeriodInDays)) : s.nextRotationDate;
            return new KeyState(s.keyId, s.arn, s.accountId, s.region, s.keyManager, s.description, s.keySpec,
                    s.keyUsage, s.keyState, s.creationDate, s.deletionDate, s.pendingWindowInDays,
                    e.materialVersion(), List.copyOf(rotations), s.rotationEnabled, s.rotationPeriodInDays, next,
                    s.policy, s.tags, s.aliases, s.grants, s.imported, s.multiRegion, version);
        }
        if (event instanceof KeyRotationEnabled e) {
            return s.rotation(true, e.rotationPeriodInDays(), e.nextRotationDate(), version);
        }
        if (event instanceof KeyRotationDisabled) {
            return s.rotation(false, null, null, version);
        }
        if (event instanceof KeyPolicyChanged e) {
            return new KeyState(s.keyId, s.arn, s.accountId, s.region, s.keyManager, s.description, s.keySpec,
                    s.keyUsage, s.keyState, s.creationDate, s.deletionDate, s.pendingWindowInDays,
                    s.currentMaterialVersion, s.rotations, s.rotationEnabled, s.rotationPeriodInDays,
                    s.nextRotationDate, e.policy(), s.tags, s.aliases, s.grants, s.imported, s.multiRegion, version);
        }
        if (event instanceof AliasCreated e) {
            return s.aliases(add(s.aliases, e.aliasName()), version);
        }
        if (event instanceof AliasUpdated e) {
            return s.aliases(add(s.aliases, e.aliasName()), version);
        }
        if (event instanceof AliasDeleted e) {
            TreeSet<String> aliases = new TreeSet<>(s.aliases);
            aliases.remove(e.aliasName());
            return s.aliases(aliases, version);
        }
        if (event instanceof KeyTagged e) {
            TreeMap<String, String> tags = new TreeMap<>(s.tags);
            tags.putAll(e.tags());
            return s.tags(tags, version);
        }
        if (event instanceof KeyDescriptionUpdated e) {
            return new KeyState(s.keyId, s.arn, s.accountId, s.region, s.keyManager, e.description(), s.keySpec,
                    s.keyUsage, s.keyState, s.creationDate, s.deletionDate, s.pendingWindowInDays,
                    s.currentMaterialVersion, s.rotations, s.rotationEnabled, s.rotationPeriodInDays,
                    s.nextRotationDate, s.policy, s.tags, s.aliases, s.grants, s.imported, s.multiRegion, version);
        }
        if (event instanceof GrantCreated e) {
            List<Grant> grants = new ArrayList<>(s.grants);
            grants.add(Grant.of(e));
            return s.grants(grants, version);
        }
        if (event instanceof GrantRetired || event instanceof GrantRevoked) {
            String ended = event instanceof GrantRetired r ? r.grantId() : ((GrantRevoked) event).grantId();
            return s.grants(s.grants.stream().filter(g -> !g.grantId().equals(ended)).toList(), version);
        }
        if (event instanceof KeyMaterialImported e) {
            KeyStatus state = s.keyState == KeyStatus.PENDING_IMPORT ? KeyStatus.ENABLED : s.keyState;
            return s.with(state, s.deletionDate, s.pendingWindowInDays, version)
                    .imported(new Imported(e.materialFingerprint(), e.expirationModel(), e.validTo()));
        }
        if (event instanceof ImportedKeyMaterialDeleted) {
            // a key pending deletion stays so; its material is gone either way
            KeyStatus state = s.keyState == KeyStatus.PENDING_DELETION ? s.keyState : KeyStatus.PENDING_IMPORT;
            return s.with(state, s.deletionDate, s.pendingWindowInDays, version)
                    .imported(new Imported(s.imported.materialFingerprint(), null, null));
        }
        if (event instanceof KeyReplicated e) {
            List<String> replicas = new ArrayList<>(s.multiRegion.replicaArns());
            replicas.add(e.replicaArn());
            return s.multiRegion(new MultiRegion(s.multiRegion.primaryArn(), List.copyOf(replicas)), version);
        }
        if (event instanceof KeyReplicaSynchronized e) {
            KeyStatus state = s.keyState == KeyStatus.CREATING ? KeyStatus.ENABLED : s.keyState;
            return new KeyState(s.keyId, s.arn, s.accountId, s.region, s.keyManager, s.description, s.keySpec,
                    s.keyUsage, state, s.creationDate, s.deletionDate, s.pendingWindowInDays, e.materialVersion(),
                    s.rotations, s.rotationEnabled, s.rotationPeriodInDays, s.nextRotationDate, s.policy, s.tags,
                    s.aliases, s.grants, s.imported, s.multiRegion, version);
        }
        if (event instanceof KeyPrimaryRegionChanged e) {
            return s.multiRegion(new MultiRegion(e.primaryArn(), List.copyOf(e.replicaArns())), version);
        }
        if (event instanceof KeyUntagged e) {
            TreeMap<String, String> tags = new TreeMap<>(s.tags);
            e.tagKeys().forEach(tags::remove);
            return s.tags(tags, version);
        }
        throw new IllegalArgumentException("not a Key event: " + event);
    }

    private static TreeSet<String> add(TreeSet<String> set, String value) {
        TreeSet<String> copy = new TreeSet<>(set);
        copy.add(value);
        return copy;
    }

    private KeyState with(KeyStatus state, Instant deletion, Integer window, long version) {
        return new KeyState(keyId, arn, accountId, region, keyManager, description, keySpec, keyUsage, state,
                creationDate, deletion, window, currentMaterialVersion, rotations, rotationEnabled,
                rotationPeriodInDays, nextRotationDate, policy, tags, aliases, grants, imported, multiRegion, version);
    }

    private KeyState rotation(boolean enabled, Integer period, Instant next, long version) {
        return new KeyState(keyId, arn, accountId, region, keyManager, description, keySpec, keyUsage, keyState,
                creationDate, deletionDate, pendingWindowInDays, currentMaterialVersion, rotations, enabled, period,
                next, policy, tags, aliases, grants, imported, multiRegion, version);
    }

    private KeyState aliases(TreeSet<String> newAliases, long version) {
        return new KeyState(keyId, arn, accountId, region, keyManager, description, keySpec, keyUsage, keyState,
                creationDate, deletionDate, pendingWindowInDays, currentMaterialVersion, rotations, rotationEnabled,
                rotationPeriodInDays, nextRotationDate, policy, tags, newAliases, grants, imported, multiRegion, version);
    }

    private KeyState creating(boolean creating) {
        return creating ? with(KeyStatus.CREATING, deletionDate, pendingWindowInDays, version) : this;
    }

    private KeyState multiRegion(MultiRegion newMultiRegion, long version) {
        return new KeyState(keyId, arn, accountId, region, keyManager, description, keySpec, keyUsage, keyState,
                creationDate, deletionDate, pendingWindowInDays, currentMaterialVersion, rotations, rotationEnabled,
                rotationPeriodInDays, nextRotationDate, policy, tags, aliases, grants, imported, newMultiRegion,
                version);
    }

    /** The KeyId callers see: a multi-Region key's {@code mrk-} ID, shared by its replicas, else the key ID. */
    @JsonIgnore
    public String externalId() {
        return arn.substring(arn.indexOf(":key/") + 5);
    }

    /** Whether this is a multi-Region primary key. */
    @JsonIgnore
    public boolean multiRegionPrimary() {
        return multiRegion != null && multiRegion.primaryArn().equals(arn);
    }

    /** Whether this is a multi-Region replica key: its material comes from the primary. */
    @JsonIgnore
    public boolean replica() {
        return multiRegion != null && !multiRegion.primaryArn().equals(arn);
    }

    private KeyState imported(Imported newImported) {
        return new KeyState(keyId, arn, accountId, region, keyManager, description, keySpec, keyUsage, keyState,
                creationDate, deletionDate, pendingWindowInDays, currentMaterialVersion, rotations, rotationEnabled,
                rotationPeriodInDays, nextRotationDate, policy, tags, aliases, grants, newImported, multiRegion, version);
    }

    /** KMS's Origin: EXTERNAL for keys whose material is imported. */
    @JsonIgnore
    public String origin() {
        return imported == null ? "AWS_KMS" : "EXTERNAL";
    }

    private KeyState grants(List<Grant> newGrants, long version) {
        return new KeyState(keyId, arn, accountId, region, keyManager, description, keySpec, keyUsage, keyState,
                creationDate, deletionDate, pendingWindowInDays, currentMaterialVersion, rotations, rotationEnabled,
                rotationPeriodInDays, nextRotationDate, policy, tags, aliases, List.copyOf(newGrants), imported,
                multiRegion, version);
    }

    /** The grant with {@code grantId}, if the key has it. */
    public java.util.Optional<Grant> grant(String grantId) {
        return grants.stream().filter(g -> g.grantId().equals(grantId)).findFirst();
    }

    private KeyState tags(TreeMap<String, String> newTags, long version) {
        return new KeyState(keyId, arn, accountId, region, keyManager, description, keySpec, keyUsage, keyState,
                creationDate, deletionDate, pendingWindowInDays, currentMaterialVersion, rotations, rotationEnabled,
                rotationPeriodInDays, nextRotationDate, policy, newTags, aliases, grants, imported, multiRegion, version);
    }
}
