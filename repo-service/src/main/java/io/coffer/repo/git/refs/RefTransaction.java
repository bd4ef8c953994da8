package io.coffer.repo.git.refs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.BatchRefUpdate;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdRef;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.SymbolicRef;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.ReceiveCommand;

/**
 * A push's ref updates as one PostgreSQL transaction: atomic pushes apply all or nothing, others each command that
 * still matches. Each command's old value is compared with the stored one, not with what this instance last read.
 */
final class RefTransaction extends BatchRefUpdate {

    private final PostgresRefDatabase refs;

    RefTransaction(PostgresRefDatabase refs) {
        super(refs);
        this.refs = refs;
    }

    @Override
    public void execute(RevWalk walk, ProgressMonitor monitor, List<String> options) throws IOException {
        if (options != null) {
            setPushOptions(options);
        }
        List<ReceiveCommand> pending = ReceiveCommand.filter(getCommands(), ReceiveCommand.Result.NOT_ATTEMPTED);
        List<RefChange> changes = new ArrayList<>();
        List<ReceiveCommand> attempted = new ArrayList<>();
        for (ReceiveCommand cmd : pending) {
            RefChange change = change(walk, cmd);
            if (change == null) {
                if (isAtomic()) {
                    ReceiveCommand.abort(pending);
                    return;
                }
                continue;
            }
            changes.add(change);
            attempted.add(cmd);
        }
        if (changes.isEmpty()) {
            return;
        }
        PushRecorder recorder = refs.pushRecorder();
        boolean[] applied = refs.apply(changes, isAtomic(), recorder == null ? done -> { }
                : done -> recorder.applied(results(attempted, done)));
        for (int i = 0; i < attempted.size(); i++) {
            if (applied[i]) {
                attempted.get(i).setResult(ReceiveCommand.Result.OK);
            } else {
                // the ref moved since it was read, or its name clashes with another ref
                attempted.get(i).setResult(ReceiveCommand.Result.LOCK_FAILURE);
                if (isAtomic()) {
                    ReceiveCommand.abort(attempted);
                    return;
                }
            }
        }
    }

    /** Every command of the batch with its result once {@code applied} (one flag per attempted command) holds. */
    private List<PushRecorder.PushedRef> results(List<ReceiveCommand> attempted, boolean[] applied) {
        List<PushRecorder.PushedRef> results = new ArrayList<>();
        for (ReceiveCommand cmd : getCommands()) {
            int i = attempted.indexOf(cmd);
            String result = i < 0 ? cmd.getResult().name()
                    : applied[i] ? ReceiveCommand.Result.OK.name() : ReceiveCommand.Result.LOCK_FAILURE.name();
            results.add(new PushRecorder.PushedRef(cmd.getRefName(), cmd.getOldId().name(), cmd.getNewId().name(),
                    result));
        }
        return results;
    }

    /** The compare-and-swap of one command, or null (with the command's result set) if it cannot be attempted. */
    private RefChange change(RevWalk walk, ReceiveCommand cmd) throws IOException {
        Ref expected = expected(cmd);
        if (cmd.getType() == ReceiveCommand.Type.DELETE) {
            return new RefChange(cmd.getRefName(), expected, null);
        }
        RevObject object;
        try {
            object = walk.parseAny(cmd.getNewId());
        } catch (MissingObjectException e) {
            cmd.setResult(ReceiveCommand.Result.REJECTED_MISSING_OBJECT);
            return null;
        }
        if (!isAllowNonFastForwards()) {
            cmd.updateType(walk);
            if (cmd.getType() == ReceiveCommand.Type.UPDATE_NONFASTFORWARD) {
                cmd.setResult(ReceiveCommand.Result.REJECTED_NONFASTFORWARD);
                return null;
            }
        }
        Ref replacement = object instanceof RevTag
                ? new ObjectIdRef.PeeledTag(Ref.Storage.PACKED, cmd.getRefName(), cmd.getNewId(),
                        walk.peel(object).copy())
                : new ObjectIdRef.PeeledNonTag(Ref.Storage.PACKED, cmd.getRefName(), cmd.getNewId());
        return new RefChange(cmd.getRefName(), expected, replacement);
    }

    private static Ref expected(ReceiveCommand cmd) {
        if (cmd.getOldSymref() != null) {
            return new SymbolicRef(cmd.getRefName(),
                    new ObjectIdRef.Unpeeled(Ref.Storage.NEW, cmd.getOldSymref(), null));
        }
        if (ObjectId.zeroId().equals(cmd.getOldId())) {
            return null;
        }
        return new ObjectIdRef.PeeledNonTag(Ref.Storage.PACKED, cmd.getRefName(), cmd.getOldId());
    }
}
