package io.coffer.repo.file;

import io.coffer.kernel.Caller;
import io.coffer.repo.file.FileRequests.File;
import io.coffer.repo.file.FileRequests.Folder;
import io.coffer.repo.file.FileRequests.GetBlobRequest;
import io.coffer.repo.file.FileRequests.GetBlobResponse;
import io.coffer.repo.file.FileRequests.GetFileRequest;
import io.coffer.repo.file.FileRequests.GetFileResponse;
import io.coffer.repo.file.FileRequests.GetFolderRequest;
import io.coffer.repo.file.FileRequests.GetFolderResponse;
import io.coffer.repo.file.FileRequests.SubModule;
import io.coffer.repo.git.refs.RefStore;
import io.coffer.repo.git.storage.RepositoryStorage;
import io.coffer.repo.git.storage.SealedRepository;
import io.coffer.repo.repository.CodeCommitErrors;
import io.coffer.repo.repository.RepositoryQueries;
import io.coffer.repo.repository.StoredRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
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
    private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-fA-F]{40}");
    private static final int MAX_PATH = 4096;

    private final RepositoryQueries repositories;
    private final RefStore refs;
    private final RepositoryStorage storage;

    public FileQueries(RepositoryQueries repositories, RefStore refs, RepositoryStorage storage) {
        this.repositories = repositories;
        this.refs = refs;
        this.storage = storage;
    }

    public GetBlobResponse blob(Caller caller, GetBlobRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        if (request.blobId() == null || request.blobId().isEmpty()) {
            throw FileErrors.blobIdRequired();
        }
        if (!OBJECT_ID.matcher(request.blobId()).matches()) {
            throw FileErrors.invalidBlobId();
        }
        ObjectId id = ObjectId.fromString(request.blobId().toLowerCase(Locale.ROOT));
        try (SealedRepository db = open(caller, repository); ObjectReader reader = db.newObjectReader()) {
            return new GetBlobResponse(content(reader.open(id, Constants.OBJ_BLOB)));
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            throw FileErrors.blobIdDoesNotExist(id.name());
        } catch (IOException e) {
            throw CodeCommitErrors.storage(e);
        }
    }

    public GetFileResponse file(Caller caller, GetFileRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        String path = path(request.filePath());
        if (path.isEmpty()) {
            throw FileErrors.invalidPath();
        }
        try (SealedRepository db = open(caller, repository); RevWalk walk = new RevWalk(db)) {
            RevCommit commit = commit(repository, walk, request.commitSpecifier());
            try (TreeWalk entry = TreeWalk.forPath(db, path, commit.getTree())) {
                if (entry == null || !isFile(entry.getFileMode(0))) {
                    throw FileErrors.fileDoesNotExist(path);
                }
                ObjectLoader blob = walk.getObjectReader().open(entry.getObjectId(0), Constants.OBJ_BLOB);
                return new GetFileResponse(commit.name(), entry.getObjectId(0).name(), path,
                        mode(entry.getFileMode(0)), blob.getSize(), content(blob));
            }
        } catch (IOException e) {
            throw CodeCommitErrors.storage(e);
        }
    }

    public GetFolderResponse folder(Caller caller, GetFolderRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        String path = path(request.folderPath());
        try (SealedRepository db = open(caller, repository); RevWalk walk = new RevWalk(db)) {
            RevCommit commit = commit(repository, walk, request.commitSpecifier());
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
                        links.add(new File(id, absolute, name, mode(mode)));
                    } else {
                        files.add(new File(id, absolute, name, mode(mode)));
                    }
                }
            }
            return new GetFolderResponse(commit.name(), request.folderPath(), tree.name(), folders, files, links,
                    modules);
        } catch (IOException e) {
            throw CodeCommitErrors.storage(e);
        }
    }

    /** The commit a specifier names: a branch, then a tag, then a full commit ID; none is the default branch. */
    private RevCommit commit(StoredRepository repository, RevWalk walk, String specifier) throws IOException {
        UUID id = UUID.fromString(repository.repositoryId());
        List<String> names = specifier == null || specifier.isEmpty() ? List.of(Constants.HEAD)
                : List.of(Constants.R_HEADS + specifier, Constants.R_TAGS + specifier);
        for (String name : names) {
            Ref ref = refs.find(id, name);
            if (ref != null && ref.isSymbolic()) {
                ref = refs.find(id, ref.getTarget().getName());
            }
            if (ref != null && ref.getObjectId() != null) {
                return parse(walk, ref.getObjectId(), specifier);
            }
        }
        if (specifier != null && OBJECT_ID.matcher(specifier).matches()) {
            return parse(walk, ObjectId.fromString(specifier.toLowerCase(Locale.ROOT)), specifier);
        }
        if (specifier != null && !specifier.isEmpty() && (specifier.length() > 256
                || specifier.chars().anyMatch(c -> c < 0x20 || c == 0x7F))) {
            throw FileErrors.invalidCommit();
        }
        throw FileErrors.commitDoesNotExist(specifier == null || specifier.isEmpty() ? "HEAD" : specifier);
    }

    private static RevCommit parse(RevWalk walk, ObjectId id, String specifier) throws IOException {
        try {
            return walk.parseCommit(id);
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            throw FileErrors.commitDoesNotExist(specifier == null ? id.name() : specifier);
        }
    }

    private SealedRepository open(Caller caller, StoredRepository repository) {
        return storage.open(caller, repository.repositoryId(), repository.region(), repository.keyArn());
    }

    /** A path as CodeCommit takes it: relative to the root, leading and trailing slashes ignored. */
    private static String path(String path) {
        if (path == null) {
            throw FileErrors.pathRequired();
        }
        String trimmed = path.replaceAll("^/+|/+$", "");
        if (trimmed.length() > MAX_PATH || trimmed.contains("//") || trimmed.indexOf('\0') >= 0) {
            throw FileErrors.invalidPath();
        }
        for (String segment : trimmed.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw FileErrors.invalidPath();
            }
        }
        return trimmed;
    }

    private static boolean isFile(FileMode mode) {
        return mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE || mode == FileMode.SYMLINK;
    }

    private static String mode(FileMode mode) {
        if (mode == FileMode.EXECUTABLE_FILE) {
            return "EXECUTABLE";
        }
        return mode == FileMode.SYMLINK ? "SYMLINK" : "NORMAL";
    }

    private static byte[] content(ObjectLoader blob) throws IOException {
        if (blob.getSize() > MAX_FILE_SIZE) {
            throw FileErrors.fileTooLarge(MAX_FILE_SIZE);
        }
        return blob.getBytes();
    }
}
