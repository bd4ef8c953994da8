package io.coffer.key.crypto;

import io.coffer.kernel.EncryptionContext;
import io.coffer.kernel.SecretBytes;
import io.coffer.kernel.SecretKeyAccess;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-256-GCM under a KMS key's material, with the blob header and encryption context as associated data. */
public final class KeyCipher {

    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyCipher() {
    }

    public static CiphertextBlob encrypt(UUID keyId, int materialVersion, SecretBytes material, byte[] plaintext,
            EncryptionContext context) {
        byte[] nonce = new byte[CiphertextBlob.NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        CiphertextBlob header = new CiphertextBlob(keyId, materialVersion, nonce, new byte[0]);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, material, nonce, header, context);
            return new CiphertextBlob(keyId, materialVersion, nonce, cipher.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** @throws InvalidCiphertextException if the blob, its header or the context do not authenticate */
    public static byte[] decrypt(CiphertextBlob blob, SecretBytes material, EncryptionContext context) {
        try {
            return cipher(Cipher.DECRYPT_MODE, material, blob.nonce(), blob, context).doFinal(blob.sealed());
        } catch (AEADBadTagException e) {
            throw new InvalidCiphertextException();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    private static Cipher cipher(int mode, SecretBytes material, byte[] nonce, CiphertextBlob header,
            EncryptionContext context) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] key = material.toByteArray(SecretKeyAccess.get());
        try {
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(CiphertextBlob.TAG_BYTES * 8, nonce));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        byte[] canonical = context.canonical();
        cipher.updateAAD(ByteBuffer.allocate(CiphertextBlob.HEADER_BYTES + canonical.length)
                .put(header.header()).put(canonical).array());
        return cipher;
    }
}
