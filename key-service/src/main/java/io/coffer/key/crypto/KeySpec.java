package io.coffer.key.crypto;

import io.coffer.kernel.SecretBytes;
import io.coffer.kernel.SecretKeyAccess;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;

/**
 * The AWS KMS key specs Coffer makes keys of, by wire name: the material a key of the spec holds, the key usages it
 * may be created with, and the algorithms each usage offers (in the order KMS lists them in KeyMetadata).
 */
public enum KeySpec {

    SYMMETRIC_DEFAULT(Family.AES, null, 32, List.of(KeyUsage.ENCRYPT_DECRYPT)),
    RSA_2048(Family.RSA, null, 2048, List.of(KeyUsage.ENCRYPT_DECRYPT, KeyUsage.SIGN_VERIFY)),
    RSA_3072(Family.RSA, null, 3072, List.of(KeyUsage.ENCRYPT_DECRYPT, KeyUsage.SIGN_VERIFY)),
    RSA_4096(Family.RSA, null, 4096, List.of(KeyUsage.ENCRYPT_DECRYPT, KeyUsage.SIGN_VERIFY)),
    ECC_NIST_P256(Family.EC, "secp256r1", 256, List.of(KeyUsage.SIGN_VERIFY, KeyUsage.KEY_AGREEMENT)),
    ECC_NIST_P384(Family.EC, "secp384r1", 384, List.of(KeyUsage.SIGN_VERIFY, KeyUsage.KEY_AGREEMENT)),
    ECC_NIST_P521(Family.EC, "secp521r1", 521, List.of(KeyUsage.SIGN_VERIFY, KeyUsage.KEY_AGREEMENT)),
    ECC_SECG_P256K1(Family.EC, "secp256k1", 256, List.of(KeyUsage.SIGN_VERIFY)),
    HMAC_224(Family.HMAC, null, 28, List.of(KeyUsage.GENERATE_VERIFY_MAC)),
    HMAC_256(Family.HMAC, null, 32, List.of(KeyUsage.GENERATE_VERIFY_MAC)),
    HMAC_384(Family.HMAC, null, 48, List.of(KeyUsage.GENERATE_VERIFY_MAC)),
    HMAC_512(Family.HMAC, null, 64, List.of(KeyUsage.GENERATE_VERIFY_MAC)),
    ML_DSA_44(Family.ML_DSA, "ML-DSA-44", 0, List.of(KeyUsage.SIGN_VERIFY)),
    ML_DSA_65(Family.ML_DSA, "ML-DSA-65", 0, List.of(KeyUsage.SIGN_VERIFY)),
    ML_DSA_87(Family.ML_DSA, "ML-DSA-87", 0, List.of(KeyUsage.SIGN_VERIFY)),
    ECC_NIST_EDWARDS25519(Family.ED25519, "Ed25519", 0, List.of(KeyUsage.SIGN_VERIFY)),
    ML_KEM_512(Family.ML_KEM, "ML-KEM-512", 0, List.of(KeyUsage.ENCAPSULATE_DECAPSULATE)),
    ML_KEM_768(Family.ML_KEM, "ML-KEM-768", 0, List.of(KeyUsage.ENCAPSULATE_DECAPSULATE)),
    ML_KEM_1024(Family.ML_KEM, "ML-KEM-1024", 0, List.of(KeyUsage.ENCAPSULATE_DECAPSULATE));

    /** How a spec's material is made and read. */
    private enum Family {
        AES, HMAC, RSA, EC, ED25519, ML_DSA, ML_KEM
    }

    /** Every KeySpec value of the KMS API, including those Coffer does not make (for the enum error message). */
    public static final List<String> WIRE_VALUES = List.of("RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256",
            "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1", "SYMMETRIC_DEFAULT", "HMAC_224", "HMAC_256",
            "HMAC_384", "HMAC_512", "SM2", "ML_DSA_44", "ML_DSA_65", "ML_DSA_87", "ECC_NIST_EDWARDS25519",
            "ML_KEM_512", "ML_KEM_768", "ML_KEM_1024");

    private final Family family;
    private final String parameter;
    private final int size;
    private final List<KeyUsage> usages;

    KeySpec(Family family, String parameter, int size, List<KeyUsage> usages) {
        this.family = family;
        this.parameter = parameter;
        this.size = size;
        this.usages = usages;
    }

    /** The spec of a wire name, if Coffer makes keys of it. */
    public static Optional<KeySpec> of(String wireName) {
        return Arrays.stream(values()).filter(s -> s.name().equals(wireName)).findFirst();
    }

    public boolean allows(KeyUsage usage) {
        return usages.contains(usage);
    }

    public boolean symmetric() {
        return family == Family.AES;
    }

    public boolean asymmetric() {
        return family == Family.RSA || family == Family.EC || family == Family.ED25519 || family == Family.ML_DSA
                || family == Family.ML_KEM;
    }

    public boolean hmac() {
        return family == Family.HMAC;
    }

    /** RSA modulus bits, EC field bits; 0 for the others. */
    public int bits() {
        return family == Family.RSA || family == Family.EC ? size : 0;
    }

    /** KeyMetadata.EncryptionAlgorithms of a key of this spec and usage. */
    public List<String> encryptionAlgorithms(KeyUsage usage) {
        if (usage != KeyUsage.ENCRYPT_DECRYPT) {
            return List.of();
        }
        return family == Family.AES ? List.of("SYMMETRIC_DEFAULT") : RsaOaep.WIRE_NAMES;
    }

    /** KeyMetadata.SigningAlgorithms of a key of this spec and usage. */
    public List<SigningAlgorithm> signingAlgorithms(KeyUsage usage) {
        return usage == KeyUsage.SIGN_VERIFY ? SigningAlgorithm.of(this) : List.of();
    }

    /** KeyMetadata.MacAlgorithms of a key of this spec and usage. */
    public List<MacAlgorithm> macAlgorithms(KeyUsage usage) {
        return usage == KeyUsage.GENERATE_VERIFY_MAC ? List.of(MacAlgorithm.of(this)) : List.of();
    }

    /** KeyMetadata.KeyAgreementAlgorithms of a key of this spec and usage. */
    public List<String> keyAgreementAlgorithms(KeyUsage usage) {
        return usage == KeyUsage.KEY_AGREEMENT ? List.of(KeyAgreement.ECDH) : List.of();
    }

    /** Whether customers may import material of this spec (the rest have no import format KMS takes). */
    public boolean importable() {
        return family == Family.AES || family == Family.HMAC || family == Family.RSA || family == Family.EC;
    }

    /** KeyMetadata.EncapsulationAlgorithms of a key of this spec and usage. */
    public List<String> encapsulationAlgorithms(KeyUsage usage) {
        return usage == KeyUsage.ENCAPSULATE_DECAPSULATE ? List.of(Kem.ML_KEM) : List.of();
    }

    /** Whether the deprecated CustomerMasterKeySpec has this spec (it never got the post-quantum ones). */
    public boolean hasCustomerMasterKeySpec() {
        return family != Family.ML_DSA && family != Family.ML_KEM && family != Family.ED25519;
    }

    /** New random material of this spec. */
    public GeneratedMaterial generate() {
        if (family == Family.AES || family == Family.HMAC) {
            return new GeneratedMaterial(SecretBytes.random(size), null);
        }
        KeyPair pair = generateKeyPair();
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        return new GeneratedMaterial(SecretBytes.takeOver(pkcs8, SecretKeyAccess.get()),
                pair.getPublic().getEncoded());
    }

    /** A new key pair of this asymmetric spec, as GenerateDataKeyPair also makes. */
    public KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm(), Providers.BC);
            AlgorithmParameterSpec parameters = switch (family) {
                case RSA -> new RSAKeyGenParameterSpec(size, RSAKeyGenParameterSpec.F4);
                case EC -> new ECGenParameterSpec(parameter);
                default -> null;
            };
            if (parameters != null) {
                generator.initialize(parameters);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + name() + " key pair", e);
        }
    }

    /** The private key of this spec's PKCS#8 {@code material}; the material itself is not kept. */
    public PrivateKey privateKey(SecretBytes material) {
        byte[] pkcs8 = material.toByteArray(SecretKeyAccess.get());
        try {
            return KeyFactory.getInstance(algorithm(), Providers.BC).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(name() + " material is not a PKCS #8 private key", e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /**
     * A DER SubjectPublicKeyInfo as a public key of this spec's family.
     *
     * @throws IllegalArgumentException if it is not one, or not on this spec's curve
     */
    public PublicKey publicKey(byte[] der) {
        try {
            PublicKey key = KeyFactory.getInstance(algorithm(), Providers.BC).generatePublic(
                    new X509EncodedKeySpec(der));
            if (family == Family.EC && !namesCurve(der)) {
                throw new IllegalArgumentException("the public key does not name the " + parameter + " curve");
            }
            return key;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not a DER-encoded " + algorithm() + " public key", e);
        }
    }

    /**
     * Whether the key's algorithm parameters are this spec's named curve. Explicit parameters are refused even when
     * they describe the same curve: they can change the cofactor, order or generator (Wycheproof's ECDH vectors), and
     * RFC 5480 says a key names its curve.
     */
    private boolean namesCurve(byte[] der) {
        try {
            ASN1Encodable parameters = SubjectPublicKeyInfo.getInstance(der).getAlgorithm().getParameters();
            return parameters instanceof ASN1ObjectIdentifier oid && oid.equals(ECNamedCurveTable.getOID(parameter));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Checks imported material against this spec and returns the public key that goes with it (null for AES and
     * HMAC): a 256-bit AES key, an HMAC key of the lengths KMS takes, or a PKCS #8 private key of this size or curve.
     *
     * @throws IllegalArgumentException if the material does not fit this spec
     */
    public byte[] checkImported(SecretBytes material) {
        switch (family) {
            case AES -> {
                if (material.size() != size) {
                    throw new IllegalArgumentException("SYMMETRIC_DEFAULT key material must be 256 bits");
                }
                return null;
            }
            case HMAC -> {
                int max = size <= 32 ? 64 : 128;
                if (material.size() < size || material.size() > max) {
                    throw new IllegalArgumentException(name() + " key material must be " + size + " to " + max
                            + " bytes");
                }
                return null;
            }
            case RSA -> {
                if (!(privateKey(material) instanceof java.security.interfaces.RSAPrivateCrtKey rsa)
                        || rsa.getModulus().bitLength() != size) {
                    throw new IllegalArgumentException("the material is not an RSA " + size + "-bit private key");
                }
                try {
                    return KeyFactory.getInstance("RSA", Providers.BC).generatePublic(
                            new java.security.spec.RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()))
                            .getEncoded();
                } catch (GeneralSecurityException e) {
                    throw new IllegalArgumentException("the RSA private key has no public key", e);
                }
            }
            case EC -> {
                if (!(privateKey(material) instanceof org.bouncycastle.jce.interfaces.ECPrivateKey ec)
                        || ec.getParameters() == null || !ec.getParameters().getCurve().equals(
                                org.bouncycastle.jce.ECNamedCurveTable.getParameterSpec(parameter).getCurve())) {
                    throw new IllegalArgumentException("the material is not a private key on " + parameter);
                }
                try {
                    return KeyFactory.getInstance("EC", Providers.BC).generatePublic(
                            new org.bouncycastle.jce.spec.ECPublicKeySpec(
                                    ec.getParameters().getG().multiply(ec.getD()).normalize(), ec.getParameters()))
                            .getEncoded();
                } catch (GeneralSecurityException e) {
                    throw new IllegalArgumentException("the EC private key has no public key", e);
                }
            }
            default -> throw new IllegalArgumentException(name() + " key material cannot be imported");
        }
    }

    private String algorithm() {
        return switch (family) {
            case RSA -> "RSA";
            case EC -> "EC";
            case ED25519, ML_DSA, ML_KEM -> parameter;
            default -> throw new IllegalStateException(name() + " is not an asymmetric spec");
        };
    }
}
