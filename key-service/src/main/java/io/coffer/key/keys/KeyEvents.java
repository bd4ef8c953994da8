package io.coffer.key.keys;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The events of the Key aggregate besides {@link io.coffer.events.contract.KeyProvisioned}, which opens every
 * key's stream, and the alias events of {@code io.coffer.events.contract}, which audit-service reads too. Each event's type is its record's simple name.
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

    public record KeyTagged(Map<String, String> tags) {
    }

    public record KeyUntagged(List<String> tagKeys) {
    }
}
