package io.coffer.events.contract;

/**
 * ReplicateKey made a replica of this multi-Region primary key in {@code replicaRegion}; the replica's own stream
 * (aggregate {@code replicaKeyId}) opened with KeyProvisioned. key-service's replicator copies the material when
 * it reads this event.
 */
public record KeyReplicated(String replicaKeyId, String replicaArn, String replicaRegion) implements KeyEvent {
}
