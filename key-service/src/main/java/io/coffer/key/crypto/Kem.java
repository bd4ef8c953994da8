package io.coffer.key.crypto;

import io.coffer.kernel.SecretBytes;
import io.coffer.kernel.SecretKeyAccess;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMExtractor;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMGenerator;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPrivateKeyParameters;
import org.bouncycastle.pqc.crypto.util.PrivateKeyFactory;
import org.bouncycastle.pqc.crypto.util.PublicKeyFactory;

/**
 * KMS's EncapsulationAlgorithmSpec ML_KEM (FIPS 203): Encapsulate makes a 32-byte shared secret and its
 * ciphertext under the key's public key; Decapsulate recovers the secret with the private key.
 */
public final class Kem {

    public static final String ML_KEM = "ML_KEM";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A shared secret and the ciphertext that carries it. */
    public record Encapsulated(byte[] sharedSecret, byte[] ciphertext) {
    }

    private Kem() {
    }

    public static Encapsulated encapsulate(byte[] publicKey) {
        try {
            SecretWithEncapsulation made = new MLKEMGenerator(RANDOM).generateEncapsulated(
                    PublicKeyFactory.createKey(publicKey));
            return new Encapsulated(made.getSecret(), made.getEncapsulation());
        } catch (IOException e) {
            throw new IllegalStateException("stored ML-KEM public key is unreadable", e);
        }
    }

    /**
     * The secret in {@code ciphertext}. ML-KEM rejects implicitly: a changed ciphertext of the right length yields
     * an unrelated secret rather than an error.
     *
     * @throws InvalidCiphertextException if the ciphertext has the wrong length for the key
     */
    public static byte[] decapsulate(SecretBytes privateKey, byte[] ciphertext) {
        byte[] pkcs8 = privateKey.toByteArray(SecretKeyAccess.get());
        try {
            MLKEMExtractor extractor = new MLKEMExtractor((MLKEMPrivateKeyParameters) PrivateKeyFactory.createKey(
                    pkcs8));
            if (ciphertext.length != extractor.getEncapsulationLength()) {
                throw new InvalidCiphertextException();
            }
            return extractor.extractSecret(ciphertext);
        } catch (IOException e) {
            throw new IllegalStateException("stored ML-KEM private key is unreadable", e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }
}
