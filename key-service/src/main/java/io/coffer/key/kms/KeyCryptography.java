package io.coffer.key.kms;

import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.coffer.kernel.EncryptionContext;
import io.coffer.key.crypto.CiphertextBlob;
import io.coffer.key.crypto.InvalidCiphertextException;
import io.coffer.key.crypto.KeyCipher;
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
import io.coffer.key.kms.KmsShapes.GenerateDataKeyRequest;
import io.coffer.key.kms.KmsShapes.GenerateDataKeyResponse;
import io.coffer.key.kms.KmsShapes.GenerateRandomRequest;
import io.coffer.key.kms.KmsShapes.GenerateRandomResponse;
import io.coffer.key.kms.KmsShapes.ReEncryptRequest;
import io.coffer.key.kms.KmsShapes.ReEncryptResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The cryptographic KMS operations. They change nothing, so they run without a transaction. */
@ApplicationScoped
public class KeyCryptography {

    static final String SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";
    private static final int MAX_PLAINTEXT = 4096;
    private static final int MAX_CIPHERTEXT = 6144;
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
        byte[] plaintext = request.plaintext();
        if (plaintext == null || plaintext.length < 1 || plaintext.length > MAX_PLAINTEXT) {
            throw KmsErrors.validation("1 validation error detected: Value at 'plaintext' failed to satisfy "
                    + "constraint: Member must have length between 1 and " + MAX_PLAINTEXT);
        }
        KeyState key = resolver.usable(caller, "kms:Encrypt", managedKeys.resolve(caller, request.keyId(),
                request.encryptionContext()), request.encryptionContext());
        usableWith(key, request.encryptionAlgorithm());
        return new EncryptResponse(seal(key, plaintext, context(request.encryptionContext())), key.arn(),
                SYMMETRIC_DEFAULT);
    }

    public DecryptResponse decrypt(Caller caller, DecryptRequest request) {
        validAlgorithm("encryptionAlgorithm", request.encryptionAlgorithm());
        Opened opened = open(caller, "kms:Decrypt", request.ciphertextBlob(), request.keyId(),
                request.encryptionContext(), request.encryptionAlgorithm());
        return new DecryptResponse(opened.key.arn(), opened.plaintext, SYMMETRIC_DEFAULT);
    }

    public ReEncryptResponse reEncrypt(Caller caller, ReEncryptRequest request) {
        validAlgorithm("sourceEncryptionAlgorithm", request.sourceEncryptionAlgorithm());
        validAlgorithm("destinationEncryptionAlgorithm", request.destinationEncryptionAlgorithm());
        KeyState destination = resolver.usable(caller, "kms:ReEncryptTo", managedKeys.resolve(caller,
                request.destinationKeyId(), request.destinationEncryptionContext()),
                request.destinationEncryptionContext());
        usableWith(destination, request.destinationEncryptionAlgorithm());
        Opened opened = open(caller, "kms:ReEncryptFrom", request.ciphertextBlob(), request.sourceKeyId(),
                request.sourceEncryptionContext(), request.sourceEncryptionAlgorithm());
        try {
            byte[] blob = seal(destination, opened.plaintext, context(request.destinationEncryptionContext()));
            return new ReEncryptResponse(blob, opened.key.arn(), destination.arn(), SYMMETRIC_DEFAULT,
                    SYMMETRIC_DEFAULT);
        } finally {
            Arrays.fill(opened.plaintext, (byte) 0);
        }
    }

    public GenerateDataKeyResponse generateDataKey(Caller caller, GenerateDataKeyRequest request) {
        int bytes = dataKeyLength(request.keySpec(), request.numberOfBytes());
        KeyState key = resolver.usable(caller, "kms:GenerateDataKey", managedKeys.resolve(caller, request.keyId(),
                request.encryptionContext()), request.encryptionContext());
        byte[] dataKey = new byte[bytes];
        RANDOM.nextBytes(dataKey);
        // the plaintext data key goes to the caller (that is the operation) and is not kept here
        return new GenerateDataKeyResponse(seal(key, dataKey, context(request.encryptionContext())), dataKey,
                key.arn());
    }

    public GenerateDataKeyResponse generateDataKeyWithoutPlaintext(Caller caller, GenerateDataKeyRequest request) {
        int bytes = dataKeyLength(request.keySpec(), request.numberOfBytes());
        KeyState key = resolver.usable(caller, "kms:GenerateDataKeyWithoutPlaintext", managedKeys.resolve(caller,
                request.keyId(), request.encryptionContext()), request.encryptionContext());
        byte[] dataKey = new byte[bytes];
        RANDOM.nextBytes(dataKey);
        try {
            return new GenerateDataKeyResponse(seal(key, dataKey, context(request.encryptionContext())), null,
                    key.arn());
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    public GenerateRandomResponse generateRandom(Caller caller, GenerateRandomRequest request) {
        if (request.customKeyStoreId() != null) {
            throw KmsErrors.unsupported("Custom key stores are not supported");
        }
        int bytes = request.numberOfBytes() == null ? -1 : request.numberOfBytes();
        if (bytes < 1 || bytes > 1024) {
            throw KmsErrors.validation("1 validation error detected: Value at 'numberOfBytes' failed to satisfy "
                    + "constraint: Member must have value between 1 and 1024");
        }
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return new GenerateRandomResponse(random);
    }

    private record Opened(KeyState key, byte[] plaintext) {
    }

    private Opened open(Caller caller, String action, byte[] blobBytes, String expectedKeyId,
            Map<String, String> context, String algorithm) {
        if (blobBytes == null || blobBytes.length < 1 || blobBytes.length > MAX_CIPHERTEXT) {
            throw KmsErrors.validation("1 validation error detected: Value at 'ciphertextBlob' failed to satisfy "
                    + "constraint: Member must have length between 1 and " + MAX_CIPHERTEXT);
        }
        CiphertextBlob blob = CiphertextBlob.parse(blobBytes);
        KeyState key = keys.find(blob.keyId().toString())
                .filter(k -> k.accountId().equals(caller.accountId()) && k.region().equals(caller.region()))
                .orElseThrow(InvalidCiphertextException::new);
        try {
            if (expectedKeyId != null && !resolver.resolve(caller, expectedKeyId, true).keyId().equals(key.keyId())) {
                throw KmsErrors.incorrectKey();
            }
            if (KeyStatus.DELETED.equals(key.keyState())) {
                throw new InvalidCiphertextException();
            }
            resolver.usable(caller, action, key, context);
            usableWith(key, algorithm);
            EncryptionContext ec = context(context);
            byte[] plaintext = vault.withMaterial(key.keyId(), blob.materialVersion(),
                    material -> KeyCipher.decrypt(blob, material, ec));
            return new Opened(key, plaintext);
        } catch (AwsException e) {
            // the blob named its key: the refusal is on that key's trail
            throw e.resource(key.arn(), KmsErrors.KEY_RESOURCE);
        }
    }

    private byte[] seal(KeyState key, byte[] plaintext, EncryptionContext context) {
        int version = key.currentMaterialVersion();
        return vault.withMaterial(key.keyId(), version,
                material -> KeyCipher.encrypt(UUID.fromString(key.keyId()), version, material, plaintext, context))
                .toBytes();
    }

    private static EncryptionContext context(Map<String, String> context) {
        try {
            return EncryptionContext.of(context);
        } catch (IllegalArgumentException e) {
            throw KmsErrors.validation("Invalid encryption context: " + e.getMessage());
        }
    }

    /** AWS's EncryptionAlgorithmSpec: only SYMMETRIC_DEFAULT suits the symmetric keys this KMS makes. */
    private static final Set<String> ALGORITHMS = Set.of(SYMMETRIC_DEFAULT, "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256",
            "SM2PKE");

    private static void validAlgorithm(String member, String algorithm) {
        if (algorithm != null && !ALGORITHMS.contains(algorithm)) {
            throw KmsErrors.validation("1 validation error detected: Value '" + algorithm + "' at '" + member
                    + "' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, SM2PKE]");
        }
    }

    /** A valid algorithm the key cannot use: the key is found first, as AWS reports NotFound before this. */
    private static void usableWith(KeyState key, String algorithm) {
        if (algorithm != null && !SYMMETRIC_DEFAULT.equals(algorithm)) {
            throw AwsException.client("InvalidKeyUsageException", "You cannot use " + algorithm + " with "
                    + key.arn() + ": its key spec is SYMMETRIC_DEFAULT.");
        }
    }

    private static int dataKeyLength(String keySpec, Integer numberOfBytes) {
        if ((keySpec == null) == (numberOfBytes == null)) {
            throw KmsErrors.validation("Please specify either number of bytes or key spec.");
        }
        if (keySpec != null) {
            return switch (keySpec) {
                case "AES_256" -> 32;
                case "AES_128" -> 16;
                default -> throw KmsErrors.validation("1 validation error detected: Value '" + keySpec + "' at "
                        + "'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]");
            };
        }
        if (numberOfBytes < 1 || numberOfBytes > 1024) {
            throw KmsErrors.validation("1 validation error detected: Value '" + numberOfBytes + "' at "
                    + "'numberOfBytes' failed to satisfy constraint: Member must have value between 1 and 1024");
        }
        return numberOfBytes;
    }
}
