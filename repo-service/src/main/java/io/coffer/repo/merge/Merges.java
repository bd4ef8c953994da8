package io.coffer.repo.merge;

import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.coffer.repo.branch.BranchErrors;
import io.coffer.repo.branch.Branches;
import io.coffer.repo.commit.BranchCommits;
import io.coffer.repo.commit.CommitErrors;
import io.coffer.repo.commit.CommitQueries;
import io.coffer.repo.commit.RepositoryPaths;
import io.coffer.repo.commit.Revisions;
import io.coffer.repo.commit.TreeFiles;
import io.coffer.repo.commit.TreeFiles.TreeFile;
import io.coffer.repo.file.FileModes;
import io.coffer.repo.file.FileRequests.DeleteFileEntry;
import io.coffer.repo.file.FileRequests.SetFileModeEntry;
import io.coffer.repo.git.storage.RepositoryStorage;
import io.coffer.repo.git.storage.SealedRepository;
import io.coffer.repo.merge.MergeRequests.BatchDescribeMergeConflictsError;
import io.coffer.repo.merge.MergeRequests.BatchDescribeMergeConflictsRequest;
import io.coffer.repo.merge.MergeRequests.BatchDescribeMergeConflictsResponse;
import io.coffer.repo.merge.MergeRequests.Conflict;
import io.coffer.repo.merge.MergeRequests.ConflictMetadata;
import io.coffer.repo.merge.MergeRequests.ConflictResolution;
import io.coffer.repo.merge.MergeRequests.CreateUnreferencedMergeCommitRequest;
import io.coffer.repo.merge.MergeRequests.DescribeMergeConflictsRequest;
import io.coffer.repo.merge.MergeRequests.DescribeMergeConflictsResponse;
import io.coffer.repo.merge.MergeRequests.GetMergeCommitRequest;
import io.coffer.repo.merge.MergeRequests.GetMergeCommitResponse;
import io.coffer.repo.merge.MergeRequests.GetMergeConflictsRequest;
import io.coffer.repo.merge.MergeRequests.GetMergeConflictsResponse;
import io.coffer.repo.merge.MergeRequests.GetMergeOptionsRequest;
import io.coffer.repo.merge.MergeRequests.GetMergeOptionsResponse;
import io.coffer.repo.merge.MergeRequests.MergeBranchesByFastForwardRequest;
import io.coffer.repo.merge.MergeRequests.MergeBranchesRequest;
import io.coffer.repo.merge.MergeRequests.MergeBranchesResponse;
import io.coffer.repo.merge.MergeRequests.MergeHunk;
import io.coffer.repo.merge.MergeRequests.ReplaceContentEntry;
import io.coffer.repo.repository.CodeCommitErrors;
import io.coffer.repo.repository.ListToken;
import io.coffer.repo.repository.RepositoryQueries;
import io.coffer.repo.repository.StoredRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;

/**
 * CodeCommit's merges of one commit specifier (source) into another (destination): the options a pair allows, its
 * conflicts, and the fast-forward, squash and three-way merges that move a branch, by the same compare-and-swap as a
 * push. Every object is read and written through crypto-service for the caller.
 */
@ApplicationScoped
public class Merges {

    static final String FAST_FORWARD = "FAST_FORWARD_MERGE";
    static final String SQUASH = "SQUASH_MERGE";
    static final String THREE_WAY = "THREE_WAY_MERGE";
    /** CodeCommit's limits: conflict resolution entries, and the pages of conflicts and hunks. */
    static final int MAX_RESOLUTIONS = 100;
    static final int PAGE = 100;

    private final RepositoryQueries repositories;
    private final RepositoryStorage storage;
    private final Revisions revisions;
    private final BranchCommits commits;

    public Merges(RepositoryQueries repositories, RepositoryStorage storage, Revisions revisions,
            BranchCommits commits) {
        this.repositories = repositories;
        this.storage = storage;
        this.revisions = revisions;
        this.commits = commits;
    }

    public GetMergeOptionsResponse options(Caller caller, GetMergeOptionsRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        TreeMerge.DetailLevel level = level(request.conflictDetailLevel());
        TreeMerge.Strategy strategy = strategy(request.conflictResolutionStrategy());
        return read(caller, repository, request.sourceCommitSpecifier(), request.destinationCommitSpecifier(),
                pair -> {
                    List<String> options = new ArrayList<>();
                    if (pair.fastForwards()) {
                        options.add(FAST_FORWARD);
                    }
                    if (pair.merge(null, level, strategy).conflicts().isEmpty()) {
                        options.add(SQUASH);
                        options.add(THREE_WAY);
                    }
                    return new GetMergeOptionsResponse(options, pair.source.name(), pair.destination.name(),
                            pair.baseId());
                });
    }

    public GetMergeConflictsResponse conflicts(Caller caller, GetMergeConflictsRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        String option = option(request.mergeOption());
        TreeMerge.DetailLevel level = level(request.conflictDetailLevel());
        TreeMerge.Strategy strategy = strategy(request.conflictResolutionStrategy());
        int max = CommitQueries.pageSize(request.maxConflictFiles(), PAGE, PAGE,
                MergeErrors::invalidMaxConflictFiles);
        return read(caller, repository, request.sourceCommitSpecifier(), request.destinationCommitSpecifier(),
                pair -> {
                    if (option.equals(FAST_FORWARD)) {
                        return new GetMergeConflictsResponse(pair.fastForwards(), pair.destination.name(),
                                pair.source.name(), pair.baseId(), List.of(), null);
                    }
                    List<TreeMerge.Conflict> conflicts = pair.merge(null, level, strategy).conflicts();
                    String query = String.join(":", "conflicts", repository.repositoryId(), pair.source.name(),
                            pair.destination.name(), option, level.name(), strategy.name(), Integer.toString(max));
                    int offset = request.nextToken() == null ? 0 : ListToken.offset(request.nextToken(), query);
                    List<ConflictMetadata> page = conflicts.stream().skip(offset).limit(max)
                            .map(c -> ConflictDescriptions.metadata(pair.reader, c)).toList();
                    return new GetMergeConflictsResponse(conflicts.isEmpty(), pair.destination.name(),
                            pair.source.name(), pair.baseId(), page,
                            offset + max < conflicts.size() ? ListToken.of(offset + max, query) : null);
                });
    }

    public DescribeMergeConflictsResponse describe(Caller caller, DescribeMergeConflictsRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        String option = option(request.mergeOption());
        String path = RepositoryPaths.file(request.filePath());
        TreeMerge.DetailLevel level = level(request.conflictDetailLevel());
        TreeMerge.Strategy strategy = strategy(request.conflictResolutionStrategy());
        int max = CommitQueries.pageSize(request.maxMergeHunks(), PAGE, PAGE,
                MergeErrors::invalidMaxMergeHunks);
        return read(caller, repository, request.sourceCommitSpecifier(), request.destinationCommitSpecifier(),
                pair -> {
                    TreeMerge.Conflict conflict = option.equals(FAST_FORWARD) ? null
                            : pair.merge(null, level, strategy).conflicts().stream()
                                    .filter(c -> c.path().equals(path)).findFirst().orElse(null);
                    if (conflict == null) {
                        throw CommitErrors.pathDoesNotExist(path);
                    }
                    List<MergeHunk> hunks = ConflictDescriptions.hunks(pair.reader, conflict);
                    String query = String.join(":", "hunks", repository.repositoryId(), pair.source.name(),
                            pair.destination.name(), path, Integer.toString(max));
                    int offset = request.nextToken() == null ? 0 : ListToken.offset(request.nextToken(), query);
                    return new DescribeMergeConflictsResponse(ConflictDescriptions.metadata(pair.reader, conflict),
                            hunks.stream().skip(offset).limit(max).toList(),
                            offset + max < hunks.size() ? ListToken.of(offset + max, query) : null,
                            pair.destination.name(), pair.source.name(), pair.baseId());
                });
    }

    /**
     * The conflicts of several files at once (all of them when no paths are named, {@code maxConflictFiles} a page),
     * with an error entry for each named path that has none.
     */
    public BatchDescribeMergeConflictsResponse batchDescribe(Caller caller,
            BatchDescribeMergeConflictsRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        String option = option(request.mergeOption());
        TreeMerge.DetailLevel level = level(request.conflictDetailLevel());
        TreeMerge.Strategy strategy = strategy(request.conflictResolutionStrategy());
        int maxFiles = CommitQueries.pageSize(request.maxConflictFiles(), PAGE, PAGE,
                MergeErrors::invalidMaxConflictFiles);
        int maxHunks = CommitQueries.pageSize(request.maxMergeHunks(), PAGE, PAGE,
                MergeErrors::invalidMaxMergeHunks);
        List<String> named = request.filePaths() == null ? List.of()
                : request.filePaths().stream().map(RepositoryPaths::file).distinct().toList();
        return read(caller, repository, request.sourceCommitSpecifier(), request.destinationCommitSpecifier(),
                pair -> {
                    List<TreeMerge.Conflict> conflicts = option.equals(FAST_FORWARD) ? List.of()
                            : pair.merge(null, level, strategy).conflicts();
                    List<BatchDescribeMergeConflictsError> errors = new ArrayList<>();
                    List<TreeMerge.Conflict> chosen = named.isEmpty() ? conflicts
                            : conflicts.stream().filter(c -> named.contains(c.path())).toList();
                    named.stream().filter(path -> chosen.stream().noneMatch(c -> c.path().equals(path)))
                            .forEach(path -> errors.add(new BatchDescribeMergeConflictsError(path,
                                    "PathDoesNotExistException", "No conflict in " + path + ".")));
                    String query = String.join(":", "batch-conflicts", repository.repositoryId(),
                            pair.source.name(), pair.destination.name(), option, level.name(), strategy.name(),
                            String.join(",", named), Integer.toString(maxFiles), Integer.toString(maxHunks));
                    int offset = request.nextToken() == null ? 0 : ListToken.offset(request.nextToken(), query);
                    List<Conflict> page = new ArrayList<>();
                    for (TreeMerge.Conflict conflict : chosen.stream().skip(offset).limit(maxFiles).toList()) {
                        page.add(new Conflict(ConflictDescriptions.metadata(pair.reader, conflict),
                                ConflictDescriptions.hunks(pair.reader, conflict).stream().limit(maxHunks).toList()));
                    }
                    return new BatchDescribeMergeConflictsResponse(page,
                            offset + maxFiles < chosen.size() ? ListToken.of(offset + maxFiles, query) : null, errors,
                            pair.destination.name(), pair.source.name(), pair.baseId());
                });
    }

    /**
     * The commit that merged the source into the destination: the newest in the destination's history with the
     * source as a second parent; none if the source is not merged, or was fast-forwarded.
     */
    public GetMergeCommitResponse mergeCommit(Caller caller, GetMergeCommitRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        level(request.conflictDetailLevel());
        strategy(request.conflictResolutionStrategy());
        return read(caller, repository, request.sourceCommitSpecifier(), request.destinationCommitSpecifier(),
                pair -> new GetMergeCommitResponse(pair.source.name(), pair.destination.name(), pair.baseId(),
                        pair.alreadyMerged() ? pair.mergedBy() : null));
    }

    /** Moves the target branch to the source commit, if the destination is an ancestor of it. */
    public MergeBranchesResponse fastForward(Caller caller, MergeBranchesByFastForwardRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        String target = target(request.targetBranch(), request.destinationCommitSpecifier());
        return read(caller, repository, request.sourceCommitSpecifier(), request.destinationCommitSpecifier(),
                pair -> {
                    ObjectId tip = tip(repository, target);
                    if (pair.alreadyMerged()) {
                        return new MergeBranchesResponse(pair.destination.name(), pair.destination.getTree().name());
                    }
                    if (!pair.fastForwards()) {
                        throw MergeErrors.manualMergeRequired();
                    }
                    commits.move(caller, repository, target, tip, pair.source, () -> BranchErrors.concurrentUpdate(
                            Constants.R_HEADS + target));
                    return new MergeBranchesResponse(pair.source.name(), pair.source.getTree().name());
                });
    }

    /** One new commit on the destination with the merged tree: the source's history is not kept. */
    public MergeBranchesResponse squash(Caller caller, MergeBranchesRequest request) {
        return merge(caller, request, false);
    }

    /** A merge commit whose parents are the destination and the source. */
    public MergeBranchesResponse threeWay(Caller caller, MergeBranchesRequest request) {
        return merge(caller, request, true);
    }

    private MergeBranchesResponse merge(Caller caller, MergeBranchesRequest request, boolean keepSource) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        String target = target(request.targetBranch(), request.destinationCommitSpecifier());
        TreeMerge.DetailLevel level = level(request.conflictDetailLevel());
        TreeMerge.Strategy strategy = strategy(request.conflictResolutionStrategy());
        PersonIdent author = BranchCommits.author(caller, request.authorName(), request.email());
        String message = message(request.commitMessage(), keepSource, request.sourceCommitSpecifier(),
                request.destinationCommitSpecifier());
        return read(caller, repository, request.sourceCommitSpecifier(), request.destinationCommitSpecifier(),
                pair -> {
                    ObjectId tip = tip(repository, target);
                    if (pair.alreadyMerged()) {
                        return new MergeBranchesResponse(pair.destination.name(), pair.destination.getTree().name());
                    }
                    try (ObjectInserter inserter = pair.db.newObjectInserter()) {
                        ObjectId tree = mergedTree(pair, inserter, level, strategy, request.conflictResolution(),
                                Boolean.TRUE.equals(request.keepEmptyFolders()));
                        ObjectId id = commits.commit(caller, repository, inserter, target, tip, tree,
                                parents(pair, keepSource), author, message,
                                () -> BranchErrors.concurrentUpdate(Constants.R_HEADS + target));
                        return new MergeBranchesResponse(id.name(), tree.name());
                    }
                });
    }

    /**
     * The commit a merge would make, stored but named by no branch (what a pull request's merge is checked
     * against); a fast-forward makes none and answers the source.
     */
    public MergeBranchesResponse unreferenced(Caller caller, CreateUnreferencedMergeCommitRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        String option = option(request.mergeOption());
        TreeMerge.DetailLevel level = level(request.conflictDetailLevel());
        TreeMerge.Strategy strategy = strategy(request.conflictResolutionStrategy());
        PersonIdent author = BranchCommits.author(caller, request.authorName(), request.email());
        boolean keepSource = option.equals(THREE_WAY);
        String message = message(request.commitMessage(), keepSource, request.sourceCommitSpecifier(),
                request.destinationCommitSpecifier());
        return read(caller, repository, request.sourceCommitSpecifier(), request.destinationCommitSpecifier(),
                pair -> {
                    if (option.equals(FAST_FORWARD)) {
                        if (!pair.fastForwards()) {
                            throw MergeErrors.manualMergeRequired();
                        }
                        return new MergeBranchesResponse(pair.source.name(), pair.source.getTree().name());
                    }
                    try (ObjectInserter inserter = pair.db.newObjectInserter()) {
                        ObjectId tree = mergedTree(pair, inserter, level, strategy, request.conflictResolution(),
                                Boolean.TRUE.equals(request.keepEmptyFolders()));
                        ObjectId id = BranchCommits.write(inserter, tree, parents(pair, keepSource), author, message);
                        return new MergeBranchesResponse(id.name(), tree.name());
                    }
                });
    }

    /** The merged tree, written: conflicts resolved as the caller said, or ManualMergeRequiredException. */
    private static ObjectId mergedTree(Pair pair, ObjectInserter inserter, TreeMerge.DetailLevel level,
            TreeMerge.Strategy strategy, ConflictResolution resolution, boolean keepEmptyFolders)
            throws IOException {
        TreeMerge.Outcome outcome = pair.merge(inserter, level, strategy);
        resolve(outcome, resolution, inserter);
        if (!outcome.conflicts().isEmpty()) {
            throw MergeErrors.manualMergeRequired();
        }
        if (keepEmptyFolders) {
            for (String path : outcome.destination().keySet()) {
                if (!outcome.files().containsKey(path)) {
                    TreeFiles.keepFolder(outcome.files(), path, inserter);
                }
            }
        }
        return TreeFiles.write(inserter, outcome.files());
    }

    private static List<ObjectId> parents(Pair pair, boolean keepSource) {
        return keepSource ? List.of(pair.destination, pair.source) : List.of(pair.destination);
    }

    private static String message(String given, boolean keepSource, String source, String destination) {
        return BranchCommits.message(given, (keepSource ? "Merge " : "Squash merge of ") + source + " into "
                + destination);
    }

    /** Applies the caller's resolutions: each names a path once and settles its conflict, if it had one. */
    private static void resolve(TreeMerge.Outcome outcome, ConflictResolution resolution, ObjectInserter inserter)
            throws IOException {
        if (resolution == null) {
            return;
        }
        List<ReplaceContentEntry> replaces = resolution.replaceContents() == null ? List.of()
                : resolution.replaceContents();
        List<DeleteFileEntry> deletes = resolution.deleteFiles() == null ? List.of() : resolution.deleteFiles();
        List<SetFileModeEntry> modes = resolution.setFileModes() == null ? List.of() : resolution.setFileModes();
        if (replaces.size() + deletes.size() + modes.size() > MAX_RESOLUTIONS) {
            throw MergeErrors.maximumConflictResolutionEntriesExceeded(MAX_RESOLUTIONS);
        }
        NavigableMap<String, TreeFile> files = outcome.files();
        Set<String> seen = new HashSet<>();
        for (ReplaceContentEntry replace : replaces) {
            String path = once(seen, replace == null ? null : replace.filePath());
            if (replace.replacementType() == null) {
                throw MergeErrors.replacementTypeRequired();
            }
            boolean newContent = replace.replacementType().equals("USE_NEW_CONTENT");
            if (newContent != (replace.content() != null)) {
                throw newContent ? MergeErrors.replacementContentRequired() : MergeErrors.invalidReplacementContent();
            }
            TreeFile chosen = switch (replace.replacementType()) {
                case "KEEP_BASE" -> outcome.base().get(path);
                case "KEEP_SOURCE" -> outcome.source().get(path);
                case "KEEP_DESTINATION" -> outcome.destination().get(path);
                case "USE_NEW_CONTENT" -> new TreeFile(inserter.insert(Constants.OBJ_BLOB, replace.content()),
                        FileModes.parse(replace.fileMode()));
                default -> throw MergeErrors.invalidReplacementType();
            };
            if (chosen == null) {
                files.remove(path);
            } else {
                files.put(path, chosen);
            }
            outcome.conflicts().removeIf(c -> c.path().equals(path));
        }
        for (DeleteFileEntry delete : deletes) {
            String path = once(seen, delete == null ? null : delete.filePath());
            files.remove(path);
            outcome.conflicts().removeIf(c -> c.path().equals(path));
        }
        for (SetFileModeEntry setMode : modes) {
            String path = once(seen, setMode == null ? null : setMode.filePath());
            TreeFile file = files.get(path);
            if (file == null || setMode.fileMode() == null) {
                throw MergeErrors.invalidConflictResolution("no file " + path + " or no mode to set on it");
            }
            files.put(path, new TreeFile(file.id(), FileModes.parse(setMode.fileMode())));
            outcome.conflicts().removeIf(c -> c.path().equals(path));
        }
    }

    private static String once(Set<String> seen, String path) {
        String normalized = RepositoryPaths.file(path);
        if (!seen.add(normalized)) {
            throw MergeErrors.multipleConflictResolutionEntries(normalized);
        }
        return normalized;
    }

    /** The source, destination and base of a merge, opened for one call. */
    private static final class Pair {

        final SealedRepository db;
        final ObjectReader reader;
        final RevCommit source;
        final RevCommit destination;
        final RevCommit baseCommit;
        private final RevWalk walk;

        Pair(SealedRepository db, RevWalk walk, RevCommit source, RevCommit destination) throws IOException {
            this.db = db;
            this.walk = walk;
            this.reader = walk.getObjectReader();
            this.source = source;
            this.destination = destination;
            walk.reset();
            walk.setRevFilter(RevFilter.MERGE_BASE);
            walk.markStart(source);
            walk.markStart(destination);
            RevCommit found = walk.next();
            walk.reset();
            walk.setRevFilter(RevFilter.ALL);
            this.baseCommit = found;
        }

        String baseId() {
            return baseCommit == null ? null : baseCommit.name();
        }

        boolean fastForwards() throws IOException {
            return walk.isMergedInto(destination, source);
        }

        boolean alreadyMerged() throws IOException {
            return walk.isMergedInto(source, destination);
        }

        /** The newest commit of the destination's history with the source as a parent other than its first. */
        String mergedBy() throws IOException {
            walk.reset();
            walk.markStart(destination);
            for (RevCommit commit : walk) {
                RevCommit[] parents = commit.getParents();
                for (int i = 1; i < parents.length; i++) {
                    if (parents[i].equals(source)) {
                        return commit.name();
                    }
                }
            }
            return null;
        }

        /** Merges the three trees, read now: a fast-forward and the ancestry checks need none of them. */
        TreeMerge.Outcome merge(ObjectInserter inserter, TreeMerge.DetailLevel level, TreeMerge.Strategy strategy)
                throws IOException {
            return TreeMerge.merge(reader, inserter,
                    TreeFiles.read(reader, baseCommit == null ? null : walk.parseCommit(baseCommit).getTree()),
                    TreeFiles.read(reader, source.getTree()), TreeFiles.read(reader, destination.getTree()), level,
                    strategy);
        }
    }

    @FunctionalInterface
    private interface PairCall<T> {
        T apply(Pair pair) throws IOException;
    }

    private <T> T read(Caller caller, StoredRepository repository, String sourceSpecifier,
            String destinationSpecifier, PairCall<T> call) {
        if (sourceSpecifier == null || sourceSpecifier.isEmpty() || destinationSpecifier == null
                || destinationSpecifier.isEmpty()) {
            throw CommitErrors.commitRequired();
        }
        try (SealedRepository db = storage.open(caller, repository); RevWalk walk = new RevWalk(db)) {
            RevCommit source = revisions.commit(repository, walk, sourceSpecifier);
            RevCommit destination = revisions.commit(repository, walk, destinationSpecifier);
            return call.apply(new Pair(db, walk, source, destination));
        } catch (IOException e) {
            throw CodeCommitErrors.storage(e);
        } catch (UncheckedIOException e) {
            throw CodeCommitErrors.storage(e.getCause());
        }
    }

    private ObjectId tip(StoredRepository repository, String branch) {
        Optional<ObjectId> tip = revisions.tip(repository, branch);
        return tip.orElseThrow(() -> BranchErrors.branchDoesNotExist(branch));
    }

    /** The branch a merge moves: the one named, else the destination, which must then be a branch. */
    private static String target(String targetBranch, String destinationSpecifier) {
        String branch = targetBranch == null || targetBranch.isEmpty() ? destinationSpecifier : targetBranch;
        if (branch == null || branch.isEmpty()) {
            throw CommitErrors.commitRequired();
        }
        try {
            return Branches.validBranch(branch);
        } catch (AwsException e) {
            throw MergeErrors.invalidTargetBranch();
        }
    }

    private static String option(String option) {
        if (option == null || option.isEmpty()) {
            throw MergeErrors.mergeOptionRequired();
        }
        if (!List.of(FAST_FORWARD, SQUASH, THREE_WAY).contains(option)) {
            throw MergeErrors.invalidMergeOption();
        }
        return option;
    }

    private static TreeMerge.DetailLevel level(String level) {
        try {
            return level == null ? TreeMerge.DetailLevel.FILE_LEVEL : TreeMerge.DetailLevel.valueOf(level);
        } catch (IllegalArgumentException e) {
            throw MergeErrors.invalidConflictDetailLevel();
        }
    }

    private static TreeMerge.Strategy strategy(String strategy) {
        try {
            return strategy == null ? TreeMerge.Strategy.NONE : TreeMerge.Strategy.valueOf(strategy);
        } catch (IllegalArgumentException e) {
            throw MergeErrors.invalidConflictResolutionStrategy();
        }
    }
}
