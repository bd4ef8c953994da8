package io.coffer.events.contract;

/** The scheduled deletion was cancelled; the key is disabled, as in KMS. */
public record KeyDeletionCancelled() implements KeyEvent {
}
