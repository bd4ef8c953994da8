package io.coffer.events.contract;

import java.time.Instant;

/**
 * ImportKeyMaterial gave an EXTERNAL key its material. {@code materialFingerprint} (a SHA-256 over the key ID and
 * the material) lets a later import prove it is the same material; {@code validTo} is null when it never expires.
 */
public record KeyMaterialImported(String materialFingerprint, String expirationModel, Instant validTo,
        Instant importDate) implements KeyEvent {
}
