package io.coffer.repo.repository;

import io.coffer.events.contract.RepositoryCreated;
import io.coffer.events.contract.RepositoryDeleted;
import io.coffer.events.contract.RepositoryDescriptionUpdated;
import io.coffer.events.contract.RepositoryEncryptionKeyUpdated;
import io.coffer.events.contract.RepositoryEvent;
import io.coffer.events.contract.RepositoryRenamed;
import io.coffer.events.contract.RepositoryTagged;
import io.coffer.events.contract.RepositoryTriggersUpdated;
import io.coffer.events.contract.RepositoryUntagged;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One repository as its events leave it, folded by {@link #evolve}; {@code version} is the number of events in its
 * stream, so the next event's version is {@code version + 1}. {@code kmsKeyId} is null while the repository uses
 * its region's aws/codecommit key.
 */
record RepositoryState(String repositoryId, String accountId, String region, String name, String description,
        String arn, String kmsKeyId, Map<String, String> tags, boolean deleted, long version) {

    /** Before its first event: no repository. */
    static final RepositoryState NONE = new RepositoryState(null, null, null, null, null, null, null, Map.of(), false,
            0);

    boolean exists() {
        return version > 0 && !deleted;
    }

    static RepositoryState fold(List<RepositoryEvent> events) {
        RepositoryState state = NONE;
        for (RepositoryEvent event : events) {
            state = evolve(state, event);
        }
        return state;
    }

    static RepositoryState evolve(RepositoryState s, RepositoryEvent event) {
        long version = s.version + 1;
        if (event instanceof RepositoryCreated e) {
            return new RepositoryState(e.repositoryId(), e.accountId(), e.region(), e.repositoryName(),
                    e.repositoryDescription(), e.arn(), e.kmsKeyId(), e.tags() == null ? Map.of() : e.tags(), false,
                    version);
        }
        if (event instanceof RepositoryDescriptionUpdated e) {
            return new RepositoryState(s.repositoryId, s.accountId, s.region, s.name, e.repositoryDescription(), s.arn,
                    s.kmsKeyId, s.tags, false, version);
        }
        if (event instanceof RepositoryRenamed e) {
            return new RepositoryState(s.repositoryId, s.accountId, s.region, e.newName(), s.description, e.arn(),
                    s.kmsKeyId, s.tags, false, version);
        }
        if (event instanceof RepositoryEncryptionKeyUpdated e) {
            return new RepositoryState(s.repositoryId, s.accountId, s.region, s.name, s.description, s.arn,
                    e.kmsKeyId(), s.tags, false, version);
        }
        if (event instanceof RepositoryTagged e) {
            Map<String, String> tags = new HashMap<>(s.tags);
            tags.putAll(e.tags());
            return new RepositoryState(s.repositoryId, s.accountId, s.region, s.name, s.description, s.arn,
                    s.kmsKeyId, Map.copyOf(tags), false, version);
        }
        if (event instanceof RepositoryUntagged e) {
            Map<String, String> tags = new HashMap<>(s.tags);
            e.tagKeys().forEach(tags::remove);
            return new RepositoryState(s.repositoryId, s.accountId, s.region, s.name, s.description, s.arn,
                    s.kmsKeyId, Map.copyOf(tags), false, version);
        }
        if (event instanceof RepositoryTriggersUpdated) {
            // triggers are replaced whole, so no decision depends on the ones before
            return new RepositoryState(s.repositoryId, s.accountId, s.region, s.name, s.description, s.arn,
                    s.kmsKeyId, s.tags, false, version);
        }
        if (event instanceof RepositoryDeleted) {
            return new RepositoryState(s.repositoryId, s.accountId, s.region, s.name, s.description, s.arn,
                    s.kmsKeyId, s.tags, true, version);
        }
        throw new IllegalArgumentException("not a Repository event: " + event);
    }
}
