package io.coffer.repo.merge;

import io.coffer.repo.commit.TreeFiles.TreeFile;
import io.coffer.repo.file.FileModes;
import io.coffer.repo.merge.MergeRequests.ConflictMetadata;
import io.coffer.repo.merge.MergeRequests.MergeHunk;
import io.coffer.repo.merge.MergeRequests.MergeHunkDetail;
import io.coffer.repo.merge.MergeRequests.MergeOperations;
import io.coffer.repo.merge.MergeRequests.Sides;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.merge.MergeChunk;
import org.eclipse.jgit.merge.MergeResult;

/** A merge conflict as GetMergeConflicts and DescribeMergeConflicts describe it: metadata and merge hunks. */
final class ConflictDescriptions {

    private ConflictDescriptions() {
    }

    static ConflictMetadata metadata(ObjectReader reader, TreeMerge.Conflict conflict) {
        return new ConflictMetadata(conflict.path(),
                sides(conflict, file -> isBlob(file) ? size(reader, file) : null),
                sides(conflict, file -> FileModes.name(file.mode())),
                sides(conflict, file -> TreeMerge.objectType(file.mode())),
                conflict.lineConflicts(),
                sides(conflict, file -> isBlob(file) && isBinary(reader, file)),
                conflict.contentConflict(), conflict.modeConflict(), conflict.objectTypeConflict(),
                new MergeOperations(operation(conflict.base(), conflict.source()),
                        operation(conflict.base(), conflict.destination())));
    }

    /** The regions both sides changed differently, with each side's lines; none for a file lines cannot merge. */
    static List<MergeHunk> hunks(ObjectReader reader, TreeMerge.Conflict conflict) throws IOException {
        TreeMerge.LineMerge lines = TreeMerge.LineMerge.of(reader, conflict.base(), conflict.source(),
                conflict.destination());
        if (lines == null) {
            return List.of();
        }
        MergeResult<RawText> result = lines.result();
        List<MergeHunk> hunks = new ArrayList<>();
        MergeHunkDetail destination = null;
        MergeHunkDetail base = null;
        for (MergeChunk chunk : result) {
            MergeHunkDetail detail = detail(result, chunk);
            switch (chunk.getConflictState()) {
                case FIRST_CONFLICTING_RANGE -> {
                    destination = detail;
                    base = null;
                }
                case BASE_CONFLICTING_RANGE -> base = detail;
                case NEXT_CONFLICTING_RANGE -> hunks.add(new MergeHunk(true, detail, destination, base));
                default -> {
                    // lines merged cleanly are not a conflict's hunk
                }
            }
        }
        return hunks;
    }

    private static MergeHunkDetail detail(MergeResult<RawText> result, MergeChunk chunk) {
        RawText text = result.getSequences().get(chunk.getSequenceIndex());
        return new MergeHunkDetail(chunk.getBegin() + 1, chunk.getEnd(),
                text.getString(chunk.getBegin(), chunk.getEnd(), false));
    }

    private static <T> Sides<T> sides(TreeMerge.Conflict conflict, Function<TreeFile, T> value) {
        return new Sides<>(conflict.source() == null ? null : value.apply(conflict.source()),
                conflict.destination() == null ? null : value.apply(conflict.destination()),
                conflict.base() == null ? null : value.apply(conflict.base()));
    }

    private static String operation(TreeFile base, TreeFile side) {
        if (base == null) {
            return side == null ? null : "A";
        }
        if (side == null) {
            return "D";
        }
        return base.equals(side) ? null : "M";
    }

    private static boolean isBlob(TreeFile file) {
        return file.mode() != FileMode.GITLINK;
    }

    private static long size(ObjectReader reader, TreeFile file) {
        try {
            return reader.getObjectSize(file.id(), Constants.OBJ_BLOB);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Git's test: a NUL in the first 8000 bytes. */
    private static boolean isBinary(ObjectReader reader, TreeFile file) {
        try (InputStream in = reader.open(file.id(), Constants.OBJ_BLOB).openStream()) {
            return RawText.isBinary(in.readNBytes(8000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
