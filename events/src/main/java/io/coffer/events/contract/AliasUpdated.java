package io.coffer.events.contract;

import java.time.Instant;

/** The alias now points at this key (aggregate {@code Key}: the new target); it pointed at {@code previousKeyId}. */
public record AliasUpdated(String aliasName, String previousKeyId, Instant updateDate) implements KeyEvent {

    public static final String TYPE = "AliasUpdated";
}
