package io.coffer.repo.git.storage;

import io.coffer.kernel.Caller;
import io.coffer.repo.git.refs.PostgresRefDatabase;
import io.coffer.repo.git.refs.RefStore;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.eclipse.jgit.internal.storage.dfs.DfsObjDatabase;
import org.eclipse.jgit.internal.storage.dfs.DfsRepository;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryBuilder;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.lib.RefDatabase;

/**
 * One repository as JGit sees it, opened for one caller and one request: objects in sealed packs, refs in
 * PostgreSQL. Cheap to open; all state is in the stores and the shared block cache.
 */
public final class SealedRepository extends DfsRepository {

    private final SealedObjDatabase objects;
    private final PostgresRefDatabase refs;

    private SealedRepository(Builder builder) {
        super(builder);
        this.objects = new SealedObjDatabase(this, builder.catalog, builder.store, builder.cipher, builder.blockSize,
                builder.sealers);
        this.refs = new PostgresRefDatabase(this, builder.refStore,
                UUID.fromString(builder.getRepositoryDescription().getRepositoryName()), builder.caller);
    }

    @Override
    public DfsObjDatabase getObjectDatabase() {
        return objects;
    }

    @Override
    public RefDatabase getRefDatabase() {
        return refs;
    }

    /** The refs in PostgreSQL, typed. */
    public PostgresRefDatabase refs() {
        return refs;
    }

    static final class Builder extends DfsRepositoryBuilder<Builder, SealedRepository> {
        private PackCatalog catalog;
        private BlobStore store;
        private RefStore refStore;
        private RepositoryCipher cipher;
        private Caller caller;
        private int blockSize;
        private ExecutorService sealers;

        Builder(String repositoryId) {
            setRepositoryDescription(new DfsRepositoryDescription(repositoryId));
        }

        Builder storage(PackCatalog catalog, BlobStore store, RefStore refStore, int blockSize,
                ExecutorService sealers) {
            this.catalog = catalog;
            this.store = store;
            this.refStore = refStore;
            this.blockSize = blockSize;
            this.sealers = sealers;
            return this;
        }

        Builder actingFor(Caller caller, RepositoryCipher cipher) {
            this.caller = caller;
            this.cipher = cipher;
            return this;
        }

        @Override
        public SealedRepository build() {
            return new SealedRepository(this);
        }
    }
}
