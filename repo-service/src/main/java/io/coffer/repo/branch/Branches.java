package io.coffer.repo.branch;

import io.coffer.kernel.Caller;
import io.coffer.repo.branch.BranchRequests.BranchInfo;
import io.coffer.repo.branch.BranchRequests.Commit;
import io.coffer.repo.branch.BranchRequests.CreateBranchRequest;
import io.coffer.repo.branch.BranchRequests.DeleteBranchRequest;
import io.coffer.repo.branch.BranchRequests.DeleteBranchResponse;
import io.coffer.repo.branch.BranchRequests.GetBranchRequest;
import io.coffer.repo.branch.BranchRequests.GetBranchResponse;
import io.coffer.repo.branch.BranchRequests.GetCommitRequest;
import io.coffer.repo.branch.BranchRequests.GetCommitResponse;
import io.coffer.repo.branch.BranchRequests.ListBranchesRequest;
import io.coffer.repo.branch.BranchRequests.ListBranchesResponse;
import io.coffer.repo.branch.BranchRequests.UserInfo;
import io.coffer.repo.git.refs.RefChange;
import io.coffer.repo.git.refs.RefStore;
import io.coffer.repo.git.storage.RepositoryStorage;
import io.coffer.repo.git.storage.SealedRepository;
import io.coffer.repo.repository.CodeCommitErrors;
import io.coffer.repo.repository.ListToken;
import io.coffer.repo.repository.RepositoryQueries;
import io.coffer.repo.repository.StoredRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdRef;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * CodeCommit's branch and commit operations, on the same refs and objects Git push and clone use: branch changes
 * are compare-and-swaps recorded in the reflog (RefsUpdated) like pushes, and commits are read through
 * crypto-service for the caller.
 */
@ApplicationScoped
public class Branches {

    /** ListBranches returns up to this many a page. */
    static final int PAGE = 100;
    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-fA-F]{40}");
    private static final int MAX_BRANCH_NAME = 256;

    private final RepositoryQueries repositories;
    private final RefStore refs;
    private final RepositoryStorage storage;

    public Branches(RepositoryQueries repositories, RefStore refs, RepositoryStorage storage) {
        this.repositories = repositories;
        this.refs = refs;
        this.storage = storage;
    }

    public GetBranchResponse get(Caller caller, GetBranchRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        String branch = validBranch(request.branchName());
        Ref ref = find(repository, Constants.R_HEADS + branch);
        if (ref == null || ref.isSymbolic()) {
            throw BranchErrors.branchDoesNotExist(branch);
        }
        return new GetBranchResponse(new BranchInfo(branch, ref.getObjectId().name()));
    }

    /** Branch names in name order, {@value #PAGE} a page. */
    public ListBranchesResponse list(Caller caller, ListBranchesRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        String query = "branches:" + repository.repositoryId();
        int offset = request.nextToken() == null ? 0 : ListToken.offset(request.nextToken(), query);
        List<String> branches;
        try {
            branches = refs.all(id(repository)).stream().filter(r -> !r.isSymbolic())
                    .map(Ref::getName).filter(n -> n.startsWith(Constants.R_HEADS))
                    .map(n -> n.substring(Constants.R_HEADS.length())).sorted().toList();
        } catch (IOException e) {
            throw CodeCommitErrors.storage(e);
        }
        List<String> page = branches.subList(Math.min(offset, branches.size()),
                Math.min(offset + PAGE, branches.size()));
        String next = offset + PAGE < branches.size() ? ListToken.of(offset + PAGE, query) : null;
        return new ListBranchesResponse(page, next);
    }

    /** Creates a branch at an existing commit. */
    public Void create(Caller caller, CreateBranchRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        String branch = validBranch(request.branchName());
        ObjectId commit = validCommitId(request.commitId());
        String name = Constants.R_HEADS + branch;
        if (find(repository, name) != null) {
            throw BranchErrors.branchNameExists(branch);
        }
        try (SealedRepository db = open(caller, repository); RevWalk walk = new RevWalk(db)) {
            walk.parseCommit(commit);
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            throw BranchErrors.commitDoesNotExist(commit.name());
        } catch (IOException e) {
            throw CodeCommitErrors.storage(e);
        }
        boolean created = apply(caller, repository,
                new RefChange(name, null, new ObjectIdRef.PeeledNonTag(Ref.Storage.PACKED, name, commit)));
        if (!created) {
            if (find(repository, name) != null) {
                throw BranchErrors.branchNameExists(branch);
            }
            // a ref a/b cannot exist next to a/b/c
            throw BranchErrors.invalidBranchName();
        }
        return null;
    }

    /** Deletes a branch that is not the default one; a branch that does not exist is no error, as in CodeCommit. */
    public DeleteBranchResponse delete(Caller caller, DeleteBranchRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        String branch = validBranch(request.branchName());
        String name = Constants.R_HEADS + branch;
        Ref ref = find(repository, name);
        if (ref == null || ref.isSymbolic()) {
            return new DeleteBranchResponse(null);
        }
        Ref head = find(repository, Constants.HEAD);
        if (head != null && head.isSymbolic() && head.getTarget().getName().equals(name)) {
            throw BranchErrors.defaultBranch(branch);
        }
        if (!apply(caller, repository, new RefChange(name, ref, null))) {
            throw BranchErrors.concurrentUpdate(name);
        }
        return new DeleteBranchResponse(new BranchInfo(branch, ref.getObjectId().name()));
    }

    public GetCommitResponse commit(Caller caller, GetCommitRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        ObjectId id = validCommitId(request.commitId());
        try (SealedRepository db = open(caller, repository); RevWalk walk = new RevWalk(db)) {
            RevCommit commit = walk.parseCommit(id);
            return new GetCommitResponse(new Commit(commit.name(), commit.getTree().name(),
                    Arrays.stream(commit.getParents()).map(RevCommit::name).toList(), commit.getFullMessage(),
                    user(commit.getAuthorIdent()), user(commit.getCommitterIdent()), ""));
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            throw BranchErrors.commitIdDoesNotExist(id.name());
        } catch (IOException e) {
            throw CodeCommitErrors.storage(e);
        }
    }

    private SealedRepository open(Caller caller, StoredRepository repository) {
        return storage.open(caller, repository.repositoryId(), repository.region(), repository.keyArn());
    }

    private Ref find(StoredRepository repository, String name) {
        try {
            return refs.find(id(repository), name);
        } catch (IOException e) {
            throw CodeCommitErrors.storage(e);
        }
    }

    private boolean apply(Caller caller, StoredRepository repository, RefChange change) {
        try {
            return refs.apply(caller, id(repository), List.of(change), true)[0];
        } catch (IOException e) {
            throw CodeCommitErrors.storage(e);
        }
    }

    private static UUID id(StoredRepository repository) {
        return UUID.fromString(repository.repositoryId());
    }

    private static String validBranch(String branch) {
        if (branch == null || branch.isEmpty()) {
            throw BranchErrors.branchNameRequired();
        }
        if (branch.length() > MAX_BRANCH_NAME || !Repository.isValidRefName(Constants.R_HEADS + branch)) {
            throw BranchErrors.invalidBranchName();
        }
        return branch;
    }

    private static ObjectId validCommitId(String commitId) {
        if (commitId == null || commitId.isEmpty()) {
            throw BranchErrors.commitIdRequired();
        }
        if (!COMMIT_ID.matcher(commitId).matches()) {
            throw BranchErrors.invalidCommitId();
        }
        return ObjectId.fromString(commitId.toLowerCase(java.util.Locale.ROOT));
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
