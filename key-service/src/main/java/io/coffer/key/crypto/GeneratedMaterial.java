package io.coffer.key.crypto;

import io.coffer.kernel.SecretBytes;

/**
 * Fresh key material: {@code secret} is the AES or HMAC key, or the PKCS#8 private key of an asymmetric spec;
 * {@code publicKey} is the DER SubjectPublicKeyInfo of an asymmetric spec, else null. The holder destroys the
 * secret once it is wrapped.
 */
public record GeneratedMaterial(SecretBytes secret, byte[] publicKey) {
}
