package io.coffer.events.contract;

import java.util.Map;

/** Tags were added to the repository or their values replaced (TagResource). */
public record RepositoryTagged(Map<String, String> tags) implements RepositoryEvent {
}
