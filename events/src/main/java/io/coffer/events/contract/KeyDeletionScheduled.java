package io.coffer.events.contract;

import java.time.Instant;

/** The key is pending deletion: its material is destroyed at {@code deletionDate}. */
public record KeyDeletionScheduled(Instant deletionDate, int pendingWindowInDays) implements KeyEvent {
}
