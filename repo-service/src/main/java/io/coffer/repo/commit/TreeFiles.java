package io.coffer.repo.commit;

import java.io.IOException;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A commit's tree flattened to its files by path (folders are implied; submodules are files of mode GITLINK), and
 * written back: the form in which commits made through the API and merges edit trees.
 */
public final class TreeFiles {

    /** One file of a tree: its object and mode. */
    public record TreeFile(ObjectId id, FileMode mode) {
    }

    /** Where CodeCommit keeps a folder that deletions emptied, when asked to (keepEmptyFolders). */
    public static final String KEEP_FILE = "..gitkeep";

    private TreeFiles() {
    }

    /**
     * After {@code deleted} left {@code files}: if its folder has no file left, keeps the folder with an empty
     * {@value #KEEP_FILE}, inserted on first use.
     */
    public static void keepFolder(NavigableMap<String, TreeFile> files, String deleted, ObjectInserter inserter)
            throws IOException {
        int slash = deleted.lastIndexOf('/');
        if (slash <= 0) {
            return;
        }
        String folder = deleted.substring(0, slash + 1);
        String next = files.ceilingKey(folder);
        if (next == null || !next.startsWith(folder)) {
            files.put(folder + KEEP_FILE, new TreeFile(inserter.insert(Constants.OBJ_BLOB, new byte[0]),
                    FileMode.REGULAR_FILE));
        }
    }

    /** The files of {@code tree}, by path; none for a null tree (the parent of a first commit). */
    public static NavigableMap<String, TreeFile> read(ObjectReader reader, ObjectId tree) throws IOException {
        NavigableMap<String, TreeFile> files = new TreeMap<>();
        if (tree != null) {
            try (TreeWalk walk = new TreeWalk(reader)) {
                walk.addTree(tree);
                walk.setRecursive(true);
                while (walk.next()) {
                    files.put(walk.getPathString(), new TreeFile(walk.getObjectId(0), walk.getFileMode(0)));
                }
            }
        }
        return files;
    }

    /** Writes the trees of {@code files}; the ID of the root. */
    public static ObjectId write(ObjectInserter inserter, Map<String, TreeFile> files) throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        for (Map.Entry<String, TreeFile> file : files.entrySet()) {
            DirCacheEntry entry = new DirCacheEntry(file.getKey());
            entry.setFileMode(file.getValue().mode());
            entry.setObjectId(file.getValue().id());
            builder.add(entry);
        }
        builder.finish();
        return index.writeTree(inserter);
    }
}
