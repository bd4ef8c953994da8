package io.coffer.events.contract;

/** The key policy was replaced. */
public record KeyPolicyChanged(String policy) implements KeyEvent {
}
