package io.coffer.events.contract;

/** RevokeGrant: someone the key policy allows ended the grant. */
public record GrantRevoked(String grantId) implements KeyEvent {
}
