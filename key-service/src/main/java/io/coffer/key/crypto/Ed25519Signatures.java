package io.coffer.key.crypto;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 (RFC 8032) as KMS offers it: pure Ed25519 over the message, or Ed25519ph over its SHA-512 prehash, both
 * with an empty context. Bouncy Castle's RFC 8032 code, which takes a prehash directly.
 */
final class Ed25519Signatures {

    private static final byte[] NO_CONTEXT = new byte[0];

    private Ed25519Signatures() {
    }

    static byte[] sign(PrivateKey key, boolean prehashed, byte[] input) {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        try {
            Ed25519PrivateKeyParameters secret = (Ed25519PrivateKeyParameters) PrivateKeyFactory.createKey(
                    key.getEncoded());
            secret.sign(prehashed ? Ed25519.Algorithm.Ed25519ph : Ed25519.Algorithm.Ed25519,
                    prehashed ? NO_CONTEXT : null, input, 0, input.length, signature, 0);
            return signature;
        } catch (IOException e) {
            throw new IllegalStateException("stored Ed25519 material is unreadable", e);
        }
    }

    static boolean verify(PublicKey key, boolean prehashed, byte[] input, byte[] signature) {
        if (signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        try {
            Ed25519PublicKeyParameters pub = (Ed25519PublicKeyParameters) PublicKeyFactory.createKey(key.getEncoded());
            return pub.verify(prehashed ? Ed25519.Algorithm.Ed25519ph : Ed25519.Algorithm.Ed25519,
                    prehashed ? NO_CONTEXT : null, input, 0, input.length, signature, 0);
        } catch (IOException e) {
            throw new IllegalStateException("stored Ed25519 public key is unreadable", e);
        }
    }
}
