package io.coffer.key.replication;

import io.coffer.events.EventCodec;
import io.coffer.events.EventConsumer;
import io.coffer.events.Topics;
import io.coffer.events.contract.KeyEvent;
import io.coffer.events.contract.KeyReplicaSynchronized;
import io.coffer.events.contract.KeyReplicated;
import io.coffer.events.contract.KeyRotated;
import io.coffer.kernel.EventEnvelope;
import io.coffer.key.keys.KeyMaterialVault;
import io.coffer.key.keys.KeyProjector;
import io.coffer.key.keys.KeyState;
import io.coffer.key.keys.KeyStatus;
import io.coffer.key.keys.Keys;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Multi-Region replication, driven by the key events on Kafka: a primary's KeyReplicated makes its new replica's
 * material (every version, re-wrapped for the replica), a primary's KeyRotated adds the new version to each replica.
 * Each copy ends in KeyReplicaSynchronized on the replica; redelivered events copy nothing twice.
 */
@ApplicationScoped
public class KeyReplicator {

    private static final String CONSUMER = "key-service.replication";

    private final EventConsumer consumer;
    private final EventCodec codec;
    private final Keys keys;
    private final KeyProjector projector;
    private final KeyMaterialVault vault;

    public KeyReplicator(EventConsumer consumer, EventCodec codec, Keys keys, KeyProjector projector,
            KeyMaterialVault vault) {
        this.consumer = consumer;
        this.codec = codec;
        this.keys = keys;
        this.projector = projector;
        this.vault = vault;
    }

    @Incoming("key-replication")
    @Blocking
    public void on(String record) {
        consumer.consume(CONSUMER, Topics.KEY_EVENTS, record, this::apply);
    }

    private void apply(EventEnvelope event) {
        if (!KeyEvent.AGGREGATE.equals(event.aggregateType())) {
            return;
        }
        if (KeyReplicated.class.getSimpleName().equals(event.type())) {
            KeyReplicated replicated = codec.payload(event, KeyReplicated.class);
            synchronize(keys.load(event.aggregateId()), keys.load(replicated.replicaKeyId()), event);
        } else if (KeyRotated.class.getSimpleName().equals(event.type())) {
            KeyState primary = keys.load(event.aggregateId());
            if (primary.multiRegionPrimary()) {
                for (String arn : primary.multiRegion().replicaArns()) {
                    projector.findByArn(arn).map(replica -> keys.load(replica.keyId()))
                            .ifPresent(replica -> synchronize(primary, replica, event));
                }
            }
        }
    }

    /** Copies the versions the replica lacks, then records how far it is. */
    private void synchronize(KeyState primary, KeyState replica, EventEnvelope cause) {
        int from = replica.keyState() == KeyStatus.CREATING ? 1 : replica.currentMaterialVersion() + 1;
        if (from > primary.currentMaterialVersion() && replica.keyState() != KeyStatus.CREATING) {
            return;
        }
        for (int version = from; version <= primary.currentMaterialVersion(); version++) {
            vault.copy(primary.keyId(), replica.keyId(), version);
        }
        keys.append(replica, replica.keyId(), Keys.kms(replica.accountId()), replica.accountId(), replica.region(),
                cause.correlationId(),
                List.of(new KeyReplicaSynchronized(primary.currentMaterialVersion())));
    }
}
