package io.coffer.key.keys;

import io.coffer.key.crypto.InvalidCiphertextException;
import io.coffer.key.rootkey.RootKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.util.Arrays;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import javax.sql.DataSource;
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

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_CACHED = 10_000;

    private final EntityManager em;
    private final RootKey rootKey;
    private final ConcurrentHashMap<String, byte[]> cache = new ConcurrentHashMap<>();

    private final DataSource dataSource;
    private final int readTimeoutSeconds;

    public KeyMaterialVault(EntityManager em, RootKey rootKey, DataSource dataSource,
            @ConfigProperty(name = "coffer.key.read-timeout", defaultValue = "PT5S") Duration readTimeout) {
        this.em = em;
        this.rootKey = rootKey;
        this.dataSource = dataSource;
        this.readTimeoutSeconds = KmsErrors.timeoutSeconds(readTimeout);
    }

    /** Generates 256-bit material for {@code version} of the key and stores it wrapped. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void generate(UUID keyId, int version) {
        byte[] material = new byte[32];
        RANDOM.nextBytes(material);
        try {
            em.createNativeQuery("insert into key_material (key_id, material_version, wrapped) values (?1, ?2, ?3)")
                    .setParameter(1, keyId)
                    .setParameter(2, version)
                    .setParameter(3, rootKey.wrap(keyId.toString(), version, material))
                    .executeUpdate();
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    /**
     * Runs {@code use} with the material of the key's {@code version}; {@code use} must not keep the array.
     *
     * @throws InvalidCiphertextException if that material does not exist (never made, or destroyed)
     */
    public <T> T withMaterial(String keyId, int version, Function<byte[], T> use) {
        String cacheKey = keyId + "/" + version;
        byte[] material = cache.get(cacheKey);
        if (material == null) {
            material = load(keyId, version);
            if (cache.size() >= MAX_CACHED) {
                evictAll();
            }
            byte[] raced = cache.putIfAbsent(cacheKey, material);
            if (raced != null) {
                Arrays.fill(material, (byte) 0);
                material = raced;
            }
        }
        return use.apply(material);
    }

    /** Erases every version of the key's material, at rest and in memory. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void destroy(String keyId) {
        em.createNativeQuery("delete from key_material where key_id = ?1").setParameter(1, UUID.fromString(keyId))
                .executeUpdate();
        cache.entrySet().removeIf(e -> {
            if (e.getKey().startsWith(keyId + "/")) {
                Arrays.fill(e.getValue(), (byte) 0);
                return true;
            }
            return false;
        });
    }

    private byte[] load(String keyId, int version) {
        try (Connection connection = dataSource.getConnection();
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
    }
}
