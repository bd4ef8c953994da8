package io.coffer.key.keys;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The events of the Key aggregate besides {@link io.coffer.platform.contract.KeyProvisioned}, which opens every
 * key's stream. Each event's type is its record's simple name.
 */
public final class KeyEvents {

    private KeyEvents() {
    }

    public record KeyEnabled() {
    }

    public record KeyDisabled() {
    }

    public record KeyDeletionScheduled(Instant deletionDate, int pendingWindowInDays) {
    }

    public record KeyDeletionCancelled() {
    }

    /** The material of every version was erased; the key is gone. */
    public record KeyMaterialDestroyed(Instant destroyedAt) {
    }

    public record KeyRotated(int materialVersion, Instant rotationDate, String rotationType) {
    }

    public record KeyRotationEnabled(int rotationPeriodInDays, Instant nextRotationDate) {
    }

    public record KeyRotationDisabled() {
    }

    public record KeyPolicyChanged(String policy) {
    }

    public record AliasCreated(String aliasName, Instant creationDate) {
    }

    /** The alias now points at this key; it pointed at {@code previousKeyId}. */
    public record AliasUpdated(String aliasName, String previousKeyId, Instant updateDate) {
    }

    public record AliasDeleted(String aliasName) {
    }

    public record KeyTagged(Map<String, String> tags) {
    }

    public record KeyUntagged(List<String> tagKeys) {
    }
}
