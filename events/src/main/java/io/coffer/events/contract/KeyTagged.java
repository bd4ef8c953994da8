package io.coffer.events.contract;

import java.util.Map;

/** Tags were added or their values replaced. */
public record KeyTagged(Map<String, String> tags) implements KeyEvent {
}
