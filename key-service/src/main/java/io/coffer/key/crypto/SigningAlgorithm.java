package io.coffer.key.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;

/**
 * KMS's SigningAlgorithmSpec, each as KMS defines it: RSASSA-PSS with MGF1 of the same hash and a salt as long as
 * the digest; RSASSA-PKCS1-v1_5 over the DigestInfo; ECDSA with DER-encoded signatures; pure ML-DSA (FIPS 204,
 * empty context) over the message or an external μ. A RAW message is hashed here; a DIGEST is signed as given.
 */
public enum SigningAlgorithm {

    RSASSA_PSS_SHA_256(Scheme.RSA_PSS, "SHA-256", NISTObjectIdentifiers.id_sha256),
    RSASSA_PSS_SHA_384(Scheme.RSA_PSS, "SHA-384", NISTObjectIdentifiers.id_sha384),
    RSASSA_PSS_SHA_512(Scheme.RSA_PSS, "SHA-512", NISTObjectIdentifiers.id_sha512),
    RSASSA_PKCS1_V1_5_SHA_256(Scheme.RSA_PKCS1, "SHA-256", NISTObjectIdentifiers.id_sha256),
    RSASSA_PKCS1_V1_5_SHA_384(Scheme.RSA_PKCS1, "SHA-384", NISTObjectIdentifiers.id_sha384),
    RSASSA_PKCS1_V1_5_SHA_512(Scheme.RSA_PKCS1, "SHA-512", NISTObjectIdentifiers.id_sha512),
    ECDSA_SHA_256(Scheme.ECDSA, "SHA-256", null),
    ECDSA_SHA_384(Scheme.ECDSA, "SHA-384", null),
    ECDSA_SHA_512(Scheme.ECDSA, "SHA-512", null),
    ML_DSA_SHAKE_256(Scheme.ML_DSA, null, null),
    ED25519_SHA_512(Scheme.ED25519, "SHA-512", null),
    ED25519_PH_SHA_512(Scheme.ED25519_PH, "SHA-512", null);

    /** Every SigningAlgorithmSpec value of the KMS API, including those Coffer has no key spec for. */
    public static final List<String> WIRE_VALUES = List.of("RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384",
            "RSASSA_PSS_SHA_512", "RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384",
            "RSASSA_PKCS1_V1_5_SHA_512", "ECDSA_SHA_256", "ECDSA_SHA_384", "ECDSA_SHA_512", "SM2_DSA",
            "ML_DSA_SHAKE_256", "ED25519_SHA_512", "ED25519_PH_SHA_512");

    /** The longest RAW message KMS signs. */
    public static final int MAX_MESSAGE = 4096;
    /** ML-DSA's μ is a 64-byte SHAKE256 output. */
    private static final int MU_BYTES = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private enum Scheme {
        RSA_PSS, RSA_PKCS1, ECDSA, ML_DSA, ED25519, ED25519_PH
    }

    private final Scheme scheme;
    private final String digest;
    private final ASN1ObjectIdentifier digestOid;

    SigningAlgorithm(Scheme scheme, String digest, ASN1ObjectIdentifier digestOid) {
        this.scheme = scheme;
        this.digest = digest;
        this.digestOid = digestOid;
    }

    public static Optional<SigningAlgorithm> of(String wireName) {
        return Arrays.stream(values()).filter(a -> a.name().equals(wireName)).findFirst();
    }

    /** The algorithms a signing key of {@code spec} offers, in KMS's order. */
    static List<SigningAlgorithm> of(KeySpec spec) {
        return switch (spec) {
            case RSA_2048, RSA_3072, RSA_4096 -> List.of(RSASSA_PSS_SHA_256, RSASSA_PSS_SHA_384, RSASSA_PSS_SHA_512,
                    RSASSA_PKCS1_V1_5_SHA_256, RSASSA_PKCS1_V1_5_SHA_384, RSASSA_PKCS1_V1_5_SHA_512);
            case ECC_NIST_P256, ECC_SECG_P256K1 -> List.of(ECDSA_SHA_256);
            case ECC_NIST_P384 -> List.of(ECDSA_SHA_384);
            case ECC_NIST_P521 -> List.of(ECDSA_SHA_512);
            case ML_DSA_44, ML_DSA_65, ML_DSA_87 -> List.of(ML_DSA_SHAKE_256);
            case ECC_NIST_EDWARDS25519 -> List.of(ED25519_SHA_512, ED25519_PH_SHA_512);
            default -> List.of();
        };
    }

    /**
     * The signature of {@code message} (or of the digest or μ it is, per {@code type}).
     *
     * @throws InvalidMessageException if the message has the wrong length or type for this algorithm
     */
    public byte[] sign(PrivateKey key, byte[] message, MessageType type) {
        checkMessage(message, type);
        if (scheme == Scheme.ED25519 || scheme == Scheme.ED25519_PH) {
            return Ed25519Signatures.sign(key, scheme == Scheme.ED25519_PH, edInput(message, type));
        }
        try {
            Signature signer = signature(type);
            signer.initSign(key, RANDOM);
            signer.update(scheme == Scheme.ML_DSA ? message : input(message, type));
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(name() + " cannot sign with this key", e);
        }
    }

    /**
     * Whether {@code signature} is this algorithm's signature of the message under {@code key}; a signature that is
     * not even well-formed is simply not valid.
     *
     * @throws InvalidMessageException if the message has the wrong length or type for this algorithm
     */
    public boolean verify(PublicKey key, byte[] message, MessageType type, byte[] signature) {
        checkMessage(message, type);
        if (scheme == Scheme.ED25519 || scheme == Scheme.ED25519_PH) {
            return Ed25519Signatures.verify(key, scheme == Scheme.ED25519_PH, edInput(message, type), signature);
        }
        try {
            Signature verifier = signature(type);
            verifier.initVerify(key);
            verifier.update(scheme == Scheme.ML_DSA ? message : input(message, type));
            return verifier.verify(signature);
        } catch (SignatureException | IllegalArgumentException e) {
            if (e instanceof InvalidMessageException invalid) {
                throw invalid;
            }
            return false;
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(name() + " cannot verify with this key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(name() + " is unavailable", e);
        }
    }

    /**
     * What Ed25519 signs: pure Ed25519 the RAW message itself (it takes no digest); Ed25519ph the SHA-512 prehash,
     * computed here from a RAW message or given as a DIGEST.
     */
    private byte[] edInput(byte[] message, MessageType type) {
        if (scheme == Scheme.ED25519) {
            if (type != MessageType.RAW) {
                throw new InvalidMessageException("ED25519_SHA_512 signs RAW messages only");
            }
            return message;
        }
        try {
            return input(message, type);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-512 is unavailable", e);
        }
    }

    /** The bytes the raw primitive signs: the digest for ECDSA and PSS, the DigestInfo for PKCS #1 v1.5. */
    private byte[] input(byte[] message, MessageType type) throws GeneralSecurityException {
        byte[] hash;
        if (type == MessageType.RAW) {
            hash = MessageDigest.getInstance(digest).digest(message);
        } else if (type == MessageType.DIGEST) {
            int length = MessageDigest.getInstance(digest).getDigestLength();
            if (message.length != length) {
                throw new InvalidMessageException("Digest is invalid length for algorithm " + name() + ".");
            }
            hash = message;
        } else {
            throw new InvalidMessageException("MessageType " + type + " is only for ML_DSA_SHAKE_256");
        }
        if (scheme != Scheme.RSA_PKCS1) {
            return hash;
        }
        try {
            return new DigestInfo(new AlgorithmIdentifier(digestOid, DERNull.INSTANCE), hash).getEncoded("DER");
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot encode a DigestInfo", e);
        }
    }

    private Signature signature(MessageType type) throws GeneralSecurityException {
        switch (scheme) {
            case RSA_PSS -> {
                Signature pss = Signature.getInstance("RAWRSASSA-PSS", Providers.BC);
                int saltLength = MessageDigest.getInstance(digest).getDigestLength();
                pss.setParameter(new PSSParameterSpec(digest, "MGF1", new MGF1ParameterSpec(digest), saltLength, 1));
                return pss;
            }
            case RSA_PKCS1 -> {
                return Signature.getInstance("NONEwithRSA", Providers.BC);
            }
            case ECDSA -> {
                return Signature.getInstance("NONEwithECDSA", Providers.BC);
            }
            default -> {
                if (type == MessageType.DIGEST) {
                    throw new InvalidMessageException("ML_DSA_SHAKE_256 signs a RAW message or an EXTERNAL_MU, "
                            + "not a DIGEST");
                }
                return Signature.getInstance(type == MessageType.EXTERNAL_MU ? "ML-DSA-EXTERNAL-MU" : "ML-DSA",
                        Providers.BC);
            }
        }
    }

    /** Refuses a message whose length or type this algorithm cannot take, before it reaches the primitive. */
    private void checkMessage(byte[] message, MessageType type) {
        if (type == MessageType.EXTERNAL_MU && (scheme != Scheme.ML_DSA || message.length != MU_BYTES)) {
            throw new InvalidMessageException(scheme != Scheme.ML_DSA
                    ? "MessageType EXTERNAL_MU is only for ML_DSA_SHAKE_256"
                    : "An EXTERNAL_MU message must be " + MU_BYTES + " bytes");
        }
        if (type == MessageType.RAW && message.length > MAX_MESSAGE) {
            throw new InvalidMessageException("A RAW message must be at most " + MAX_MESSAGE + " bytes");
        }
    }
}
