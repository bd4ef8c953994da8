package io.coffer.key.crypto;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one JCA provider of the asymmetric primitives: Bouncy Castle, passed by instance rather than installed, so
 * secp256k1 and ML-DSA (which the JDK lacks) and the raw-digest signature forms behave the same for every spec.
 */
final class Providers {

    static final Provider BC = new BouncyCastleProvider();

    private Providers() {
    }
}
