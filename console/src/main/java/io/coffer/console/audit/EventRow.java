package io.coffer.console.audit;

import java.time.Instant;

/** One audit record as the event lists show it; {@code errorCode} is null for a call that succeeded. */
public record EventRow(String eventId, Instant time, String name, String source, String user, String resources,
        String errorCode) {
}
