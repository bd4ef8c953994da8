package io.coffer.events.contract;

import java.time.Instant;

/** The repository's data keys are now protected by {@code kmsKeyId} (topic {@code coffer.repository.events}). */
public record RepositoryEncryptionKeyUpdated(String kmsKeyId, String originalKmsKeyId, Instant lastModifiedDate)
        implements RepositoryEvent {

    public static final String TYPE = "RepositoryEncryptionKeyUpdated";
}
