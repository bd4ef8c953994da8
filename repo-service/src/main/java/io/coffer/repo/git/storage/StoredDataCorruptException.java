package io.coffer.repo.git.storage;

import java.io.IOException;

/**
 * A stored file failed its integrity check: altered, truncated, swapped with another file or repository's, or its
 * key cannot open it. Git operations fail with this rather than return any data that did not authenticate.
 */
public final class StoredDataCorruptException extends IOException {

    public StoredDataCorruptException(String repositoryId, String name, String reason) {
        super("Stored data of repository " + repositoryId + " failed its integrity check (" + name + "): " + reason);
    }
}
