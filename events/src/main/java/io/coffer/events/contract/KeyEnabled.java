package io.coffer.events.contract;

/** The key was enabled: it may be used again. */
public record KeyEnabled() implements KeyEvent {
}
