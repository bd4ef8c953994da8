package io.coffer.repo.git.transport;

import io.coffer.kernel.Caller;
import io.coffer.repo.repository.StoredRepository;

/**
 * An authenticated Git connection to one repository: who, which repository, and over which transport. Both
 * transports then go through {@link GitService}, so authorization, storage and audit are the same.
 */
public record GitSession(Caller caller, StoredRepository repository, Transport transport) {

    /** The service Git callers act through, as in CodeCommit's signing scope and policies. */
    public static final String SERVICE = "codecommit";

    /** How the client reached us; CloudTrail's {@code additionalEventData.protocol}. */
    public enum Transport {
        HTTP, SSH
    }
}
