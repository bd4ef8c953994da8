package io.coffer.repo.git.storage;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.eclipse.jgit.errors.StoredObjectRepresentationNotAvailableException;
import org.eclipse.jgit.internal.storage.dfs.DfsObjDatabase;
import org.eclipse.jgit.internal.storage.dfs.DfsOutputStream;
import org.eclipse.jgit.internal.storage.dfs.DfsPackDescription;
import org.eclipse.jgit.internal.storage.dfs.DfsPackFile;
import org.eclipse.jgit.internal.storage.dfs.DfsReader;
import org.eclipse.jgit.internal.storage.dfs.DfsReaderOptions;
import org.eclipse.jgit.internal.storage.dfs.ReadableChannel;
import org.eclipse.jgit.internal.storage.pack.ObjectToPack;
import org.eclipse.jgit.internal.storage.pack.PackExt;
import org.eclipse.jgit.internal.storage.pack.PackOutputStream;
import org.eclipse.jgit.lib.ObjectId;
import org.jboss.logging.Logger;

/**
 * A repository's objects: packs whose every file is a sealed message in the blob store, listed in the
 * {@link PackCatalog}. File names are unique for all time (a random UUID per pack), so a block cached under a name
 * can never belong to other data.
 */
final class SealedObjDatabase extends DfsObjDatabase {

    private static final Logger LOG = Logger.getLogger(SealedObjDatabase.class);

    private final PackCatalog catalog;
    private final BlobStore store;
    private final RepositoryCipher cipher;
    private final int blockSize;
    private final ExecutorService sealers;
    private final DecryptedRuns runs = new DecryptedRuns();

    SealedObjDatabase(SealedRepository repository, PackCatalog catalog, BlobStore store, RepositoryCipher cipher,
            int blockSize, ExecutorService sealers) {
        super(repository, new DfsReaderOptions());
        this.catalog = catalog;
        this.store = store;
        this.cipher = cipher;
        this.blockSize = blockSize;
        this.sealers = sealers;
    }

    @Override
    protected List<DfsPackDescription> listPacks() throws IOException {
        return new ArrayList<>(catalog.list(getRepository().getDescription()));
    }

    @Override
    protected DfsPackDescription newPack(PackSource source) {
        return new SealedPackDescription(getRepository().getDescription(),
                "pack-" + UUID.randomUUID() + "-" + source.name(), source);
    }

    @Override
    protected void commitPackImpl(Collection<DfsPackDescription> desc, Collection<DfsPackDescription> replaces)
            throws IOException {
        List<SealedPackDescription> added = new ArrayList<>();
        for (DfsPackDescription pack : desc) {
            SealedPackDescription sealed = (SealedPackDescription) pack;
            for (PackExt ext : PackExt.values()) {
                if (pack.hasFileExt(ext) && sealed.file(ext) == null) {
                    throw new IOException(pack.getFileName(ext) + " was never sealed");
                }
            }
            added.add(sealed);
        }
        catalog.commit(getRepository().getDescription(), added, replaces == null ? List.of() : replaces);
        clearCache();
    }

    @Override
    protected void rollbackPack(Collection<DfsPackDescription> desc) {
        for (DfsPackDescription pack : desc) {
            for (PackExt ext : PackExt.values()) {
                try {
                    store.delete(cipher.repositoryId(), pack.getFileName(ext));
                } catch (IOException e) {
                    LOG.warnf("could not delete %s of an abandoned pack: %s", pack.getFileName(ext), e.toString());
                }
            }
        }
    }

    @Override
    protected ReadableChannel openFile(DfsPackDescription desc, PackExt ext) throws IOException {
        SealedFile file = ((SealedPackDescription) desc).file(ext);
        if (file == null) {
            throw new FileNotFoundException(desc.getFileName(ext));
        }
        String name = desc.getFileName(ext);
        return new SealedFileChannel(name, file, store, cipher, blockSize, runs);
    }

    @Override
    protected DfsOutputStream writeFile(DfsPackDescription desc, PackExt ext) throws IOException {
        SealedPackDescription pack = (SealedPackDescription) desc;
        return new SealingOutputStream(desc.getFileName(ext), cipher, store, blockSize, sealers,
                file -> pack.sealed(ext, file));
    }

    /**
     * Copies stored objects into packs (clones, fetches, repacks) without JGit's CRC-32 pass over each one first:
     * every byte read back was authenticated by AES-GCM with its frame (a changed byte fails the read with
     * {@link StoredDataCorruptException}), so the pass found nothing more, read every large object twice and held
     * git back until it was done.
     */
    @Override
    public DfsReader newReader() {
        return new DfsReader(this) {
            @Override
            public void copyObjectAsIs(PackOutputStream out, ObjectToPack otp, boolean validate)
                    throws IOException, StoredObjectRepresentationNotAvailableException {
                super.copyObjectAsIs(out, otp, false);
            }
        };
    }

    @Override
    public void close() {
        super.close();
        runs.clear();
    }

    /** The server keeps no shallow state: shallow clones are the client's. */
    @Override
    public Set<ObjectId> getShallowCommits() {
        return Set.of();
    }

    @Override
    public void setShallowCommits(Set<ObjectId> shallowCommits) {
        throw new UnsupportedOperationException("a hosted repository is never shallow");
    }

    @Override
    public long getApproximateObjectCount() {
        long count = 0;
        try {
            for (DfsPackFile pack : getPacks()) {
                count += pack.getPackDescription().getObjectCount();
            }
        } catch (IOException e) {
            return -1;
        }
        return count;
    }
}
