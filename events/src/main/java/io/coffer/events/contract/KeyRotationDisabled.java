package io.coffer.events.contract;

/** Automatic rotation is off. */
public record KeyRotationDisabled() implements KeyEvent {
}
