package io.coffer.repo.commit;

import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.coffer.repo.git.refs.RefChange;
import io.coffer.repo.git.refs.RefStore;
import io.coffer.repo.repository.StoredRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdRef;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;

/**
 * Commits made by the API (PutFile, CreateCommit, merges) and the branch moves that publish them: the same
 * compare-and-swap and reflog entry as a push, so of two writers that saw the same tip exactly one wins.
 */
@ApplicationScoped
public class BranchCommits {

    /** CodeCommit's limits on a commit message and an author's name. */
    static final int MAX_MESSAGE = 256 * 1024;
    static final int MAX_NAME = 1024;
    private static final int MAX_EMAIL = 256;

    private final RefStore refs;

    public BranchCommits(RefStore refs) {
        this.refs = refs;
    }

    /**
     * Writes a commit of {@code tree} and moves {@code branch} to it from {@code expectedTip} (null: the branch must
     * not exist yet). The inserter is flushed first, so the branch never names an object not yet stored.
     *
     * @param lost the error when another writer moved the branch first
     */
    public ObjectId commit(Caller caller, StoredRepository repository, ObjectInserter inserter, String branch,
            ObjectId expectedTip, ObjectId tree, List<ObjectId> parents, PersonIdent author, String message,
            Supplier<AwsException> lost) throws IOException {
        ObjectId id = write(inserter, tree, parents, author, message);
        move(caller, repository, branch, expectedTip, id, lost);
        return id;
    }

    /** Writes a commit no branch names (yet), and flushes the inserter: every object it needs is stored. */
    public static ObjectId write(ObjectInserter inserter, ObjectId tree, List<ObjectId> parents, PersonIdent author,
            String message) throws IOException {
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree);
        commit.setParentIds(parents);
        commit.setAuthor(author);
        commit.setCommitter(author);
        commit.setMessage(message);
        ObjectId id = inserter.insert(commit);
        inserter.flush();
        return id;
    }

    /** Moves {@code branch} from {@code expectedTip} to an existing commit (a fast-forward). */
    public void move(Caller caller, StoredRepository repository, String branch, ObjectId expectedTip,
            ObjectId target, Supplier<AwsException> lost) throws IOException {
        String name = Constants.R_HEADS + branch;
        RefChange change = new RefChange(name,
                expectedTip == null ? null : new ObjectIdRef.PeeledNonTag(Ref.Storage.PACKED, name, expectedTip),
                new ObjectIdRef.PeeledNonTag(Ref.Storage.PACKED, name, target));
        if (!refs.apply(caller, UUID.fromString(repository.repositoryId()), List.of(change), true)[0]) {
            throw lost.get();
        }
    }

    /**
     * The message a caller gave, or {@code byDefault}.
     *
     * @throws AwsException CommitMessageLengthExceededException above CodeCommit's limit
     */
    public static String message(String given, String byDefault) {
        if (given != null && given.getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE) {
            throw CommitErrors.commitMessageLengthExceeded(MAX_MESSAGE);
        }
        return given == null || given.isEmpty() ? byDefault : given;
    }

    /**
     * Author and committer of a commit made through the API: the name and email given, else the caller's user
     * name; characters Git cannot keep in an identity are refused or dropped.
     */
    public static PersonIdent author(Caller caller, String name, String email) {
        String who = name == null || name.isBlank() ? caller.principal().userName() : name;
        if (who.length() > MAX_NAME) {
            throw CommitErrors.nameLengthExceeded();
        }
        String address = email == null ? "" : email;
        if (address.length() > MAX_EMAIL || address.chars().anyMatch(c -> c == '<' || c == '>' || c < 0x20)) {
            throw CommitErrors.invalidEmail();
        }
        return new PersonIdent(who.replaceAll("[<>\\x00-\\x1f]", ""), address, Instant.now(), ZoneOffset.UTC);
    }
}
