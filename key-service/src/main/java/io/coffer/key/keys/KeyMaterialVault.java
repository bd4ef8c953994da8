package io.coffer.key.keys;

import io.coffer.key.rootkey.RootKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.UUID;

/** Creates and keeps key material, wrapped under the root key. Plaintext material never leaves this class's callers. */
@ApplicationScoped
public class KeyMaterialVault {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final EntityManager em;
    private final RootKey rootKey;

    public KeyMaterialVault(EntityManager em, RootKey rootKey) {
        this.em = em;
        this.rootKey = rootKey;
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
}
