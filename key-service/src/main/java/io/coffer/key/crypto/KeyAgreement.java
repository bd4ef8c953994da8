package io.coffer.key.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * KMS's KeyAgreementAlgorithmSpec ECDH: the raw shared secret (the x-coordinate of the shared point, SEC 1 §3.3.1),
 * as DeriveSharedSecret returns it, for the caller to put through a KDF.
 */
public final class KeyAgreement {

    public static final String ECDH = "ECDH";

    private KeyAgreement() {
    }

    public static byte[] ecdh(PrivateKey own, PublicKey peer) {
        try {
            javax.crypto.KeyAgreement agreement = javax.crypto.KeyAgreement.getInstance("ECDH", Providers.BC);
            agreement.init(own);
            agreement.doPhase(peer, true);
            return agreement.generateSecret();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDH failed", e);
        }
    }
}

