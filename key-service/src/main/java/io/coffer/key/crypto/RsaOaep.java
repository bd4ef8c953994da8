package io.coffer.key.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * KMS's asymmetric EncryptionAlgorithmSpec values: RSAES-OAEP (PKCS #1 v2.2) with the same hash for OAEP and MGF1,
 * and an empty label, as OpenSSL's {@code -pkeyopt rsa_padding_mode:oaep} with matching digests makes.
 */
public enum RsaOaep {

    RSAES_OAEP_SHA_1("SHA-1", MGF1ParameterSpec.SHA1, 20),
    RSAES_OAEP_SHA_256("SHA-256", MGF1ParameterSpec.SHA256, 32);

    static final List<String> WIRE_NAMES = List.of(RSAES_OAEP_SHA_1.name(), RSAES_OAEP_SHA_256.name());

    private final String digest;
    private final MGF1ParameterSpec mgf;
    private final int digestBytes;

    RsaOaep(String digest, MGF1ParameterSpec mgf, int digestBytes) {
        this.digest = digest;
        this.mgf = mgf;
        this.digestBytes = digestBytes;
    }

    public static Optional<RsaOaep> of(String wireName) {
        return Arrays.stream(values()).filter(a -> a.name().equals(wireName)).findFirst();
    }

    /** The longest plaintext this algorithm encrypts under a key of {@code bits}: k − 2·hLen − 2. */
    public int maxPlaintext(int bits) {
        return bits / 8 - 2 * digestBytes - 2;
    }

    public byte[] encrypt(PublicKey key, byte[] plaintext) {
        try {
            Cipher cipher = cipher();
            cipher.init(Cipher.ENCRYPT_MODE, key, parameters());
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(name() + " cannot encrypt with this key", e);
        }
    }

    /** @throws InvalidCiphertextException if the ciphertext does not decrypt under this key and algorithm */
    public byte[] decrypt(PrivateKey key, byte[] ciphertext) {
        try {
            Cipher cipher = cipher();
            cipher.init(Cipher.DECRYPT_MODE, key, parameters());
            return cipher.doFinal(ciphertext);
        } catch (BadPaddingException | javax.crypto.IllegalBlockSizeException | ArrayIndexOutOfBoundsException
                | org.bouncycastle.crypto.DataLengthException e) {
            // DataLengthException: a ciphertext that is not below the modulus (Wycheproof "added n to c")
            throw new InvalidCiphertextException();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(name() + " cannot decrypt with this key", e);
        }
    }

    private static Cipher cipher() throws GeneralSecurityException {
        return Cipher.getInstance("RSA/NONE/OAEPPadding", Providers.BC);
    }

    private OAEPParameterSpec parameters() {
        return new OAEPParameterSpec(digest, "MGF1", mgf, PSource.PSpecified.DEFAULT);
    }
}
