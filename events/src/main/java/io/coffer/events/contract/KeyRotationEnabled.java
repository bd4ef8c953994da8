package io.coffer.events.contract;

import java.time.Instant;

/** Automatic rotation is on, every {@code rotationPeriodInDays}. */
public record KeyRotationEnabled(int rotationPeriodInDays, Instant nextRotationDate) implements KeyEvent {
}
