package io.coffer.repo.git.refs;

import io.coffer.kernel.Caller;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.eclipse.jgit.internal.storage.dfs.DfsRefDatabase;
import org.eclipse.jgit.internal.storage.dfs.DfsRepository;
import org.eclipse.jgit.lib.BatchRefUpdate;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.ReflogReader;
import org.eclipse.jgit.util.RefList;

/**
 * A repository's refs as JGit sees them, read from and written to the {@link RefStore} for one caller. Reads are
 * cached for the life of the repository object (one request); writes are compare-and-swaps, so a stale read can
 * only make a write fail, never overwrite a concurrent one.
 */
public final class PostgresRefDatabase extends DfsRefDatabase {

    private final RefStore store;
    private final UUID repositoryId;
    private final Caller caller;
    private PushRecorder pushRecorder;

    public PostgresRefDatabase(DfsRepository repository, RefStore store, UUID repositoryId, Caller caller) {
        super(repository);
        this.store = store;
        this.repositoryId = repositoryId;
        this.caller = caller;
    }

    @Override
    protected RefCache scanAllRefs() throws IOException {
        RefList.Builder<Ref> ids = new RefList.Builder<>();
        RefList.Builder<Ref> symbolic = new RefList.Builder<>();
        for (Ref ref : store.all(repositoryId)) {
            if (ref.isSymbolic()) {
                symbolic.add(ref);
            }
            ids.add(ref);
        }
        ids.sort();
        symbolic.sort();
        return new RefCache(ids.toRefList(), symbolic.toRefList());
    }

    @Override
    protected boolean compareAndPut(Ref oldRef, Ref newRef) throws IOException {
        return change(new RefChange(newRef.getName(), existing(oldRef), newRef));
    }

    @Override
    protected boolean compareAndRemove(Ref oldRef) throws IOException {
        return change(new RefChange(oldRef.getName(), existing(oldRef), null));
    }

    /** Peeled state is stored with every write already. */
    @Override
    protected void cachePeeledState(Ref oldLeaf, Ref newLeaf) {
        // nothing to cache
    }

    /** The reflog is the stream of {@link RefsUpdated} events, not something JGit reads. */
    @Override
    public ReflogReader getReflogReader(Ref ref) {
        return null;
    }

    @Override
    public boolean performsAtomicTransactions() {
        return true;
    }

    @Override
    public BatchRefUpdate newBatchUpdate() {
        return new RefTransaction(this);
    }

    /** Applies changes in one transaction; see {@link RefStore#apply}. */
    boolean[] apply(List<RefChange> changes, boolean atomic) throws IOException {
        return apply(changes, atomic, applied -> { });
    }

    /** As {@link RefStore#apply(Caller, UUID, List, boolean, java.util.function.Consumer)}. */
    boolean[] apply(List<RefChange> changes, boolean atomic, java.util.function.Consumer<boolean[]> whenApplied)
            throws IOException {
        try {
            return store.apply(caller, repositoryId, changes, atomic, whenApplied);
        } finally {
            refresh();
        }
    }

    /** Records the pushes made through this repository object (one Git request) with their ref updates. */
    public void recordPushesWith(PushRecorder recorder) {
        this.pushRecorder = recorder;
    }

    /** The recorder of this request's push, or {@code null} when the refs move for another reason. */
    PushRecorder pushRecorder() {
        return pushRecorder;
    }

    private boolean change(RefChange change) throws IOException {
        return apply(List.of(change), true)[0];
    }

    /** JGit passes a ref that does not exist yet as one of storage NEW without an object ID. */
    private static Ref existing(Ref ref) {
        return ref == null || ref.getStorage() == Ref.Storage.NEW && !ref.isSymbolic() && ref.getObjectId() == null
                ? null : ref;
    }
}
