package io.coffer.events.contract;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The events of the Key aggregate, on topic {@code coffer.key.events} (key: key ID). Every key's stream opens with
 * {@link KeyProvisioned}; alias events belong to the key the alias points at. The envelope's {@code type} is the
 * record's simple name.
 */
public sealed interface KeyEvent permits KeyProvisioned, AliasCreated, AliasUpdated, AliasDeleted, KeyEnabled,
        KeyDisabled, KeyDeletionScheduled, KeyDeletionCancelled, KeyMaterialDestroyed, KeyRotated, KeyRotationEnabled,
        KeyRotationDisabled, KeyPolicyChanged, KeyTagged, KeyUntagged, KeyDescriptionUpdated, GrantCreated, GrantRetired,
        GrantRevoked, KeyMaterialImported, ImportedKeyMaterialDeleted, KeyReplicated, KeyReplicaSynchronized,
        KeyPrimaryRegionChanged {

    String AGGREGATE = "Key";

    /** Every event type of the aggregate, by envelope type. */
    Map<String, Class<? extends KeyEvent>> TYPES = Arrays.stream(KeyEvent.class.getPermittedSubclasses())
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, c -> c.asSubclass(KeyEvent.class)));

    /** The record class of an event type, if it is one of this aggregate's. */
    static Optional<Class<? extends KeyEvent>> payloadType(String type) {
        return Optional.ofNullable(TYPES.get(type));
    }
}
