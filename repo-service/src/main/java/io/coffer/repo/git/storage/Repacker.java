package io.coffer.repo.git.storage;

import io.coffer.kernel.Caller;
import io.coffer.repo.RepoConfig;
import io.coffer.repo.repository.StoredRepository;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jgit.internal.storage.dfs.DfsGarbageCollector;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.jboss.logging.Logger;

/**
 * Repacks repositories in the background after pushes. Received packs are delta-searched again on every clone
 * until a garbage collection has run (JGit reuses deltas as-is only from GC packs), so this keeps clones fast. One
 * repack at a time; a repository already queued is not queued twice. A repack that loses to a concurrent one
 * (the pack list changed) is simply dropped: the other one did the work.
 */
@ApplicationScoped
public class Repacker {

    private static final Logger LOG = Logger.getLogger(Repacker.class);

    private final RepositoryStorage storage;
    private final int afterPacks;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "git-repacker");
        thread.setDaemon(true);
        return thread;
    });

    public Repacker(RepositoryStorage storage, RepoConfig config) {
        this.storage = storage;
        this.afterPacks = config.git().gcAfterPacks();
    }

    /** After a push by {@code pusher}: repack once the repository has enough packs. */
    public void pushed(Caller pusher, StoredRepository repository, int packs) {
        if (packs < afterPacks || !queued.add(repository.repositoryId())) {
            return;
        }
        worker.execute(() -> {
            queued.remove(repository.repositoryId());
            repack(pusher, repository);
        });
    }

    /** Repacks now, on the caller's thread; true if new packs were written. */
    public boolean repack(Caller caller, StoredRepository repository) {
        try (SealedRepository db = storage.open(caller, repository)) {
            return new DfsGarbageCollector(db).pack(NullProgressMonitor.INSTANCE);
        } catch (PackListChangedException e) {
            LOG.infof("repack of %s skipped: %s", repository.repositoryId(), e.getMessage());
        } catch (Exception e) {
            LOG.warnf(e, "repack of %s failed", repository.repositoryId());
        }
        return false;
    }

    @PreDestroy
    void close() {
        worker.shutdownNow();
    }
}
