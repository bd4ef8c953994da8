package io.coffer.repo.branch;

import io.coffer.kernel.Caller;
import io.coffer.repo.branch.BranchRequests.BranchInfo;
import io.coffer.repo.branch.BranchRequests.CreateBranchRequest;
import io.coffer.repo.branch.BranchRequests.DeleteBranchRequest;
import io.coffer.repo.branch.BranchRequests.DeleteBranchResponse;
import io.coffer.repo.branch.BranchRequests.GetBranchRequest;
import io.coffer.repo.branch.BranchRequests.GetBranchResponse;
import io.coffer.repo.branch.BranchRequests.ListBranchesRequest;
import io.coffer.repo.branch.BranchRequests.ListBranchesResponse;
import io.coffer.repo.branch.BranchRequests.UpdateDefaultBranchRequest;
import io.coffer.repo.commit.CommitErrors;
import io.coffer.repo.commit.CommitQueries;
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
import java.util.List;
import java.util.UUID;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdRef;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.SymbolicRef;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * CodeCommit's branch and commit operations, on the same refs and objects Git push and clone use: branch changes
 * are compare-and-swaps recorded in the reflog (RefsUpdated) like pushes.
 */
@ApplicationScoped
public class Branches {

    /** ListBranches returns up to this many a page. */
    static final int PAGE = 100;
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
        ObjectId commit = CommitQueries.commitId(request.commitId());
        String name = Constants.R_HEADS + branch;
        if (find(repository, name) != null) {
            throw BranchErrors.branchNameExists(branch);
        }
        try (SealedRepository db = storage.open(caller, repository); RevWalk walk = new RevWalk(db)) {
            walk.parseCommit(commit);
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            throw CommitErrors.commitDoesNotExist(commit.name());
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

    /** Makes an existing branch the default one: HEAD names it, for this API and for clones alike. */
    public Void updateDefault(Caller caller, UpdateDefaultBranchRequest request) {
        StoredRepository repository = repositories.stored(caller, request.repositoryName());
        String branch = validBranch(request.defaultBranchName());
        String name = Constants.R_HEADS + branch;
        Ref ref = find(repository, name);
        if (ref == null || ref.isSymbolic()) {
            throw BranchErrors.branchDoesNotExist(branch);
        }
        Ref head = find(repository, Constants.HEAD);
        if (head != null && head.isSymbolic() && head.getTarget().getName().equals(name)) {
            return null;
        }
        Ref target = new SymbolicRef(Constants.HEAD, new ObjectIdRef.Unpeeled(Ref.Storage.NEW, name, null));
        if (!apply(caller, repository, new RefChange(Constants.HEAD, head, target))) {
            throw BranchErrors.concurrentUpdate(Constants.HEAD);
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

    /** A branch name CodeCommit and Git both take. */
    public static String validBranch(String branch) {
        if (branch == null || branch.isEmpty()) {
            throw BranchErrors.branchNameRequired();
        }
        if (branch.length() > MAX_BRANCH_NAME || !Repository.isValidRefName(Constants.R_HEADS + branch)) {
            throw BranchErrors.invalidBranchName();
        }
        return branch;
    }
}
