package io.coffer.events;

/**
 * A read model that can be dropped and projected again from its service's event store. {@link #rebuild} replaces it
 * in one transaction, so readers see the old model or the new one, never a half-built one.
 */
public interface RebuildableReadModel {

    /** The name an operator rebuilds it by, e.g. {@code repositories}. */
    String name();

    /** Drops the read model and replays the event store; returns how many events were replayed. */
    long rebuild();
}
