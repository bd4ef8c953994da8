package io.coffer.events.contract;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * CreateGrant let {@code granteePrincipal} perform {@code operations} with the key, within the encryption-context
 * constraints if any ({@code contextEquals}: exactly this context; {@code contextSubset}: at least these pairs).
 */
public record GrantCreated(String grantId, String name, String granteePrincipal, String retiringPrincipal,
        List<String> operations, Map<String, String> contextEquals, Map<String, String> contextSubset,
        String issuingAccount, Instant creationDate) implements KeyEvent {
}
