package io.coffer.repo.git.transport;

import io.coffer.repo.git.storage.StoredDataCorruptException;
import io.coffer.repo.git.storage.StoredDataUnavailableException;
import java.io.IOException;

/** Finding why a Git request failed, when it is something the user should be told. */
public final class GitFailures {

    private GitFailures() {
    }

    /**
     * The stored-data failure behind {@code e} — an integrity failure, or a key that cannot be used — if that is what
     * it is; its message is meant for the user.
     */
    public static IOException storage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StoredDataCorruptException || t instanceof StoredDataUnavailableException) {
                return (IOException) t;
            }
        }
        return null;
    }
}
