package io.coffer.events.contract;

/** The replicator copied the primary's material up to {@code materialVersion} to this replica key. */
public record KeyReplicaSynchronized(int materialVersion) implements KeyEvent {
}
