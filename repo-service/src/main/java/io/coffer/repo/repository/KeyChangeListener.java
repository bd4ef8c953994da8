package io.coffer.repo.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Hears every change of every KMS key (key-service's events: enabled, disabled, deletion scheduled, policy changed,
 * material destroyed, …) and has {@link EncryptionKeyAccess} forget the checks it passed, so a key made unusable
 * refuses Git requests at once instead of after {@code coffer.repo.key-access-ttl}. Each repo-service instance holds
 * checks of its own, so each hears every change: its consumer group is its own, from the latest offset, and keeps
 * no offsets (see application.properties). Forgetting is idempotent, so a change heard twice is harmless and there
 * is nothing to deduplicate; the record's content does not matter, even a malformed one.
 */
@ApplicationScoped
public class KeyChangeListener {

    private final EncryptionKeyAccess keyAccess;

    public KeyChangeListener(EncryptionKeyAccess keyAccess) {
        this.keyAccess = keyAccess;
    }

    @Incoming("key-changes")
    public void on(String record) {
        keyAccess.keysChanged();
    }
}
