package io.coffer.console.code;

import java.util.List;

/**
 * One file's change between two commits, as a page shows it.
 *
 * @param change A (added), M (modified) or D (deleted), as GetDifferences says
 * @param note   why no hunks are shown (binary, too large), or null
 */
public record FileDiff(String path, String oldPath, String change, List<Diffs.Hunk> hunks, String note) {

    public boolean moved() {
        return oldPath != null && !oldPath.equals(path);
    }
}
