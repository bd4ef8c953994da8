package io.coffer.events.contract;

import java.util.List;

/** Tags were removed. */
public record KeyUntagged(List<String> tagKeys) implements KeyEvent {
}
