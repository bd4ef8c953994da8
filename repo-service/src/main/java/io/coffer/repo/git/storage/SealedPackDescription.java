package io.coffer.repo.git.storage;

import java.util.EnumMap;
import java.util.Map;
import org.eclipse.jgit.internal.storage.dfs.DfsObjDatabase.PackSource;
import org.eclipse.jgit.internal.storage.dfs.DfsPackDescription;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.pack.PackExt;

/** A pack and its files (pack, index, bitmap …), each a {@link SealedFile}. */
final class SealedPackDescription extends DfsPackDescription {

    private final Map<PackExt, SealedFile> files = new EnumMap<>(PackExt.class);

    SealedPackDescription(DfsRepositoryDescription repository, String name,
            PackSource source) {
        super(repository, name, source);
    }

    synchronized void sealed(PackExt ext, SealedFile file) {
        files.put(ext, file);
    }

    synchronized SealedFile file(PackExt ext) {
        return files.get(ext);
    }

    synchronized Map<PackExt, SealedFile> files() {
        return Map.copyOf(files);
    }
}
