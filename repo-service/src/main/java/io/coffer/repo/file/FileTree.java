package io.coffer.repo.file;

import io.coffer.repo.commit.TreeFiles;
import io.coffer.repo.commit.TreeFiles.TreeFile;
import io.coffer.repo.file.FileRequests.FileMetadata;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * The files of a commit, flattened by path, edited as CodeCommit's PutFile, DeleteFile and CreateCommit edit them
 * (each edit checked against the tree as the edits before it left it) and written back as Git trees. Tracks what
 * was added, updated and deleted for the response.
 */
final class FileTree {

    private final NavigableMap<String, TreeFile> files;
    private final Map<String, TreeFile> original;
    private final List<String> deleted = new ArrayList<>();

    private FileTree(NavigableMap<String, TreeFile> files) {
        this.files = files;
        this.original = Map.copyOf(files);
    }

    /** The files of {@code tree}; null is the empty tree of a repository's first commit. */
    static FileTree of(ObjectReader reader, ObjectId tree) throws IOException {
        return new FileTree(TreeFiles.read(reader, tree));
    }

    /** The blob at {@code path}, if it is a file (not a folder or submodule). */
    ObjectId blob(String path) {
        TreeFile entry = files.get(path);
        return entry == null || entry.mode() == FileMode.GITLINK ? null : entry.id();
    }

    FileMode mode(String path) {
        return files.get(path).mode();
    }

    /** Adds or replaces the file at {@code path}. */
    void put(String path, ObjectId blob, FileMode mode) {
        TreeFile current = files.get(path);
        if (current != null && current.mode() == FileMode.GITLINK) {
            throw FileErrors.filePathConflictsWithSubmodulePath(path);
        }
        if (current == null) {
            String below = files.ceilingKey(path + "/");
            if (below != null && below.startsWith(path + "/")) {
                throw FileErrors.fileNameConflictsWithDirectoryName(path);
            }
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                TreeFile parent = files.get(path.substring(0, slash));
                if (parent != null) {
                    throw parent.mode() == FileMode.GITLINK ? FileErrors.filePathConflictsWithSubmodulePath(path)
                            : FileErrors.directoryNameConflictsWithFileName(path);
                }
            }
        }
        files.put(path, new TreeFile(blob, mode));
    }

    /**
     * Deletes the file at {@code path}; with {@code keepFolder} (an inserter), a folder it leaves empty keeps a
     * {@value TreeFiles#KEEP_FILE}.
     */
    void delete(String path, ObjectInserter keepFolder) throws IOException {
        if (blob(path) == null) {
            throw FileErrors.fileDoesNotExist(path);
        }
        files.remove(path);
        deleted.add(path);
        if (keepFolder != null) {
            TreeFiles.keepFolder(files, path, keepFolder);
        }
    }

    /** Changes the mode of an existing file. */
    void setMode(String path, FileMode mode) {
        ObjectId blob = blob(path);
        if (blob == null) {
            throw FileErrors.fileDoesNotExist(path);
        }
        files.put(path, new TreeFile(blob, mode));
    }

    /** Writes the trees; the ID of the root. */
    ObjectId write(ObjectInserter inserter) throws IOException {
        return TreeFiles.write(inserter, files);
    }

    /** Files that are new, as the response lists them. */
    List<FileMetadata> added() {
        return files.entrySet().stream().filter(e -> !original.containsKey(e.getKey()))
                .map(e -> metadata(e.getKey(), e.getValue())).toList();
    }

    /** Files whose content or mode changed. */
    List<FileMetadata> updated() {
        return files.entrySet().stream().filter(e -> original.containsKey(e.getKey())
                && !original.get(e.getKey()).equals(e.getValue())).map(e -> metadata(e.getKey(), e.getValue()))
                .toList();
    }

    /** Files deleted, with the blob they had. */
    List<FileMetadata> deleted() {
        return deleted.stream().filter(path -> original.containsKey(path) && !files.containsKey(path))
                .map(path -> metadata(path, original.get(path))).toList();
    }

    private static FileMetadata metadata(String path, TreeFile entry) {
        return new FileMetadata(path, entry.id().name(), FileModes.name(entry.mode()));
    }
}
