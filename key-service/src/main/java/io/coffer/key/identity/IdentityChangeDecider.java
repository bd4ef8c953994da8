package io.coffer.key.identity;

import io.coffer.key.identity.IdentityEntities.Entity;
import io.coffer.key.identity.IdentityEntities.Key;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Decides which events record the change from the identities last recorded to those now in force; pure, so it is
 * tested without infrastructure. Creations and changes come first (accounts before their users, users before their
 * keys and memberships), deletions after and in reverse, so every event names things that exist when it applies.
 */
final class IdentityChangeDecider {

    /** One event to record: its type and payload. */
    record Change(String type, IdentityChanged payload) {
    }

    private IdentityChangeDecider() {
    }

    /** @param version the version of the identities file now in force */
    static List<Change> decide(Map<Key, Entity> recorded, Map<Key, Entity> current, String version) {
        List<Change> changes = new ArrayList<>();
        current.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            Entity before = recorded.get(entry.getKey());
            if (before == null) {
                changes.add(new Change(entry.getKey().kind().created, entry.getValue().payload()));
            } else if (!before.fingerprint().equals(entry.getValue().fingerprint())) {
                changes.add(new Change(entry.getKey().kind().changed, entry.getValue().payload()));
            }
        });
        recorded.entrySet().stream().filter(entry -> !current.containsKey(entry.getKey()))
                .sorted(Map.Entry.<Key, Entity>comparingByKey(Comparator.reverseOrder()))
                .forEach(entry -> changes.add(new Change(entry.getKey().kind().deleted,
                        entry.getValue().payload().recordedFrom(version))));
        return changes;
    }
}
