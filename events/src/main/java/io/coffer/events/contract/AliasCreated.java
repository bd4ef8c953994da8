package io.coffer.events.contract;

import java.time.Instant;

/** An alias now points at this key (topic {@code coffer.key.events}, aggregate {@code Key}: the target key). */
public record AliasCreated(String aliasName, Instant creationDate) implements KeyEvent {

    public static final String TYPE = "AliasCreated";
}
