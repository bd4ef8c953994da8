package io.coffer.events.contract;

import java.time.Instant;

/** The material of every version was erased; the key is gone. */
public record KeyMaterialDestroyed(Instant destroyedAt) implements KeyEvent {
}
