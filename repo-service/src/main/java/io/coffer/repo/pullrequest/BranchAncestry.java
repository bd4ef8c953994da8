package io.coffer.repo.pullrequest;

import io.coffer.kernel.Caller;
import io.coffer.repo.git.storage.RepositoryStorage;
import io.coffer.repo.git.storage.SealedRepository;
import io.coffer.repo.repository.CodeCommitErrors;
import io.coffer.repo.repository.StoredRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;

/** How a pull request's source and destination commits are related, read through crypto-service for a caller. */
@ApplicationScoped
class BranchAncestry {

    private final RepositoryStorage storage;

    BranchAncestry(RepositoryStorage storage) {
        this.storage = storage;
    }

    /**
     * @param mergeBase the newest common ancestor, null if they share no history
     * @param merged whether the source is part of the destination's history
     */
    record Relation(String mergeBase, boolean merged) {
    }

    Relation relate(Caller caller, StoredRepository repository, ObjectId source, ObjectId destination) {
        try (SealedRepository db = storage.open(caller, repository); RevWalk walk = new RevWalk(db)) {
            RevCommit sourceCommit = walk.parseCommit(source);
            RevCommit destinationCommit = walk.parseCommit(destination);
            boolean merged = walk.isMergedInto(sourceCommit, destinationCommit);
            walk.reset();
            walk.setRevFilter(RevFilter.MERGE_BASE);
            walk.markStart(sourceCommit);
            walk.markStart(destinationCommit);
            RevCommit base = walk.next();
            return new Relation(base == null ? null : base.name(), merged);
        } catch (IOException e) {
            throw CodeCommitErrors.storage(e);
        }
    }
}
