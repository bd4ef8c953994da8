package io.coffer.repo.file;

import io.coffer.kernel.Caller;
import io.coffer.repo.branch.BranchErrors;
import io.coffer.repo.branch.Branches;
import io.coffer.repo.commit.BranchCommits;
import io.coffer.repo.commit.RepositoryPaths;
import io.coffer.repo.commit.Revisions;
import io.coffer.repo.file.FileRequests.CreateCommitRequest;
import io.coffer.repo.file.FileRequests.CreateCommitResponse;
import io.coffer.repo.file.FileRequests.DeleteFileEntry;
import io.coffer.repo.file.FileRequests.DeleteFileRequest;
import io.coffer.repo.file.FileRequests.DeleteFileResponse;
import io.coffer.repo.file.FileRequests.PutFileEntry;
import io.coffer.repo.file.FileRequests.PutFileRequest;
import io.coffer.repo.file.FileRequests.PutFileResponse;
import io.coffer.repo.file.FileRequests.SetFileModeEntry;
import io.coffer.repo.git.ObjectIds;
import io.coffer.repo.git.storage.RepositoryStorage;
import io.coffer.repo.git.storage.SealedRepository;
import io.coffer.repo.repository.CodeCommitErrors;
import io.coffer.repo.repository.RepositoryQueries;
import io.coffer.repo.repository.StoredRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Commits made without Git: PutFile, DeleteFile and CreateCommit. The new objects are written through
 * crypto-service like a push's, and the branch moves by the same compare-and-swap, recorded in the reflog; the
 * caller names the branch's tip as the parent, so of two writers that saw the same tip exactly one wins and the
 * other is told the parent is outdated.
 */
@ApplicationScoped
public class FileCommands {

    /** CodeCommit's limits: content of one file, entries in one commit. */
    static final int MAX_FILE_SIZE = 6 * 1024 * 1024;
    static final int MAX_FILE_ENTRIES = 100;

    private final RepositoryQueries repositories;
    private final RepositoryStorage storage;
    private final Revisions revisions;
    private final BranchCommits commits;

    public FileCommands(RepositoryQueries repositories, RepositoryStorage storage, Revisions revisions,
            BranchCommits commits) {
        this.repositories = repositories;
        this.storage = storage;
        this.revisions = revisions;
        this.commits = commits;
    }

    /** Adds or replaces one file; the first commit of an empty repository creates the branch. */
    public PutFileResponse putFile(Caller caller, PutFileRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        String branch = Branches.validBranch(request.branchName());
        String path = RepositoryPaths.file(request.filePath());
        if (request.fileContent() == null || request.fileContent().length == 0) {
            throw FileErrors.fileContentRequired();
        }
        byte[] content = sized(request.fileContent());
        FileMode mode = FileModes.parse(request.fileMode());
        PersonIdent author = BranchCommits.author(caller, request.name(), request.email());
        ObjectId[] blob = new ObjectId[1];
        Written written = write(caller, repository, branch, request.parentCommitId(), author,
                request.commitMessage(), (tree, inserter) -> {
                    blob[0] = inserter.insert(Constants.OBJ_BLOB, content);
                    boolean exists = tree.blob(path) != null;
                    if (exists && blob[0].equals(tree.blob(path)) && tree.mode(path) == mode) {
                        throw FileErrors.sameFileContent(path);
                    }
                    tree.put(path, blob[0], mode);
                    return (exists ? "Edited " : "Added ") + path;
                });
        return new PutFileResponse(written.commit().name(), blob[0].name(), written.tree().name());
    }

    /** Deletes one file from the tip of a branch. */
    public DeleteFileResponse deleteFile(Caller caller, DeleteFileRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        String branch = Branches.validBranch(request.branchName());
        String path = RepositoryPaths.file(request.filePath());
        PersonIdent author = BranchCommits.author(caller, request.name(), request.email());
        boolean keep = Boolean.TRUE.equals(request.keepEmptyFolders());
        ObjectId[] blob = new ObjectId[1];
        Written written = write(caller, repository, branch, request.parentCommitId(), author,
                request.commitMessage(), (tree, inserter) -> {
                    blob[0] = tree.blob(path);
                    tree.delete(path, keep ? inserter : null);
                    return "Deleted " + path;
                });
        return new DeleteFileResponse(written.commit().name(), blob[0].name(), written.tree().name(), path);
    }

    /** Puts, copies, moves and deletes files and changes modes, all in one commit. */
    public CreateCommitResponse createCommit(Caller caller, CreateCommitRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        String branch = Branches.validBranch(request.branchName());
        List<PutFileEntry> puts = request.putFiles() == null ? List.of() : request.putFiles();
        List<DeleteFileEntry> deletes = request.deleteFiles() == null ? List.of() : request.deleteFiles();
        List<SetFileModeEntry> modes = request.setFileModes() == null ? List.of() : request.setFileModes();
        int entries = puts.size() + deletes.size() + modes.size();
        if (entries == 0) {
            throw FileErrors.fileEntryRequired();
        }
        if (entries > MAX_FILE_ENTRIES) {
            throw FileErrors.maximumFileEntriesExceeded(MAX_FILE_ENTRIES);
        }
        Set<String> touched = new HashSet<>();
        TreeSet<String> written = new TreeSet<>();
        long total = 0;
        for (PutFileEntry put : puts) {
            String path = once(touched, put == null ? null : put.filePath());
            written.add(path);
            FileModes.parse(put.fileMode());
            boolean hasContent = put.fileContent() != null;
            boolean hasSource = put.sourceFile() != null && put.sourceFile().filePath() != null;
            if (hasContent == hasSource) {
                throw hasContent ? FileErrors.fileContentAndSourceFileSpecified()
                        : FileErrors.sourceFileOrContentRequired();
            }
            if (hasContent) {
                total += sized(put.fileContent()).length;
            } else if (Boolean.TRUE.equals(put.sourceFile().isMove())) {
                once(touched, put.sourceFile().filePath());
            }
        }
        if (total > MAX_FILE_SIZE + 1024 * 1024) {
            throw FileErrors.fileContentSizeLimitExceeded(MAX_FILE_SIZE + 1024 * 1024);
        }
        for (String path : written) {
            String below = written.higher(path + "/");
            if (written.contains(path + "/") || below != null && below.startsWith(path + "/")) {
                throw FileErrors.putFileEntryConflict(path);
            }
        }
        deletes.forEach(delete -> once(touched, delete == null ? null : delete.filePath()));
        for (SetFileModeEntry mode : modes) {
            once(touched, mode == null ? null : mode.filePath());
            if (mode.fileMode() == null) {
                throw FileErrors.fileModeRequired();
            }
            FileModes.parse(mode.fileMode());
        }
        PersonIdent author = BranchCommits.author(caller, request.authorName(), request.email());
        boolean keep = Boolean.TRUE.equals(request.keepEmptyFolders());
        Written commit = write(caller, repository, branch, request.parentCommitId(), author,
                request.commitMessage(), (tree, inserter) -> {
                    ObjectInserter keepFolders = keep ? inserter : null;
                    for (DeleteFileEntry delete : deletes) {
                        tree.delete(RepositoryPaths.file(delete.filePath()), keepFolders);
                    }
                    for (PutFileEntry put : puts) {
                        String path = RepositoryPaths.file(put.filePath());
                        if (put.fileContent() != null) {
                            tree.put(path, inserter.insert(Constants.OBJ_BLOB, put.fileContent()),
                                    FileModes.parse(put.fileMode()));
                            continue;
                        }
                        String source = RepositoryPaths.file(put.sourceFile().filePath());
                        ObjectId blob = tree.blob(source);
                        if (blob == null) {
                            throw FileErrors.fileDoesNotExist(source);
                        }
                        FileMode mode = put.fileMode() == null ? tree.mode(source) : FileModes.parse(put.fileMode());
                        if (Boolean.TRUE.equals(put.sourceFile().isMove())) {
                            tree.delete(source, keepFolders);
                        }
                        tree.put(path, blob, mode);
                    }
                    for (SetFileModeEntry mode : modes) {
                        tree.setMode(RepositoryPaths.file(mode.filePath()), FileModes.parse(mode.fileMode()));
                    }
                    return "Changed " + entries + (entries == 1 ? " file" : " files");
                });
        FileTree tree = commit.files();
        return new CreateCommitResponse(commit.commit().name(), commit.tree().name(), tree.added(), tree.updated(),
                tree.deleted());
    }

    /** The edits of one commit, applied to the parent's files; returns the message to use if the caller gave none. */
    @FunctionalInterface
    private interface Edit {
        String apply(FileTree tree, ObjectInserter inserter) throws IOException;
    }

    private record Written(ObjectId commit, ObjectId tree, FileTree files) {
    }

    /**
     * Writes a commit on {@code branch}: its parent is the branch's tip, which {@code parentCommitId} must name
     * (nothing names the parent of an empty repository's first commit).
     */
    private Written write(Caller caller, StoredRepository repository, String branch, String parentCommitId,
            PersonIdent author, String message, Edit edit) {
        BranchCommits.message(message, "");
        Optional<ObjectId> tip = revisions.tip(repository, branch);
        if (tip.isEmpty() && revisions.hasBranches(repository)) {
            throw BranchErrors.branchDoesNotExist(branch);
        }
        try (SealedRepository db = storage.open(caller, repository); RevWalk walk = new RevWalk(db);
                ObjectInserter inserter = db.newObjectInserter()) {
            RevCommit parent = parent(walk, tip, parentCommitId);
            FileTree files = FileTree.of(walk.getObjectReader(), parent == null ? null : parent.getTree());
            String defaultMessage = edit.apply(files, inserter);
            ObjectId tree = files.write(inserter);
            if (parent != null && tree.equals(parent.getTree())) {
                throw FileErrors.noChange();
            }
            ObjectId id = commits.commit(caller, repository, inserter, branch, parent, tree,
                    parent == null ? List.of() : List.of(parent), author,
                    BranchCommits.message(message, defaultMessage), () -> parent == null
                            ? BranchErrors.concurrentUpdate(Constants.R_HEADS + branch)
                            : FileErrors.parentCommitIdOutdated(parent.name()));
            return new Written(id, tree, files);
        } catch (IOException e) {
            throw CodeCommitErrors.storage(e);
        }
    }

    private static RevCommit parent(RevWalk walk, Optional<ObjectId> tip, String parentCommitId)
            throws IOException {
        boolean named = parentCommitId != null && !parentCommitId.isEmpty();
        if (tip.isPresent() && !named) {
            throw FileErrors.parentCommitIdRequired();
        }
        if (!named) {
            return null;
        }
        ObjectId id = ObjectIds.parse(parentCommitId).orElseThrow(FileErrors::invalidParentCommitId);
        RevCommit parent;
        try {
            parent = walk.parseCommit(id);
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            throw FileErrors.parentCommitDoesNotExist(id.name());
        }
        if (tip.isEmpty() || !tip.get().equals(parent)) {
            throw FileErrors.parentCommitIdOutdated(id.name());
        }
        return parent;
    }

    /** A path named once in a commit's entries. */
    private static String once(Set<String> touched, String path) {
        String normalized = RepositoryPaths.file(path);
        if (!touched.add(normalized)) {
            throw FileErrors.samePathRequest(normalized);
        }
        return normalized;
    }

    private static byte[] sized(byte[] content) {
        if (content.length > MAX_FILE_SIZE) {
            throw FileErrors.fileContentSizeLimitExceeded(MAX_FILE_SIZE);
        }
        return content;
    }
}
