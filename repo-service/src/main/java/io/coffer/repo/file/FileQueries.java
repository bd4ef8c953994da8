package io.coffer.repo.file;

import io.coffer.kernel.Caller;
import io.coffer.repo.commit.RepositoryPaths;
import io.coffer.repo.commit.Revisions;
import io.coffer.repo.file.FileRequests.File;
import io.coffer.repo.file.FileRequests.Folder;
import io.coffer.repo.file.FileRequests.GetBlobRequest;
import io.coffer.repo.file.FileRequests.GetBlobResponse;
import io.coffer.repo.file.FileRequests.GetFileRequest;
import io.coffer.repo.file.FileRequests.GetFileResponse;
import io.coffer.repo.file.FileRequests.GetFolderRequest;
import io.coffer.repo.file.FileRequests.GetFolderResponse;
import io.coffer.repo.file.FileRequests.SubModule;
import io.coffer.repo.git.ObjectIds;
import io.coffer.repo.git.storage.RepositoryStorage;
import io.coffer.repo.git.storage.SealedRepository;
import io.coffer.repo.repository.CodeCommitErrors;
import io.coffer.repo.repository.RepositoryQueries;
import io.coffer.repo.repository.StoredRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * CodeCommit's reads of files, folders and blobs at a commit, from the same sealed objects Git clone reads (through
 * crypto-service, for the caller). A commit specifier is a branch, a tag or a full commit ID; none means the
 * repository's default branch.
 */
@ApplicationScoped
public class FileQueries {

    /** CodeCommit's limit on a file or blob read through the API (larger ones are read with Git). */
    static final long MAX_FILE_SIZE = 6L * 1024 * 1024;

    private final RepositoryQueries repositories;
    private final RepositoryStorage storage;
    private final Revisions revisions;

    public FileQueries(RepositoryQueries repositories, RepositoryStorage storage, Revisions revisions) {
        this.repositories = repositories;
        this.storage = storage;
        this.revisions = revisions;
    }

    public GetBlobResponse blob(Caller caller, GetBlobRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        if (request.blobId() == null || request.blobId().isEmpty()) {
            throw FileErrors.blobIdRequired();
        }
        ObjectId id = ObjectIds.parse(request.blobId()).orElseThrow(FileErrors::invalidBlobId);
        try (SealedRepository db = storage.open(caller, repository); ObjectReader reader = db.newObjectReader()) {
            return new GetBlobResponse(content(reader.open(id, Constants.OBJ_BLOB)));
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            throw FileErrors.blobIdDoesNotExist(id.name());
        } catch (IOException e) {
            throw CodeCommitErrors.storage(e);
        }
    }

    public GetFileResponse file(Caller caller, GetFileRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        String path = RepositoryPaths.file(request.filePath());
        try (SealedRepository db = storage.open(caller, repository); RevWalk walk = new RevWalk(db)) {
            RevCommit commit = revisions.commit(repository, walk, request.commitSpecifier());
            try (TreeWalk entry = TreeWalk.forPath(db, path, commit.getTree())) {
                if (entry == null || !isFile(entry.getFileMode(0))) {
                    throw FileErrors.fileDoesNotExist(path);
                }
                ObjectLoader blob = walk.getObjectReader().open(entry.getObjectId(0), Constants.OBJ_BLOB);
                return new GetFileResponse(commit.name(), entry.getObjectId(0).name(), path,
                        FileModes.name(entry.getFileMode(0)), blob.getSize(), content(blob));
            }
        } catch (IOException e) {
            throw CodeCommitErrors.storage(e);
        }
    }

    public GetFolderResponse folder(Caller caller, GetFolderRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        String path = RepositoryPaths.normalize(request.folderPath());
        try (SealedRepository db = storage.open(caller, repository); RevWalk walk = new RevWalk(db)) {
            RevCommit commit = revisions.commit(repository, walk, request.commitSpecifier());
            RevTree root = commit.getTree();
            ObjectId tree = root;
            if (!path.isEmpty()) {
                try (TreeWalk entry = TreeWalk.forPath(db, path, root)) {
                    if (entry == null || entry.getFileMode(0) != FileMode.TREE) {
                        throw FileErrors.folderDoesNotExist(path);
                    }
                    tree = entry.getObjectId(0);
                }
            }
            List<Folder> folders = new ArrayList<>();
            List<File> files = new ArrayList<>();
            List<File> links = new ArrayList<>();
            List<SubModule> modules = new ArrayList<>();
            try (TreeWalk children = new TreeWalk(db)) {
                children.addTree(tree);
                children.setRecursive(false);
                while (children.next()) {
                    String name = children.getNameString();
                    String absolute = path.isEmpty() ? name : path + "/" + name;
                    FileMode mode = children.getFileMode(0);
                    String id = children.getObjectId(0).name();
                    if (mode == FileMode.TREE) {
                        folders.add(new Folder(id, absolute, name));
                    } else if (mode == FileMode.GITLINK) {
                        modules.add(new SubModule(id, absolute, name));
                    } else if (mode == FileMode.SYMLINK) {
                        links.add(new File(id, absolute, name, FileModes.name(mode)));
                    } else {
                        files.add(new File(id, absolute, name, FileModes.name(mode)));
                    }
                }
            }
            return new GetFolderResponse(commit.name(), request.folderPath(), tree.name(), folders, files, links,
                    modules);
        } catch (IOException e) {
            throw CodeCommitErrors.storage(e);
        }
    }

    private static boolean isFile(FileMode mode) {
        return mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE || mode == FileMode.SYMLINK;
    }

    private static byte[] content(ObjectLoader blob) throws IOException {
        if (blob.getSize() > MAX_FILE_SIZE) {
            throw FileErrors.fileTooLarge(MAX_FILE_SIZE);
        }
        return blob.getBytes();
    }
}
