package io.coffer.events.contract;

/** The alias was deleted (aggregate {@code Key}: the key it pointed at). */
public record AliasDeleted(String aliasName) implements KeyEvent {

    public static final String TYPE = "AliasDeleted";
}
