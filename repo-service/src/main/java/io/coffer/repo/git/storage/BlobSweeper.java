package io.coffer.repo.git.storage;

import io.coffer.repo.RepoConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.eclipse.jgit.internal.storage.pack.PackExt;
import org.jboss.logging.Logger;

/**
 * Deletes stored files nothing refers to any more: packs a repack replaced, once a grace period has passed (a clone
 * that listed them may still be reading), files of writes that never committed (a crash, an aborted push) once they
 * are as old, and what is left of deleted repositories. Safe to run on every instance at once.
 */
@ApplicationScoped
public class BlobSweeper {

    private static final Logger LOG = Logger.getLogger(BlobSweeper.class);

    private final PackCatalog catalog;
    private final BlobStore store;
    private final Duration grace;

    public BlobSweeper(PackCatalog catalog, BlobStore store, RepoConfig config) {
        this.catalog = catalog;
        this.store = store;
        this.grace = config.git().sweepGrace();
    }

    @Scheduled(every = "${coffer.repo.git.sweep-interval}", delayed = "${coffer.repo.git.sweep-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            sweep(Instant.now().minus(grace));
        } catch (IOException | SQLException | RuntimeException e) {
            LOG.warnf(e, "sweeping the blob store failed; it is retried at the next interval");
        }
    }

    /** Deletes what was removed or abandoned before {@code before}; returns how many files went. */
    public int sweep(Instant before) throws IOException, SQLException {
        int deleted = 0;
        for (PackCatalog.RemovedPack pack : catalog.removedBefore(before)) {
            for (PackExt ext : PackExt.values()) {
                store.delete(pack.repositoryId().toString(), pack.packName() + "." + ext.getExtension());
            }
            catalog.forgetRemoved(pack);
            deleted++;
        }
        for (String repositoryId : store.repositories()) {
            Set<String> known;
            try {
                known = catalog.knownPacks(UUID.fromString(repositoryId));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (known == null) {
                store.deleteRepository(repositoryId);
                continue;
            }
            for (BlobStore.Blob blob : store.list(repositoryId)) {
                int dot = blob.name().lastIndexOf('.');
                String pack = dot < 0 ? blob.name() : blob.name().substring(0, dot);
                if (!known.contains(pack) && blob.lastModified().isBefore(before)) {
                    store.delete(repositoryId, blob.name());
                    deleted++;
                }
            }
        }
        return deleted;
    }
}
