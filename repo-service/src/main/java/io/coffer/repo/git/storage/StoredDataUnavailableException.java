package io.coffer.repo.git.storage;

import java.io.IOException;

/**
 * Stored data could not be opened because its key cannot be used now (disabled, pending deletion, not accessible to
 * the caller, key-service unreachable) or crypto-service cannot be reached; the data itself may be intact.
 * {@link #errorType()} is KMS's error type, or {@code CryptoServiceUnavailable}.
 */
public final class StoredDataUnavailableException extends IOException {

    private final String errorType;

    public StoredDataUnavailableException(String repositoryId, String name, String errorType, String reason) {
        super("Stored data of repository " + repositoryId + " cannot be opened now (" + name + "): " + errorType
                + ": " + reason);
        this.errorType = errorType;
    }

    public String errorType() {
        return errorType;
    }
}
