package io.coffer.repo.commit;

import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.coffer.repo.commit.CommitRequests.BatchGetCommitsError;
import io.coffer.repo.commit.CommitRequests.BatchGetCommitsRequest;
import io.coffer.repo.commit.CommitRequests.BatchGetCommitsResponse;
import io.coffer.repo.commit.CommitRequests.Commit;
import io.coffer.repo.commit.CommitRequests.FileVersion;
import io.coffer.repo.commit.CommitRequests.GetCommitRequest;
import io.coffer.repo.commit.CommitRequests.GetCommitResponse;
import io.coffer.repo.commit.CommitRequests.ListFileCommitHistoryRequest;
import io.coffer.repo.commit.CommitRequests.ListFileCommitHistoryResponse;
import io.coffer.repo.commit.CommitRequests.UserInfo;
import io.coffer.repo.git.ObjectIds;
import io.coffer.repo.git.storage.RepositoryStorage;
import io.coffer.repo.git.storage.SealedRepository;
import io.coffer.repo.repository.CodeCommitErrors;
import io.coffer.repo.repository.ListToken;
import io.coffer.repo.repository.RepositoryQueries;
import io.coffer.repo.repository.StoredRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/** CodeCommit's commit reads: GetCommit, BatchGetCommits and ListFileCommitHistory, through crypto-service. */
@ApplicationScoped
public class CommitQueries {

    /** BatchGetCommits takes up to this many commit IDs. */
    static final int MAX_BATCH = 100;
    /** ListFileCommitHistory's page when the caller names none, and the most it gives. */
    static final int HISTORY_PAGE = 100;
    static final int MAX_HISTORY_PAGE = 1000;

    private final RepositoryQueries repositories;
    private final RepositoryStorage storage;
    private final Revisions revisions;

    public CommitQueries(RepositoryQueries repositories, RepositoryStorage storage, Revisions revisions) {
        this.repositories = repositories;
        this.storage = storage;
        this.revisions = revisions;
    }

    public GetCommitResponse commit(Caller caller, GetCommitRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        ObjectId id = commitId(request.commitId());
        try (SealedRepository db = storage.open(caller, repository); RevWalk walk = new RevWalk(db)) {
            return new GetCommitResponse(describe(walk.parseCommit(id)));
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            throw CommitErrors.commitIdDoesNotExist(id.name());
        } catch (IOException e) {
            throw CodeCommitErrors.storage(e);
        }
    }

    /** Each commit that exists, and an error entry for each ID that is not a full commit ID or names nothing. */
    public BatchGetCommitsResponse batch(Caller caller, BatchGetCommitsRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        if (request.commitIds() == null || request.commitIds().isEmpty()) {
            throw CommitErrors.commitIdsListRequired();
        }
        if (request.commitIds().size() > MAX_BATCH) {
            throw CommitErrors.commitIdsLimitExceeded(MAX_BATCH);
        }
        List<Commit> commits = new ArrayList<>();
        List<BatchGetCommitsError> errors = new ArrayList<>();
        try (SealedRepository db = storage.open(caller, repository); RevWalk walk = new RevWalk(db)) {
            for (String requested : new LinkedHashSet<>(request.commitIds())) {
                Optional<ObjectId> id = ObjectIds.parse(requested);
                if (id.isEmpty()) {
                    errors.add(new BatchGetCommitsError(requested, "InvalidCommitIdException",
                            "The specified commit ID is not valid."));
                    continue;
                }
                try {
                    commits.add(describe(walk.parseCommit(id.get())));
                } catch (MissingObjectException | IncorrectObjectTypeException e) {
                    errors.add(new BatchGetCommitsError(requested, "CommitIdDoesNotExistException",
                            "Commit " + requested + " does not exist."));
                }
            }
        } catch (IOException e) {
            throw CodeCommitErrors.storage(e);
        }
        return new BatchGetCommitsResponse(commits, errors);
    }

    /**
     * The commits that changed one file, newest first, from a commit back (git log -- path; renames are not
     * followed), each with the file's blob there and its children among the commits listed so far.
     */
    public ListFileCommitHistoryResponse history(Caller caller, ListFileCommitHistoryRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        String path = RepositoryPaths.file(request.filePath());
        int max = pageSize(request.maxResults(), HISTORY_PAGE, MAX_HISTORY_PAGE,
                CommitErrors::invalidMaxResults);
        try (SealedRepository db = storage.open(caller, repository); RevWalk walk = new RevWalk(db)) {
            RevCommit start = revisions.commit(repository, walk, request.commitSpecifier());
            String query = "history:" + repository.repositoryId() + ":" + start.name() + ":" + path + ":" + max;
            int offset = request.nextToken() == null ? 0 : ListToken.offset(request.nextToken(), query);
            // parents are rewritten to the nearest commit that changed the path, as git log -- path shows them
            walk.setTreeFilter(AndTreeFilter.create(PathFilter.create(path), TreeFilter.ANY_DIFF));
            walk.sort(RevSort.TOPO);
            walk.markStart(start);
            Map<ObjectId, List<String>> children = new HashMap<>();
            List<FileVersion> page = new ArrayList<>();
            int seen = 0;
            boolean more = false;
            for (RevCommit commit : walk) {
                if (seen >= offset + max) {
                    more = true;
                    break;
                }
                for (RevCommit parent : commit.getParents()) {
                    children.computeIfAbsent(parent, p -> new ArrayList<>()).add(commit.name());
                }
                if (seen++ >= offset) {
                    walk.parseBody(commit);
                    page.add(version(db, commit, path, children.getOrDefault(commit, List.of())));
                }
            }
            return new ListFileCommitHistoryResponse(page, more ? ListToken.of(offset + max, query) : null);
        } catch (IOException e) {
            throw CodeCommitErrors.storage(e);
        }
    }

    private static FileVersion version(SealedRepository db, RevCommit commit, String path, List<String> children)
            throws IOException {
        try (TreeWalk entry = TreeWalk.forPath(db, path, commit.getTree())) {
            return new FileVersion(describe(commit), entry == null ? null : entry.getObjectId(0).name(),
                    entry == null ? null : path, List.copyOf(children));
        }
    }

    /** A page size the caller asked for, or the default: 1 to {@code max}, else {@code invalid}. */
    public static int pageSize(Integer requested, int byDefault, int max, Supplier<AwsException> invalid) {
        if (requested == null) {
            return byDefault;
        }
        if (requested < 1 || requested > max) {
            throw invalid.get();
        }
        return requested;
    }

    /** A full commit ID the caller named. */
    public static ObjectId commitId(String commitId) {
        if (commitId == null || commitId.isEmpty()) {
            throw CommitErrors.commitIdRequired();
        }
        return ObjectIds.parse(commitId).orElseThrow(CommitErrors::invalidCommitId);
    }

    /** A parsed commit as CodeCommit describes it. */
    public static Commit describe(RevCommit commit) {
        return new Commit(commit.name(), commit.getTree().name(),
                Arrays.stream(commit.getParents()).map(RevCommit::name).toList(), commit.getFullMessage(),
                user(commit.getAuthorIdent()), user(commit.getCommitterIdent()), "");
    }

    /** CodeCommit's date: epoch seconds, a space, and the author's UTC offset as +HHMM. */
    private static UserInfo user(PersonIdent ident) {
        ZoneOffset offset = ident.getZoneOffset();
        int minutes = offset.getTotalSeconds() / 60;
        String zone = String.format("%s%02d%02d", minutes < 0 ? "-" : "+", Math.abs(minutes) / 60,
                Math.abs(minutes) % 60);
        return new UserInfo(ident.getName(), ident.getEmailAddress(),
                ident.getWhenAsInstant().getEpochSecond() + " " + zone);
    }
}
