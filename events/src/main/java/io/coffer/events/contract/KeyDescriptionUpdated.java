package io.coffer.events.contract;

/** UpdateKeyDescription replaced the key's description. */
public record KeyDescriptionUpdated(String description) implements KeyEvent {
}
