package io.coffer.repo.git.storage;

import java.io.IOException;
import java.util.UUID;

/** A pack to be replaced was removed by a concurrent repack: this commit's packs are not listed. */
public final class PackListChangedException extends IOException {

    PackListChangedException(UUID repositoryId) {
        super("the pack list of repository " + repositoryId + " changed concurrently; packs not committed");
    }
}
