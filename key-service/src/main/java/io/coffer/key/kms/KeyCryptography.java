package io.coffer.key.kms;

import static io.coffer.key.kms.RequestChecks.dryRun;
import static io.coffer.key.kms.RequestChecks.refuseRecipient;
import static io.coffer.key.kms.RequestChecks.required;
import static io.coffer.key.kms.RequestChecks.requireSymmetric;
import static io.coffer.key.kms.RequestChecks.requireUsage;

import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.coffer.kernel.EncryptionContext;
import io.coffer.key.crypto.CiphertextBlob;
import io.coffer.key.crypto.InvalidCiphertextException;
import io.coffer.key.crypto.KeyCipher;
import io.coffer.key.crypto.KeySpec;
import io.coffer.key.crypto.KeyUsage;
import io.coffer.key.crypto.RsaOaep;
import io.coffer.key.keys.KeyMaterialVault;
import io.coffer.key.keys.KeyProjector;
import io.coffer.key.keys.KeyResolver;
import io.coffer.key.keys.KeyState;
import io.coffer.key.keys.KeyStatus;
import io.coffer.key.keys.KmsErrors;
import io.coffer.key.kms.KmsShapes.DecryptRequest;
import io.coffer.key.kms.KmsShapes.DecryptResponse;
import io.coffer.key.kms.KmsShapes.EncryptRequest;
import io.coffer.key.kms.KmsShapes.EncryptResponse;
import io.coffer.key.kms.KmsShapes.GenerateDataKeyPairRequest;
import io.coffer.key.kms.KmsShapes.GenerateDataKeyPairResponse;
import io.coffer.key.kms.KmsShapes.GenerateDataKeyRequest;
import io.coffer.key.kms.KmsShapes.GenerateDataKeyResponse;
import io.coffer.key.kms.KmsShapes.GenerateRandomRequest;
import io.coffer.key.kms.KmsShapes.GenerateRandomResponse;
import io.coffer.key.kms.KmsShapes.ReEncryptRequest;
import io.coffer.key.kms.KmsShapes.ReEncryptResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The encryption operations: symmetric keys seal into key-service's own blob format, RSA keys use RSAES-OAEP with
 * the blob being the raw RSA ciphertext (so OpenSSL or the JDK can encrypt to the public key). They change
 * nothing, so they run without a transaction.
 */
@ApplicationScoped
public class KeyCryptography {

    static final String SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";
    private static final int MAX_PLAINTEXT = 4096;
    private static final int MAX_CIPHERTEXT = 6144;
    /** AWS's EncryptionAlgorithmSpec values. */
    private static final List<String> ALGORITHMS = List.of(SYMMETRIC_DEFAULT, "RSAES_OAEP_SHA_1",
            "RSAES_OAEP_SHA_256", "SM2PKE");
    /** AWS's DataKeyPairSpec values; all but SM2 and Ed25519 are made. */
    private static final List<String> KEY_PAIR_SPECS = List.of("RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256",
            "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1", "SM2", "ECC_NIST_EDWARDS25519", "ML_KEM_512",
            "ML_KEM_768", "ML_KEM_1024");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyResolver resolver;
    private final ManagedKeyLookup managedKeys;
    private final KeyProjector keys;
    private final KeyMaterialVault vault;

    public KeyCryptography(KeyResolver resolver, ManagedKeyLookup managedKeys, KeyProjector keys,
            KeyMaterialVault vault) {
        this.resolver = resolver;
        this.managedKeys = managedKeys;
        this.keys = keys;
        this.vault = vault;
    }

    public EncryptResponse encrypt(Caller caller, EncryptRequest request) {
        validAlgorithm("encryptionAlgorithm", request.encryptionAlgorithm());
        byte[] plaintext = required(request.plaintext(), "plaintext", MAX_PLAINTEXT);
        KeyState key = resolver.usable(caller, "kms:Encrypt", managedKeys.resolve(caller, request.keyId(),
                request.encryptionContext()), request.encryptionContext());
        String algorithm = encryptionAlgorithm(key, request.encryptionAlgorithm(), "kms:Encrypt");
        dryRun(request.dryRun());
        return new EncryptResponse(seal(key, algorithm, plaintext, request.encryptionContext()), key.arn(),
                algorithm);
    }

    public DecryptResponse decrypt(Caller caller, DecryptRequest request) {
        validAlgorithm("encryptionAlgorithm", request.encryptionAlgorithm());
        refuseRecipient(request.recipient());
        Opened opened = open(caller, "kms:Decrypt", request.ciphertextBlob(), request.keyId(),
                request.encryptionContext(), request.encryptionAlgorithm(), request.dryRun());
        return new DecryptResponse(opened.key.arn(), opened.plaintext, opened.algorithm, opened.materialId);
    }

    public ReEncryptResponse reEncrypt(Caller caller, ReEncryptRequest request) {
        validAlgorithm("sourceEncryptionAlgorithm", request.sourceEncryptionAlgorithm());
        validAlgorithm("destinationEncryptionAlgorithm", request.destinationEncryptionAlgorithm());
        KeyState destination = resolver.usable(caller, "kms:ReEncryptTo", managedKeys.resolve(caller,
                request.destinationKeyId(), request.destinationEncryptionContext()),
                request.destinationEncryptionContext());
        // KMS judges the source before the destination's usage (IncorrectKeyException first), so the source is
        // opened first; a DryRun stops only once both passed, its plaintext zeroed like any other
        Opened opened = open(caller, "kms:ReEncryptFrom", request.ciphertextBlob(), request.sourceKeyId(),
                request.sourceEncryptionContext(), request.sourceEncryptionAlgorithm(), null);
        try {
            String destinationAlgorithm = encryptionAlgorithm(destination, request.destinationEncryptionAlgorithm(),
                    "kms:ReEncryptTo");
            dryRun(request.dryRun());
            byte[] blob = seal(destination, destinationAlgorithm, opened.plaintext,
                    request.destinationEncryptionContext());
            return new ReEncryptResponse(blob, opened.key.arn(), destination.arn(), opened.algorithm,
                    destinationAlgorithm);
        } finally {
            Arrays.fill(opened.plaintext, (byte) 0);
        }
    }

    public GenerateDataKeyResponse generateDataKey(Caller caller, GenerateDataKeyRequest request) {
        refuseRecipient(request.recipient());
        int bytes = dataKeyLength(request.keySpec(), request.numberOfBytes());
        KeyState key = dataKeyKey(caller, "kms:GenerateDataKey", request.keyId(), request.encryptionContext());
        dryRun(request.dryRun());
        byte[] dataKey = new byte[bytes];
        RANDOM.nextBytes(dataKey);
        // the plaintext data key goes to the caller (that is the operation) and is not kept here
        return new GenerateDataKeyResponse(seal(key, dataKey, context(request.encryptionContext())), dataKey,
                key.arn());
    }

    public GenerateDataKeyResponse generateDataKeyWithoutPlaintext(Caller caller, GenerateDataKeyRequest request) {
        int bytes = dataKeyLength(request.keySpec(), request.numberOfBytes());
        KeyState key = dataKeyKey(caller, "kms:GenerateDataKeyWithoutPlaintext", request.keyId(),
                request.encryptionContext());
        dryRun(request.dryRun());
        byte[] dataKey = new byte[bytes];
        RANDOM.nextBytes(dataKey);
        try {
            return new GenerateDataKeyResponse(seal(key, dataKey, context(request.encryptionContext())), null,
                    key.arn());
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    public GenerateDataKeyPairResponse generateDataKeyPair(Caller caller, GenerateDataKeyPairRequest request) {
        refuseRecipient(request.recipient());
        return dataKeyPair(caller, "kms:GenerateDataKeyPair", request, true);
    }

    public GenerateDataKeyPairResponse generateDataKeyPairWithoutPlaintext(Caller caller,
            GenerateDataKeyPairRequest request) {
        return dataKeyPair(caller, "kms:GenerateDataKeyPairWithoutPlaintext", request, false);
    }

    /** A key pair whose private key is sealed under a symmetric KMS key; the plaintext private key is PKCS#8. */
    private GenerateDataKeyPairResponse dataKeyPair(Caller caller, String action, GenerateDataKeyPairRequest request,
            boolean withPlaintext) {
        KeySpec pairSpec = keyPairSpec(request.keyPairSpec());
        KeyState key = dataKeyKey(caller, action, request.keyId(), request.encryptionContext());
        dryRun(request.dryRun());
        KeyPair pair = pairSpec.generateKeyPair();
        byte[] privateKey = pair.getPrivate().getEncoded();
        try {
            byte[] sealed = seal(key, privateKey, context(request.encryptionContext()));
            return new GenerateDataKeyPairResponse(sealed, withPlaintext ? privateKey.clone() : null,
                    pair.getPublic().getEncoded(), key.arn(), pairSpec.name(),
                    key.materialId(key.currentMaterialVersion()));
        } finally {
            Arrays.fill(privateKey, (byte) 0);
        }
    }

    public GenerateRandomResponse generateRandom(Caller caller, GenerateRandomRequest request) {
        refuseRecipient(request.recipient());
        if (request.customKeyStoreId() != null) {
            throw KmsErrors.unsupported("Custom key stores are not supported");
        }
        if (request.numberOfBytes() == null) {
            throw KmsErrors.validation("NumberOfBytes is required.");
        }
        int bytes = request.numberOfBytes();
        if (bytes < 1 || bytes > 1024) {
            throw KmsErrors.range("numberOfBytes", bytes, 1, 1024);
        }
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return new GenerateRandomResponse(random);
    }

    private KeyState dataKeyKey(Caller caller, String action, String keyId, Map<String, String> context) {
        KeyState key = resolver.usable(caller, action, managedKeys.resolve(caller, keyId, context), context);
        requireSymmetric(key);
        return key;
    }

    /** What a blob opened to; {@code materialId} names the symmetric material version that sealed it. */
    private record Opened(KeyState key, byte[] plaintext, String algorithm, String materialId) {
    }

    /**
     * Decrypts a blob: an RSA key's raw OAEP ciphertext when {@code keyId} names an asymmetric key (KMS requires the
     * key ID then), else key-service's own blob, which names its key.
     */
    private Opened open(Caller caller, String action, byte[] blobBytes, String keyId, Map<String, String> context,
            String algorithm, Boolean dryRun) {
        required(blobBytes, "ciphertextBlob", MAX_CIPHERTEXT);
        KeyState named = keyId == null ? null : resolver.resolve(caller, keyId, true);
        if (named != null && !named.spec().symmetric()) {
            return openAsymmetric(caller, action, named, blobBytes, context, algorithm, dryRun);
        }
        CiphertextBlob blob = CiphertextBlob.parse(blobBytes);
        KeyState key = keys.find(blob.keyId().toString())
                .filter(k -> k.accountId().equals(caller.accountId()))
                .flatMap(k -> inCallerRegion(caller, k))
                .orElseThrow(InvalidCiphertextException::new);
        try {
            if (named != null && !named.keyId().equals(key.keyId())) {
                throw KmsErrors.incorrectKey();
            }
            if (KeyStatus.DELETED.equals(key.keyState())) {
                throw new InvalidCiphertextException();
            }
            resolver.usable(caller, action, key, context);
            String used = encryptionAlgorithm(key, algorithm, action);
            dryRun(dryRun);
            EncryptionContext ec = context(context);
            byte[] plaintext = vault.withMaterial(key.keyId(), blob.materialVersion(),
                    material -> KeyCipher.decrypt(blob, material, ec));
            return new Opened(key, plaintext, used, key.materialId(blob.materialVersion()));
        } catch (AwsException e) {
            // the blob named its key: the refusal is on that key's trail
            throw e.resource(key.arn(), KmsErrors.KEY_RESOURCE);
        }
    }

    /**
     * The key that decrypts in the caller's region: the blob's own key, or, for a multi-Region key, the related key
     * of this region (they share material and key ID).
     */
    private Optional<KeyState> inCallerRegion(Caller caller, KeyState key) {
        if (key.region().equals(caller.region())) {
            return Optional.of(key);
        }
        return key.multiRegion() == null ? Optional.empty() : keys.findByArn("arn:aws:kms:" + caller.region() + ":"
                + key.accountId() + ":key/" + key.externalId());
    }

    private Opened openAsymmetric(Caller caller, String action, KeyState named, byte[] blob,
            Map<String, String> context, String algorithm, Boolean dryRun) {
        KeyState key = resolver.usable(caller, action, named, context);
        try {
            if (key.usage() != KeyUsage.ENCRYPT_DECRYPT) {
                throw KmsErrors.incorrectKey(); // KMS's answer to a KeyId that cannot decrypt anything
            }
            String used = encryptionAlgorithm(key, algorithm, action);
            refuseContext(context);
            dryRun(dryRun);
            RsaOaep oaep = RsaOaep.of(used).orElseThrow();
            byte[] plaintext = vault.withPrivateKey(key.keyId(), 1, key.spec(),
                    privateKey -> oaep.decrypt(privateKey, blob));
            return new Opened(key, plaintext, used, null);
        } catch (AwsException e) {
            throw e.resource(key.arn(), KmsErrors.KEY_RESOURCE);
        }
    }

    private byte[] seal(KeyState key, String algorithm, byte[] plaintext, Map<String, String> context) {
        if (key.spec().symmetric()) {
            return seal(key, plaintext, context(context));
        }
        refuseContext(context);
        RsaOaep oaep = RsaOaep.of(algorithm).orElseThrow();
        int max = oaep.maxPlaintext(key.spec().bits());
        if (plaintext.length > max) {
            throw KmsErrors.validation("Algorithm " + algorithm + " and key spec " + key.keySpec()
                    + " cannot encrypt data larger than " + max + " bytes.");
        }
        return oaep.encrypt(vault.publicKey(key.keyId(), 1, key.spec()), plaintext);
    }

    private byte[] seal(KeyState key, byte[] plaintext, EncryptionContext context) {
        int version = key.currentMaterialVersion();
        return vault.withMaterial(key.keyId(), version,
                material -> KeyCipher.encrypt(UUID.fromString(key.keyId()), version, material, plaintext, context))
                .toBytes();
    }

    /** RSA encryption has no associated data, so KMS takes no encryption context with it. */
    private static void refuseContext(Map<String, String> context) {
        if (context != null && !context.isEmpty()) {
            throw KmsErrors.validation("EncryptionContext is not supported with asymmetric KMS keys");
        }
    }

    private static EncryptionContext context(Map<String, String> context) {
        try {
            return EncryptionContext.of(context);
        } catch (IllegalArgumentException e) {
            throw KmsErrors.validation("Invalid encryption context: " + e.getMessage());
        }
    }

    private static void validAlgorithm(String member, String algorithm) {
        if (algorithm != null && !ALGORITHMS.contains(algorithm)) {
            throw KmsErrors.notInEnum(member, algorithm, ALGORITHMS);
        }
    }

    /**
     * The algorithm the call uses (SYMMETRIC_DEFAULT unless it names one), which the key's spec must offer; checked
     * once the key is found, as AWS reports NotFound before this.
     */
    private static String encryptionAlgorithm(KeyState key, String requested, String action) {
        requireUsage(key, KeyUsage.ENCRYPT_DECRYPT, action);
        String algorithm = requested == null ? SYMMETRIC_DEFAULT : requested;
        if (!key.spec().encryptionAlgorithms(KeyUsage.ENCRYPT_DECRYPT).contains(algorithm)) {
            throw KmsErrors.invalidKeyUsage("Algorithm " + algorithm + " is incompatible with key spec "
                    + key.keySpec() + ".");
        }
        return algorithm;
    }

    private static KeySpec keyPairSpec(String name) {
        required(name, "keyPairSpec");
        if (!KEY_PAIR_SPECS.contains(name)) {
            throw KmsErrors.notInEnum("keyPairSpec", name, KEY_PAIR_SPECS);
        }
        return KeySpec.of(name).filter(KeySpec::asymmetric)
                .orElseThrow(() -> KmsErrors.unsupported("KeyPairSpec " + name + " is not supported"));
    }

    private static int dataKeyLength(String keySpec, Integer numberOfBytes) {
        if ((keySpec == null) == (numberOfBytes == null)) {
            throw KmsErrors.validation("Please specify either number of bytes or key spec.");
        }
        if (keySpec != null) {
            return switch (keySpec) {
                case "AES_256" -> 32;
                case "AES_128" -> 16;
                default -> throw KmsErrors.notInEnum("keySpec", keySpec, List.of("AES_256", "AES_128"));
            };
        }
        if (numberOfBytes < 1 || numberOfBytes > 1024) {
            throw KmsErrors.range("numberOfBytes", numberOfBytes, 1, 1024);
        }
        return numberOfBytes;
    }
}
