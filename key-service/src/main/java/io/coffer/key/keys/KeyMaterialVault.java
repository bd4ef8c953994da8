package io.coffer.key.keys;

import io.coffer.events.Database;
import io.coffer.kernel.SecretBytes;
import io.coffer.key.KeyConfig;
import io.coffer.key.crypto.GeneratedMaterial;
import io.coffer.key.crypto.InvalidCiphertextException;
import io.coffer.key.crypto.KeySpec;
import io.coffer.key.rootkey.RootKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Creates, keeps and destroys key material, wrapped under the root key at rest. Unwrapped material is cached in
 * memory (bounded) so cryptographic calls do not unwrap on every request; it is only lent to a function and never
 * leaves this class otherwise. Destroyed material is zeroed.
 */
@ApplicationScoped
public class KeyMaterialVault {

    private static final int MAX_CACHED = 10_000;

    private final Database database;
    private final RootKey rootKey;
    private final ConcurrentHashMap<String, SecretBytes> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, byte[]> publicKeys = new ConcurrentHashMap<>();
    /**
     * Parsed asymmetric keys: a key parsed anew per call loses Bouncy Castle's per-curve precomputation, which made
     * ECDSA three times slower (measured; BENCHMARKS.md "KMS signing").
     */
    private final ConcurrentHashMap<String, PrivateKey> privateKeys = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, PublicKey> parsedPublicKeys = new ConcurrentHashMap<>();
    private final int readTimeoutSeconds;

    public KeyMaterialVault(Database database, RootKey rootKey, KeyConfig config) {
        this.database = database;
        this.rootKey = rootKey;
        this.readTimeoutSeconds = KmsErrors.timeoutSeconds(config.readTimeout());
    }

    /**
     * Generates material of {@code spec} for {@code version} of the key and stores it wrapped (an asymmetric key's
     * public key beside it, in the clear).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void generate(UUID keyId, int version, KeySpec spec) {
        GeneratedMaterial material = spec.generate();
        try {
            database.update("insert into key_material (key_id, material_version, wrapped, public_key) "
                    + "values (?, ?, ?, ?)", keyId, version, rootKey.wrap(keyId.toString(), version,
                            material.secret()), material.publicKey());
        } finally {
            material.secret().destroy();
        }
    }

    /** Stores imported material (checked against the key's spec) for {@code version} of the key, wrapped. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void store(UUID keyId, int version, SecretBytes material, byte[] publicKey) {
        database.update("insert into key_material (key_id, material_version, wrapped, public_key) values (?, ?, ?, ?)",
                keyId, version, rootKey.wrap(keyId.toString(), version, material), publicKey);
    }

    /**
     * Copies {@code version} of one key's material to another (a multi-Region replica), re-wrapped for it; a
     * version the replica already has is left as it is, so a redelivered copy changes nothing.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void copy(String fromKeyId, String toKeyId, int version) {
        byte[] publicKey = database.first("select public_key from key_material where key_id = ? and material_version = ?",
                row -> row.getBytes(1), UUID.fromString(fromKeyId), version).orElse(null);
        SecretBytes material = load(fromKeyId, version);
        try {
            database.update("insert into key_material (key_id, material_version, wrapped, public_key) "
                    + "values (?, ?, ?, ?) on conflict do nothing", UUID.fromString(toKeyId), version,
                    rootKey.wrap(toKeyId, version, material), publicKey);
        } finally {
            material.destroy();
        }
    }

    /** The DER public key of an asymmetric key's {@code version}. */
    public byte[] publicKey(String keyId, int version) {
        return publicKeys.computeIfAbsent(keyId + "/" + version, k -> database.list(
                "select public_key from key_material where key_id = ? and material_version = ?",
                row -> row.getBytes(1), UUID.fromString(keyId), version).stream().findFirst()
                .orElseThrow(InvalidCiphertextException::new)).clone();
    }

    /**
     * Runs {@code use} with the material of the key's {@code version}; {@code use} must not keep it.
     *
     * @throws InvalidCiphertextException if that material does not exist (never made, or destroyed)
     */
    public <T> T withMaterial(String keyId, int version, Function<SecretBytes, T> use) {
        String cacheKey = keyId + "/" + version;
        SecretBytes material = cache.get(cacheKey);
        if (material == null) {
            material = load(keyId, version);
            if (cache.size() >= MAX_CACHED) {
                evictAll();
            }
            SecretBytes raced = cache.putIfAbsent(cacheKey, material);
            if (raced != null) {
                material.destroy();
                material = raced;
            }
        }
        return use.apply(material);
    }

    /** Runs {@code use} with the private key of an asymmetric key's {@code version}; {@code use} must not keep it. */
    public <T> T withPrivateKey(String keyId, int version, KeySpec spec, Function<PrivateKey, T> use) {
        String cacheKey = keyId + "/" + version;
        PrivateKey key = privateKeys.get(cacheKey);
        if (key == null) {
            key = withMaterial(keyId, version, spec::privateKey);
            if (privateKeys.size() >= MAX_CACHED) {
                privateKeys.clear();
            }
            privateKeys.putIfAbsent(cacheKey, key);
        }
        return use.apply(key);
    }

    /** The public key of an asymmetric key's {@code version}, parsed. */
    public PublicKey publicKey(String keyId, int version, KeySpec spec) {
        if (parsedPublicKeys.size() >= MAX_CACHED) {
            parsedPublicKeys.clear();
        }
        return parsedPublicKeys.computeIfAbsent(keyId + "/" + version, k -> spec.publicKey(publicKey(keyId, version)));
    }

    /** Erases every version of the key's material, at rest and in memory. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void destroy(String keyId) {
        database.update("delete from key_material where key_id = ?", UUID.fromString(keyId));
        publicKeys.keySet().removeIf(k -> k.startsWith(keyId + "/"));
        parsedPublicKeys.keySet().removeIf(k -> k.startsWith(keyId + "/"));
        privateKeys.keySet().removeIf(k -> k.startsWith(keyId + "/"));
        cache.entrySet().removeIf(e -> {
            if (e.getKey().startsWith(keyId + "/")) {
                e.getValue().destroy();
                return true;
            }
            return false;
        });
    }

    private SecretBytes load(String keyId, int version) {
        try (Connection connection = database.connection();
                PreparedStatement select = connection.prepareStatement(
                        "select wrapped from key_material where key_id = ? and material_version = ?")) {
            select.setQueryTimeout(readTimeoutSeconds);
            select.setObject(1, UUID.fromString(keyId));
            select.setInt(2, version);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new InvalidCiphertextException();
                }
                return rootKey.unwrap(keyId, version, rs.getBytes(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the material of key " + keyId, e);
        }
    }

    private void evictAll() {
        // not zeroed here: a concurrent call may still hold an evicted array; the GC reclaims it
        cache.clear();
        privateKeys.clear();
    }
}
