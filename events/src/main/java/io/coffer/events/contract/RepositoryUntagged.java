package io.coffer.events.contract;

import java.util.List;

/** Tags were removed from the repository, by key (UntagResource). */
public record RepositoryUntagged(List<String> tagKeys) implements RepositoryEvent {
}
