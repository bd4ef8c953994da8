package io.coffer.key.kms;

import static io.coffer.key.kms.RequestChecks.required;

import io.coffer.aws.AwsTimestamps;
import io.coffer.events.Database;
import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.coffer.kernel.SecretBytes;
import io.coffer.kernel.SecretKeyAccess;
import io.coffer.key.crypto.ImportWrapping;
import io.coffer.key.crypto.KeySpec;
import io.coffer.key.keys.KeyDecider;
import io.coffer.key.keys.KeyDecider.DeleteImportedMaterial;
import io.coffer.key.keys.KeyDecider.ImportMaterial;
import io.coffer.key.keys.KeyMaterialVault;
import io.coffer.key.keys.KeyResolver;
import io.coffer.key.keys.KeyState;
import io.coffer.key.keys.KeyStatus;
import io.coffer.key.keys.Keys;
import io.coffer.key.keys.KmsErrors;
import io.coffer.key.kms.KmsShapes.DeleteImportedKeyMaterialRequest;
import io.coffer.key.kms.KmsShapes.GetParametersForImportRequest;
import io.coffer.key.kms.KmsShapes.GetParametersForImportResponse;
import io.coffer.key.kms.KmsShapes.ImportKeyMaterialRequest;
import io.coffer.key.kms.KmsShapes.KeyMaterialResponse;
import io.coffer.key.rootkey.RootKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Imported key material (Origin EXTERNAL): GetParametersForImport hands out an RSA wrapping key and an import
 * token, ImportKeyMaterial unwraps the material with it, checks it against the key's spec and stores it wrapped
 * under the root key like any other material, DeleteImportedKeyMaterial (or expiry) deletes it again.
 */
@ApplicationScoped
public class KeyImports {

    private static final Duration PARAMETERS_VALID = Duration.ofHours(24);
    private static final List<String> WRAPPING_KEY_SPECS = List.of("RSA_2048", "RSA_3072", "RSA_4096", "SM2");
    private static final List<String> EXPIRATION_MODELS = List.of("KEY_MATERIAL_EXPIRES",
            "KEY_MATERIAL_DOES_NOT_EXPIRE");
    /** Imported material is the key's one material version. */
    private static final int MATERIAL = 1;

    private final Keys keys;
    private final KeyResolver resolver;
    private final KeyMaterialVault vault;
    private final RootKey rootKey;
    private final Database database;

    public KeyImports(Keys keys, KeyResolver resolver, KeyMaterialVault vault, RootKey rootKey, Database database) {
        this.keys = keys;
        this.resolver = resolver;
        this.vault = vault;
        this.rootKey = rootKey;
        this.database = database;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public GetParametersForImportResponse getParametersForImport(Caller caller,
            GetParametersForImportRequest request) {
        ImportWrapping wrapping = wrapping(request.wrappingAlgorithm());
        String specName = required(request.wrappingKeySpec(), "wrappingKeySpec");
        if (!WRAPPING_KEY_SPECS.contains(specName)) {
            throw KmsErrors.notInEnum("wrappingKeySpec", specName, WRAPPING_KEY_SPECS);
        }
        if ("SM2".equals(specName)) {
            throw KmsErrors.unsupported("SM2 wrapping keys exist only in the AWS China Regions");
        }
        KeyState key = external(caller, "kms:GetParametersForImport", request.keyId());
        KeyPair pair = KeySpec.valueOf(specName).generateKeyPair();
        UUID token = UUID.randomUUID();
        Instant validTo = Instant.now().plus(PARAMETERS_VALID).truncatedTo(ChronoUnit.MILLIS);
        SecretBytes privateKey = SecretBytes.takeOver(pair.getPrivate().getEncoded(), SecretKeyAccess.get());
        try {
            database.update("insert into kms_import_parameters (token_id, key_id, wrapping_algorithm, "
                    + "wrapped_private_key, valid_to) values (?, ?, ?, ?, ?)", token, UUID.fromString(key.keyId()),
                    wrapping.name() + "/" + specName, rootKey.wrap(wrappingKeyName(token), 0, privateKey), validTo);
        } finally {
            privateKey.destroy();
        }
        return new GetParametersForImportResponse(key.arn(), tokenBytes(token), pair.getPublic().getEncoded(),
                AwsTimestamps.epochSeconds(validTo));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public KeyMaterialResponse importKeyMaterial(Caller caller, ImportKeyMaterialRequest request) {
        String model = request.expirationModel() == null ? "KEY_MATERIAL_EXPIRES" : request.expirationModel();
        if (!EXPIRATION_MODELS.contains(model)) {
            throw KmsErrors.notInEnum("expirationModel", model, EXPIRATION_MODELS);
        }
        Instant validTo = validTo(model, request.validTo());
        byte[] tokenBytes = required(request.importToken(), "importToken", 6144);
        byte[] wrapped = required(request.encryptedKeyMaterial(), "encryptedKeyMaterial", 6144);
        KeyState key = external(caller, "kms:ImportKeyMaterial", request.keyId());
        try {
            SecretBytes material = unwrap(key, token(tokenBytes), wrapped);
            try {
                byte[] publicKey;
                try {
                    publicKey = key.spec().checkImported(material);
                } catch (IllegalArgumentException e) {
                    throw AwsException.client("IncorrectKeyMaterialException", e.getMessage());
                }
                String fingerprint = fingerprint(key, material);
                var events = KeyDecider.decide(new ImportMaterial(fingerprint, model, validTo, Instant.now()), key);
                if (key.keyState() == KeyStatus.PENDING_IMPORT) {
                    vault.store(UUID.fromString(key.keyId()), MATERIAL, material, publicKey);
                }
                database.update("delete from kms_import_parameters where token_id = ?", token(tokenBytes));
                keys.append(key, caller, events);
                return new KeyMaterialResponse(key.arn(), key.materialId(MATERIAL));
            } finally {
                material.destroy();
            }
        } catch (AwsException e) {
            throw e.resource(key.arn(), KmsErrors.KEY_RESOURCE);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public KeyMaterialResponse deleteImportedKeyMaterial(Caller caller, DeleteImportedKeyMaterialRequest request) {
        KeyState key = keys.load(resolver.authorized(caller, "kms:DeleteImportedKeyMaterial", request.keyId(), false)
                .keyId());
        delete(key, caller.actor(), caller.requestId(), false);
        return new KeyMaterialResponse(key.arn(), key.materialId(MATERIAL));
    }

    /** Deletes the key's imported material (also KMS's own maintenance, when it expires). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void delete(KeyState key, io.coffer.kernel.Actor actor, String correlationId, boolean expired) {
        var events = KeyDecider.decide(new DeleteImportedMaterial(expired), key);
        vault.destroy(key.keyId());
        keys.append(key, key.keyId(), actor, key.accountId(), key.region(), correlationId, events);
    }

    private KeyState external(Caller caller, String action, String keyId) {
        KeyState key = keys.load(resolver.authorized(caller, action, keyId, false).keyId());
        if (key.imported() == null) {
            throw KmsErrors.notExternal(key.arn()).resource(key.arn(), KmsErrors.KEY_RESOURCE);
        }
        if (key.keyState() == KeyStatus.PENDING_DELETION) {
            throw KmsErrors.invalidState(key.arn() + " is pending deletion.").resource(key.arn(),
                    KmsErrors.KEY_RESOURCE);
        }
        return key;
    }

    /** A row of kms_import_parameters: "<wrapping algorithm>/<wrapping key spec>", the wrapped key, its expiry. */
    private record ImportParameters(String algorithm, byte[] wrappedPrivateKey, Instant validTo) {
    }

    /** The material the token's wrapping key unwraps; the token must be this key's and unexpired. */
    private SecretBytes unwrap(KeyState key, UUID token, byte[] wrapped) {
        ImportParameters parameters = database.first("select wrapping_algorithm, wrapped_private_key, valid_to "
                + "from kms_import_parameters where token_id = ? and key_id = ?",
                r -> new ImportParameters(r.getString(1), r.getBytes(2), r.getTimestamp(3).toInstant()), token,
                UUID.fromString(key.keyId())).orElseThrow(KeyImports::invalidToken);
        if (parameters.validTo().isBefore(Instant.now())) {
            throw AwsException.client("ExpiredImportTokenException", "The import token expired; call "
                    + "GetParametersForImport again");
        }
        String[] algorithm = parameters.algorithm().split("/");
        KeySpec wrappingSpec = KeySpec.valueOf(algorithm[1]);
        SecretBytes wrappingKey = rootKey.unwrap(wrappingKeyName(token), 0, parameters.wrappedPrivateKey());
        try {
            PrivateKey privateKey = wrappingSpec.privateKey(wrappingKey);
            return SecretBytes.takeOver(ImportWrapping.valueOf(algorithm[0]).unwrap(privateKey, wrappingSpec.bits(),
                    wrapped), SecretKeyAccess.get());
        } finally {
            wrappingKey.destroy();
        }
    }

    private static String fingerprint(KeyState key, SecretBytes material) {
        byte[] raw = material.toByteArray(SecretKeyAccess.get());
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(("coffer-imported-material/v1/" + key.keyId() + "/").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        } finally {
            java.util.Arrays.fill(raw, (byte) 0);
        }
    }

    private static Instant validTo(String model, BigDecimal validTo) {
        if ("KEY_MATERIAL_DOES_NOT_EXPIRE".equals(model)) {
            if (validTo != null) {
                throw KmsErrors.validation("ValidTo must not be set when ExpirationModel is "
                        + "KEY_MATERIAL_DOES_NOT_EXPIRE");
            }
            return null;
        }
        if (validTo == null) {
            throw KmsErrors.validation("A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES");
        }
        Instant at = Instant.ofEpochMilli(validTo.movePointRight(3).longValue());
        if (!at.isAfter(Instant.now()) || at.isAfter(Instant.now().plus(Duration.ofDays(365)))) {
            throw KmsErrors.validation("ValidTo must be in the future and at most 365 days away");
        }
        return at;
    }

    private static ImportWrapping wrapping(String name) {
        required(name, "wrappingAlgorithm");
        if (!ImportWrapping.WIRE_VALUES.contains(name)) {
            throw KmsErrors.notInEnum("wrappingAlgorithm", name, ImportWrapping.WIRE_VALUES);
        }
        return ImportWrapping.of(name).orElseThrow(() -> KmsErrors.unsupported("WrappingAlgorithm " + name
                + " is not supported; use RSAES_OAEP_SHA_256 or RSA_AES_KEY_WRAP_SHA_256"));
    }

    private static byte[] tokenBytes(UUID token) {
        return ByteBuffer.allocate(16).putLong(token.getMostSignificantBits()).putLong(token.getLeastSignificantBits())
                .array();
    }

    private static UUID token(byte[] bytes) {
        if (bytes.length != 16) {
            throw invalidToken();
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        return new UUID(in.getLong(), in.getLong());
    }

    private static AwsException invalidToken() {
        return AwsException.client("InvalidImportTokenException", "The import token is not one this key's "
                + "GetParametersForImport made");
    }

    private static String wrappingKeyName(UUID token) {
        return "import-wrapping-key/" + token;
    }
}
