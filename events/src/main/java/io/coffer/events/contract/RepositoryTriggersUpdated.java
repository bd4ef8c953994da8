package io.coffer.events.contract;

import java.util.List;

/**
 * The repository's triggers are now {@code triggers}, all of them, under a new {@code configurationId}
 * (PutRepositoryTriggers replaces the whole list; an empty list removes them).
 */
public record RepositoryTriggersUpdated(String configurationId, List<Trigger> triggers) implements RepositoryEvent {

    /**
     * One trigger: it fires for {@code events} (all, createReference, updateReference, deleteReference) on
     * {@code branches} (none: every branch) and notifies {@code destinationArn}, with {@code customData} in each
     * notification.
     */
    public record Trigger(String name, String destinationArn, String customData, List<String> branches,
            List<String> events) {
    }
}
