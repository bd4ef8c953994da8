package io.coffer.events.contract;

/** The key was disabled: cryptographic calls with it are refused. */
public record KeyDisabled() implements KeyEvent {
}
