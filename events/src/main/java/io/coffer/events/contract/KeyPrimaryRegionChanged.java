package io.coffer.events.contract;

import java.util.List;

/**
 * UpdatePrimaryRegion: the multi-Region key set's primary is now {@code primaryArn}, its replicas
 * {@code replicaArns}; appended to the old and the new primary alike.
 */
public record KeyPrimaryRegionChanged(String primaryArn, List<String> replicaArns) implements KeyEvent {
}
