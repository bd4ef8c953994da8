package io.coffer.repo.commit;

import io.coffer.kernel.Caller;
import io.coffer.repo.commit.CommitRequests.BlobMetadata;
import io.coffer.repo.commit.CommitRequests.Difference;
import io.coffer.repo.commit.CommitRequests.GetDifferencesRequest;
import io.coffer.repo.commit.CommitRequests.GetDifferencesResponse;
import io.coffer.repo.git.storage.RepositoryStorage;
import io.coffer.repo.git.storage.SealedRepository;
import io.coffer.repo.repository.CodeCommitErrors;
import io.coffer.repo.repository.ListToken;
import io.coffer.repo.repository.RepositoryQueries;
import io.coffer.repo.repository.StoredRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * GetDifferences: the files that differ between two commits (or everything in one, with no "before"), as git diff
 * --raw lists them without rename detection, in path order and paged. A path limits both sides; two different paths
 * compare one folder before with another after (a moved folder).
 */
@ApplicationScoped
public class Differences {

    static final int PAGE = 100;
    static final int MAX_PAGE = 1000;

    private final RepositoryQueries repositories;
    private final RepositoryStorage storage;
    private final Revisions revisions;

    public Differences(RepositoryQueries repositories, RepositoryStorage storage, Revisions revisions) {
        this.repositories = repositories;
        this.storage = storage;
        this.revisions = revisions;
    }

    public GetDifferencesResponse differences(Caller caller, GetDifferencesRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        if (request.afterCommitSpecifier() == null || request.afterCommitSpecifier().isEmpty()) {
            throw CommitErrors.commitRequired();
        }
        String beforePath = request.beforePath() == null ? null : RepositoryPaths.normalize(request.beforePath());
        String afterPath = request.afterPath() == null ? null : RepositoryPaths.normalize(request.afterPath());
        beforePath = beforePath == null ? (afterPath == null ? "" : afterPath) : beforePath;
        afterPath = afterPath == null ? beforePath : afterPath;
        int max = CommitQueries.pageSize(request.maxResults(), PAGE, MAX_PAGE,
                CommitErrors::invalidMaxResults);
        try (SealedRepository db = storage.open(caller, repository); RevWalk walk = new RevWalk(db)) {
            RevCommit after = revisions.commit(repository, walk, request.afterCommitSpecifier());
            boolean fromNothing = request.beforeCommitSpecifier() == null
                    || request.beforeCommitSpecifier().isEmpty();
            RevCommit before = fromNothing ? null
                    : revisions.commit(repository, walk, request.beforeCommitSpecifier());
            String query = String.join(":", "differences", repository.repositoryId(),
                    before == null ? "" : before.name(), after.name(), beforePath, afterPath, Integer.toString(max));
            int offset = request.nextToken() == null ? 0 : ListToken.offset(request.nextToken(), query);
            Page page = new Page(offset, max);
            Side old = Side.at(db, before, beforePath);
            Side current = Side.at(db, after, afterPath);
            if ((!beforePath.isEmpty() || !afterPath.isEmpty()) && old.missing() && current.missing()) {
                throw CommitErrors.pathDoesNotExist(beforePath.equals(afterPath) ? afterPath
                        : beforePath + ", " + afterPath);
            }
            if (beforePath.equals(afterPath) && !(old.isFile() && current.isFile())) {
                // the same path on both sides: compare whole trees under it, so a file that became a folder shows
                walkRoots(db, before, after, afterPath, page);
            } else if (old.isFile() || current.isFile()) {
                page.offer(difference(old.file(), current.file()));
            } else {
                walkFolders(db, old, current, page);
            }
            return new GetDifferencesResponse(page.differences,
                    page.more ? ListToken.of(offset + max, query) : null);
        } catch (IOException e) {
            throw CodeCommitErrors.storage(e);
        }
    }

    private static void walkRoots(SealedRepository db, RevCommit before, RevCommit after, String path, Page page)
            throws IOException {
        try (TreeWalk walk = new TreeWalk(db)) {
            walk.setRecursive(true);
            walk.addTree(before == null ? new EmptyTreeIterator() : parser(walk, before.getTree()));
            walk.addTree(parser(walk, after.getTree()));
            walk.setFilter(path.isEmpty() ? TreeFilter.ANY_DIFF
                    : AndTreeFilter.create(PathFilter.create(path), TreeFilter.ANY_DIFF));
            while (walk.next()) {
                String name = walk.getPathString();
                if (!page.offer(difference(blob(walk, 0, name), blob(walk, 1, name)))) {
                    return;
                }
            }
        }
    }

    private static void walkFolders(SealedRepository db, Side old, Side current, Page page) throws IOException {
        try (TreeWalk walk = new TreeWalk(db)) {
            walk.setRecursive(true);
            walk.addTree(old.folder == null ? new EmptyTreeIterator() : parser(walk, old.folder));
            walk.addTree(current.folder == null ? new EmptyTreeIterator() : parser(walk, current.folder));
            walk.setFilter(TreeFilter.ANY_DIFF);
            while (walk.next()) {
                String name = walk.getPathString();
                if (!page.offer(difference(blob(walk, 0, old.path + "/" + name),
                        blob(walk, 1, current.path + "/" + name)))) {
                    return;
                }
            }
        }
    }

    private static AbstractTreeIterator parser(TreeWalk walk, ObjectId tree) throws IOException {
        return new CanonicalTreeParser(null, walk.getObjectReader(), tree);
    }

    private static BlobMetadata blob(TreeWalk walk, int tree, String path) {
        FileMode mode = walk.getFileMode(tree);
        return mode == FileMode.MISSING ? null : new BlobMetadata(walk.getObjectId(tree).name(), path,
                mode.toString());
    }

    private static Difference difference(BlobMetadata before, BlobMetadata after) {
        if (before == null && after == null || before != null && after != null
                && before.blobId().equals(after.blobId()) && before.mode().equals(after.mode())) {
            return null;
        }
        return new Difference(before, after, before == null ? "A" : after == null ? "D" : "M");
    }

    /** What one commit has at a path: a folder, a file, or nothing. */
    private record Side(String path, ObjectId folder, BlobMetadata file) {

        static Side at(SealedRepository db, RevCommit commit, String path) throws IOException {
            if (commit == null) {
                return new Side(path, null, null);
            }
            if (path.isEmpty()) {
                return new Side(path, commit.getTree(), null);
            }
            try (TreeWalk entry = TreeWalk.forPath(db, path, commit.getTree())) {
                if (entry == null) {
                    return new Side(path, null, null);
                }
                FileMode mode = entry.getFileMode(0);
                return mode == FileMode.TREE ? new Side(path, entry.getObjectId(0), null)
                        : new Side(path, null, new BlobMetadata(entry.getObjectId(0).name(), path, mode.toString()));
            }
        }

        boolean missing() {
            return folder == null && file == null;
        }

        boolean isFile() {
            return file != null;
        }
    }

    /** One page of differences: those after {@code offset}, up to {@code max}, and whether more follow. */
    private static final class Page {

        private final int offset;
        private final int max;
        private final List<Difference> differences = new ArrayList<>();
        private int seen;
        private boolean more;

        Page(int offset, int max) {
            this.offset = offset;
            this.max = max;
        }

        /** Takes a difference (null: none); false once the page is full and one more was seen. */
        boolean offer(Difference difference) {
            if (difference == null) {
                return true;
            }
            if (seen++ < offset) {
                return true;
            }
            if (differences.size() == max) {
                more = true;
                return false;
            }
            differences.add(difference);
            return true;
        }
    }
}
