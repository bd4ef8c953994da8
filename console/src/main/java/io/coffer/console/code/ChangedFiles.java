package io.coffer.console.code;

import io.coffer.console.ConsoleConfig;
import io.coffer.console.aws.ServiceClients.UserClients;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.codecommit.model.Difference;

/**
 * The files that differ between two commits, each with its line diff: GetDifferences for the list, GetBlob for both
 * versions of each file, {@link Diffs} for the hunks. Used by commit, comparison and pull request pages.
 */
@ApplicationScoped
public class ChangedFiles {

    /** A page shows at most this many files' diffs; the rest are listed. */
    static final int MAX_DIFFED_FILES = 50;

    private final ConsoleConfig config;

    public ChangedFiles(ConsoleConfig config) {
        this.config = config;
    }

    /** What changed from {@code before} (null: nothing, i.e. a first commit) to {@code after}, by path. */
    public List<FileDiff> between(UserClients clients, String repository, String before, String after) {
        List<Difference> differences = new ArrayList<>();
        clients.codeCommit().getDifferencesPaginator(r -> r.repositoryName(repository).beforeCommitSpecifier(before)
                .afterCommitSpecifier(after)).forEach(page -> differences.addAll(page.differences()));
        differences.sort(Comparator.comparing(ChangedFiles::path));
        List<FileDiff> files = new ArrayList<>();
        for (Difference d : differences) {
            String path = path(d);
            String oldPath = d.beforeBlob() != null ? d.beforeBlob().path() : null;
            String change = d.changeTypeAsString();
            if (files.size() >= MAX_DIFFED_FILES) {
                files.add(new FileDiff(path, oldPath, change, List.of(),
                        "Not diffed: more than " + MAX_DIFFED_FILES + " files changed."));
                continue;
            }
            byte[] old = d.beforeBlob() == null ? new byte[0] : blob(clients, repository, d.beforeBlob().blobId());
            byte[] now = d.afterBlob() == null ? new byte[0] : blob(clients, repository, d.afterBlob().blobId());
            if (old == null || now == null) {
                files.add(new FileDiff(path, oldPath, change, List.of(), "Too large to show."));
            } else if (Diffs.binary(old, now)) {
                files.add(new FileDiff(path, oldPath, change, List.of(), "Binary file."));
            } else {
                files.add(new FileDiff(path, oldPath, change, Diffs.hunks(old, now), null));
            }
        }
        return files;
    }

    private static String path(Difference d) {
        return d.afterBlob() != null ? d.afterBlob().path() : d.beforeBlob().path();
    }

    /** A blob's content, or null when it is more than a page shows (read no further than that). */
    private byte[] blob(UserClients clients, String repository, String blobId) {
        return FileContents.read(() -> FileContents.getBlob(clients, repository, blobId), config.inlineFileBytes());
    }
}
