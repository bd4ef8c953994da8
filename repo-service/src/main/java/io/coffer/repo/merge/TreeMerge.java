package io.coffer.repo.merge;

import io.coffer.repo.commit.TreeFiles.TreeFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.merge.MergeAlgorithm;
import org.eclipse.jgit.merge.MergeChunk;
import org.eclipse.jgit.merge.MergeFormatter;
import org.eclipse.jgit.merge.MergeResult;

/**
 * A three-way merge of flattened trees, as CodeCommit merges: a file changed on one side only takes that side; a
 * file changed differently on both is a conflict, unless line-level detail (or AUTOMERGE) merges its lines cleanly or
 * the strategy accepts one side. Pure but for reading blobs and, when not a dry run, writing merged ones.
 */
final class TreeMerge {

    /** FILE_LEVEL: any file changed on both sides conflicts; LINE_LEVEL: only changes to the same lines do. */
    enum DetailLevel { FILE_LEVEL, LINE_LEVEL }

    enum Strategy { NONE, ACCEPT_SOURCE, ACCEPT_DESTINATION, AUTOMERGE }

    /** A file the merge could not decide, with its three versions (null where absent). */
    record Conflict(String path, TreeFile base, TreeFile source, TreeFile destination, int lineConflicts) {

        boolean contentConflict() {
            return source == null || destination == null || !source.id().equals(destination.id());
        }

        boolean modeConflict() {
            return source != null && destination != null && source.mode() != destination.mode()
                    && (base == null || base.mode() != source.mode() && base.mode() != destination.mode());
        }

        boolean objectTypeConflict() {
            return source != null && destination != null
                    && TreeMerge.objectType(source.mode()) != TreeMerge.objectType(destination.mode());
        }
    }

    /**
     * The merged files, and the conflicts (whose paths hold the destination's version meanwhile); with the three
     * versions merged, for resolutions that keep one side.
     */
    record Outcome(NavigableMap<String, TreeFile> files, List<Conflict> conflicts, Map<String, TreeFile> base,
            Map<String, TreeFile> source, Map<String, TreeFile> destination) {
    }

    private TreeMerge() {
    }

    /**
     * Merges {@code source} into {@code destination} from their common {@code base}. With a null {@code inserter}
     * it is a dry run: merged blobs are only hashed.
     */
    static Outcome merge(ObjectReader reader, ObjectInserter inserter, Map<String, TreeFile> base,
            Map<String, TreeFile> source, Map<String, TreeFile> destination, DetailLevel level, Strategy strategy)
            throws IOException {
        TreeSet<String> paths = new TreeSet<>(base.keySet());
        paths.addAll(source.keySet());
        paths.addAll(destination.keySet());
        NavigableMap<String, TreeFile> merged = new TreeMap<>();
        List<Conflict> conflicts = new ArrayList<>();
        for (String path : paths) {
            TreeFile b = base.get(path);
            TreeFile s = source.get(path);
            TreeFile d = destination.get(path);
            TreeFile result;
            if (Objects.equals(s, d) || Objects.equals(b, s)) {
                result = d;
            } else if (Objects.equals(b, d)) {
                result = s;
            } else {
                LineMerge lines = level == DetailLevel.LINE_LEVEL || strategy == Strategy.AUTOMERGE
                        ? LineMerge.of(reader, b, s, d) : null;
                if (lines != null && lines.conflicts() == 0) {
                    byte[] content = lines.content();
                    ObjectId id = inserter == null ? new ObjectInserter.Formatter().idFor(Constants.OBJ_BLOB, content)
                            : inserter.insert(Constants.OBJ_BLOB, content);
                    result = new TreeFile(id, lines.mode());
                } else if (strategy == Strategy.ACCEPT_SOURCE) {
                    result = s;
                } else if (strategy == Strategy.ACCEPT_DESTINATION) {
                    result = d;
                } else {
                    conflicts.add(new Conflict(path, b, s, d, lines == null ? 1 : Math.max(1, lines.conflicts())));
                    result = d;
                }
            }
            if (result != null) {
                merged.put(path, result);
            }
        }
        // a file on one side where the other made a folder: Git cannot hold both
        for (String path : List.copyOf(merged.keySet())) {
            String below = merged.higherKey(path + "/");
            if (below != null && below.startsWith(path + "/") && conflicts.stream().noneMatch(c -> c.path()
                    .equals(path))) {
                conflicts.add(new Conflict(path, base.get(path), source.get(path), destination.get(path), 1));
            }
        }
        return new Outcome(merged, conflicts, base, source, destination);
    }

    /** FILE, SYMLINK, GIT_LINK or DIRECTORY, as CodeCommit names object types. */
    static String objectType(FileMode mode) {
        if (mode == FileMode.SYMLINK) {
            return "SYMLINK";
        }
        if (mode == FileMode.GITLINK) {
            return "GIT_LINK";
        }
        return mode == FileMode.TREE ? "DIRECTORY" : "FILE";
    }

    /**
     * The line-level merge of one text file that both sides changed, or null where lines cannot be merged (a side
     * deleted it, it is binary, a link or a submodule, or the modes conflict).
     */
    record LineMerge(MergeResult<RawText> result, FileMode mode) {

        private static final int MAX_TEXT = 6 * 1024 * 1024;

        static LineMerge of(ObjectReader reader, TreeFile base, TreeFile source, TreeFile destination)
                throws IOException {
            if (source == null || destination == null || !isText(source.mode()) || !isText(destination.mode())
                    || base != null && !isText(base.mode())) {
                return null;
            }
            FileMode mode = source.mode() == destination.mode() ? source.mode()
                    : base != null && base.mode() == source.mode() ? destination.mode()
                    : base != null && base.mode() == destination.mode() ? source.mode() : null;
            if (mode == null) {
                return null;
            }
            byte[] b = base == null ? new byte[0] : text(reader, base);
            byte[] s = text(reader, source);
            byte[] d = text(reader, destination);
            if (b == null || s == null || d == null) {
                return null;
            }
            if (RawText.isBinary(b) || RawText.isBinary(s) || RawText.isBinary(d)) {
                return null;
            }
            // "ours" is the destination, "theirs" the source, as git merge <source> on the destination branch
            return new LineMerge(new MergeAlgorithm().merge(RawTextComparator.DEFAULT, new RawText(b),
                    new RawText(d), new RawText(s)), mode);
        }

        /** A blob's bytes, or null if it is too large to merge by lines (CodeCommit's 6 MB a file). */
        private static byte[] text(ObjectReader reader, TreeFile file) throws IOException {
            return reader.getObjectSize(file.id(), Constants.OBJ_BLOB) > MAX_TEXT ? null
                    : reader.open(file.id(), Constants.OBJ_BLOB).getCachedBytes(MAX_TEXT);
        }

        private static boolean isText(FileMode mode) {
            return mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE;
        }

        /** How many regions both sides changed differently. */
        int conflicts() {
            int count = 0;
            for (MergeChunk chunk : result) {
                if (chunk.getConflictState() == MergeChunk.ConflictState.FIRST_CONFLICTING_RANGE) {
                    count++;
                }
            }
            return count;
        }

        /** The merged file (without conflicts: no markers). */
        byte[] content() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new MergeFormatter().formatMerge(out, result, List.of("base", "destination", "source"),
                    StandardCharsets.UTF_8);
            return out.toByteArray();
        }
    }
}
