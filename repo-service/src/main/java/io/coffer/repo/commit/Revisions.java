package io.coffer.repo.commit;

import io.coffer.repo.git.ObjectIds;
import io.coffer.repo.git.refs.RefStore;
import io.coffer.repo.repository.CodeCommitErrors;
import io.coffer.repo.repository.StoredRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Commit specifiers as CodeCommit resolves them (GetFile, GetDifferences, ListFileCommitHistory, merges): a branch,
 * then a tag, then a full commit ID; {@code HEAD} or none is the repository's default branch.
 */
@ApplicationScoped
public class Revisions {

    private static final int MAX_SPECIFIER = 256;

    private final RefStore refs;

    public Revisions(RefStore refs) {
        this.refs = refs;
    }

    /**
     * The commit {@code specifier} names, parsed in {@code walk}.
     *
     * @throws io.coffer.kernel.AwsException CommitDoesNotExistException if it names nothing or no commit,
     *     InvalidCommitException if it cannot name anything
     */
    public RevCommit commit(StoredRepository repository, RevWalk walk, String specifier) throws IOException {
        boolean head = specifier == null || specifier.isEmpty() || specifier.equals(Constants.HEAD);
        if (!head && (specifier.length() > MAX_SPECIFIER || specifier.chars().anyMatch(c -> c < 0x20 || c == 0x7F))) {
            throw CommitErrors.invalidCommit();
        }
        String shown = head ? Constants.HEAD : specifier;
        List<String> names = head ? List.of(Constants.HEAD)
                : List.of(Constants.R_HEADS + specifier, Constants.R_TAGS + specifier);
        for (String name : names) {
            Ref ref = resolved(repository, name);
            if (ref != null && ref.getObjectId() != null) {
                return parse(walk, ref.getObjectId(), shown);
            }
        }
        Optional<ObjectId> id = ObjectIds.parse(specifier);
        if (id.isPresent()) {
            return parse(walk, id.get(), shown);
        }
        throw CommitErrors.commitDoesNotExist(shown);
    }

    /** The commit a branch points at, or empty if there is no such branch. */
    public Optional<ObjectId> tip(StoredRepository repository, String branch) {
        Ref ref = resolved(repository, Constants.R_HEADS + branch);
        return Optional.ofNullable(ref == null ? null : ref.getObjectId());
    }

    /** The branch HEAD names (CodeCommit's default branch), if it names one. */
    public Optional<String> defaultBranch(StoredRepository repository) {
        Ref head = find(repository, Constants.HEAD);
        return head != null && head.isSymbolic() && head.getTarget().getName().startsWith(Constants.R_HEADS)
                ? Optional.of(head.getTarget().getName().substring(Constants.R_HEADS.length())) : Optional.empty();
    }

    /** Whether the repository has any branch (CodeCommit calls a repository without one empty). */
    public boolean hasBranches(StoredRepository repository) {
        try {
            return refs.all(UUID.fromString(repository.repositoryId())).stream()
                    .anyMatch(ref -> !ref.isSymbolic() && ref.getName().startsWith(Constants.R_HEADS));
        } catch (IOException e) {
            throw CodeCommitErrors.storage(e);
        }
    }


    private Ref resolved(StoredRepository repository, String name) {
        Ref ref = find(repository, name);
        return ref != null && ref.isSymbolic() ? find(repository, ref.getTarget().getName()) : ref;
    }

    private Ref find(StoredRepository repository, String name) {
        try {
            return refs.find(UUID.fromString(repository.repositoryId()), name);
        } catch (IOException e) {
            throw CodeCommitErrors.storage(e);
        }
    }

    private static RevCommit parse(RevWalk walk, ObjectId id, String specifier) throws IOException {
        try {
            return walk.parseCommit(id);
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            throw CommitErrors.commitDoesNotExist(specifier);
        }
    }
}
