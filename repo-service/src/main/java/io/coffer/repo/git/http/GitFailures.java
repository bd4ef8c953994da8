package io.coffer.repo.git.http;

import io.coffer.repo.git.storage.StoredDataCorruptException;

/** Finding why a Git request failed. */
final class GitFailures {

    private GitFailures() {
    }

    /** The integrity failure behind {@code e}, if that is what it is. */
    static StoredDataCorruptException corrupt(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StoredDataCorruptException corrupt) {
                return corrupt;
            }
        }
        return null;
    }
}
