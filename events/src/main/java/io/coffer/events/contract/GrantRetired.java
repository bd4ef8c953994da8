package io.coffer.events.contract;

/** RetireGrant: the grant's retiring or grantee principal ended it. */
public record GrantRetired(String grantId) implements KeyEvent {
}
