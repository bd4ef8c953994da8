package io.coffer.key.keys;

import io.coffer.platform.contract.KeyProvisioned;
import io.coffer.platform.events.EventCodec;
import io.coffer.platform.events.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.util.UUID;

/** Applies Key events to the {@link KmsKey} and {@link KmsAlias} read models. */
@ApplicationScoped
public class KeyProjector {

    private final EventCodec codec;
    private final EntityManager em;

    public KeyProjector(EventCodec codec, EntityManager em) {
        this.codec = codec;
        this.em = em;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(EventEnvelope event) {
        if (!KeyProvisioned.TYPE.equals(event.type())) {
            return;
        }
        KeyProvisioned provisioned = codec.payload(event, KeyProvisioned.class);
        KmsKey key = new KmsKey();
        key.keyId = UUID.fromString(provisioned.keyId());
        key.arn = provisioned.arn();
        key.accountId = provisioned.accountId();
        key.region = provisioned.region();
        key.keyManager = provisioned.keyManager();
        key.keyState = "Enabled";
        key.keySpec = provisioned.keySpec();
        key.keyUsage = provisioned.keyUsage();
        key.origin = "AWS_KMS";
        key.description = provisioned.description();
        key.creationDate = provisioned.creationDate();
        key.persist();
        if (provisioned.aliasName() != null) {
            // the provisioner may have claimed the alias already, in this same transaction
            em.createNativeQuery("""
                    insert into kms_alias (account_id, region, alias_name, key_id, creation_date)
                    values (?1, ?2, ?3, ?4, ?5) on conflict do nothing""")
                    .setParameter(1, provisioned.accountId())
                    .setParameter(2, provisioned.region())
                    .setParameter(3, provisioned.aliasName())
                    .setParameter(4, key.keyId)
                    .setParameter(5, Timestamp.from(provisioned.creationDate()))
                    .executeUpdate();
        }
    }
}
