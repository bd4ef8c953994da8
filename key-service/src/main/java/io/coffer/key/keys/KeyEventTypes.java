package io.coffer.key.keys;

import io.coffer.events.EventCodec;
import io.coffer.events.contract.AliasCreated;
import io.coffer.events.contract.AliasDeleted;
import io.coffer.events.contract.AliasUpdated;
import io.coffer.events.contract.KeyProvisioned;
import io.coffer.kernel.EventEnvelope;
import io.coffer.kernel.MalformedEventException;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Maps the Key aggregate's event types to their payload records. */
final class KeyEventTypes {

    private static final Map<String, Class<?>> TYPES = Stream.of(KeyProvisioned.class, KeyEvents.KeyEnabled.class,
            KeyEvents.KeyDisabled.class, KeyEvents.KeyDeletionScheduled.class, KeyEvents.KeyDeletionCancelled.class,
            KeyEvents.KeyMaterialDestroyed.class, KeyEvents.KeyRotated.class, KeyEvents.KeyRotationEnabled.class,
            KeyEvents.KeyRotationDisabled.class, KeyEvents.KeyPolicyChanged.class, AliasCreated.class,
            AliasUpdated.class, AliasDeleted.class, KeyEvents.KeyTagged.class,
            KeyEvents.KeyUntagged.class).collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private KeyEventTypes() {
    }

    static Object payload(EventCodec codec, EventEnvelope envelope) {
        Class<?> type = TYPES.get(envelope.type());
        if (type == null) {
            throw new MalformedEventException("unknown Key event type " + envelope.type());
        }
        return codec.payload(envelope, type);
    }
}
