package io.coffer.events.contract;

import java.time.Instant;

/**
 * A new material version encrypts from now on ({@code AUTOMATIC} or {@code ON_DEMAND}); earlier versions still
 * decrypt.
 */
public record KeyRotated(int materialVersion, Instant rotationDate, String rotationType) implements KeyEvent {
}
