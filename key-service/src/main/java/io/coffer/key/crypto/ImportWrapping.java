package io.coffer.key.crypto;

import java.security.PrivateKey;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.RFC5649WrapEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * KMS's AlgorithmSpec for importing key material, by wire name: RSAES-OAEP of the material itself, or RSA-AES key
 * wrap (an RSAES-OAEP-encrypted 256-bit AES key, then the material wrapped under it with AES key wrap with padding,
 * RFC 5649), which carries material too long for RSA, such as private keys.
 */
public enum ImportWrapping {

    RSAES_OAEP_SHA_1(RsaOaep.RSAES_OAEP_SHA_1, false),
    RSAES_OAEP_SHA_256(RsaOaep.RSAES_OAEP_SHA_256, false),
    RSA_AES_KEY_WRAP_SHA_1(RsaOaep.RSAES_OAEP_SHA_1, true),
    RSA_AES_KEY_WRAP_SHA_256(RsaOaep.RSAES_OAEP_SHA_256, true);

    /** Every wrapping algorithm of the KMS API, including the two Coffer refuses (PKCS #1 v1.5, SM2). */
    public static final List<String> WIRE_VALUES = List.of("RSAES_PKCS1_V1_5", "RSAES_OAEP_SHA_1",
            "RSAES_OAEP_SHA_256", "RSA_AES_KEY_WRAP_SHA_1", "RSA_AES_KEY_WRAP_SHA_256", "SM2PKE");

    private final RsaOaep oaep;
    private final boolean aesKeyWrap;

    ImportWrapping(RsaOaep oaep, boolean aesKeyWrap) {
        this.oaep = oaep;
        this.aesKeyWrap = aesKeyWrap;
    }

    public static Optional<ImportWrapping> of(String wireName) {
        return Arrays.stream(values()).filter(w -> w.name().equals(wireName)).findFirst();
    }

    /**
     * The material inside {@code wrapped}; the caller wipes it when done.
     *
     * @throws InvalidCiphertextException if it was not wrapped to this key with this algorithm
     */
    public byte[] unwrap(PrivateKey wrappingKey, int wrappingKeyBits, byte[] wrapped) {
        if (!aesKeyWrap) {
            return oaep.decrypt(wrappingKey, wrapped);
        }
        int rsaBytes = wrappingKeyBits / 8;
        if (wrapped.length <= rsaBytes) {
            throw new InvalidCiphertextException();
        }
        byte[] aesKey = oaep.decrypt(wrappingKey, Arrays.copyOf(wrapped, rsaBytes));
        try {
            if (aesKey.length != 32) {
                throw new InvalidCiphertextException();
            }
            RFC5649WrapEngine engine = new RFC5649WrapEngine(AESEngine.newInstance());
            engine.init(false, new KeyParameter(aesKey));
            return engine.unwrap(wrapped, rsaBytes, wrapped.length - rsaBytes);
        } catch (InvalidCipherTextException e) {
            throw new InvalidCiphertextException();
        } finally {
            Arrays.fill(aesKey, (byte) 0);
        }
    }
}
