package io.coffer.repo.git.refs;

import io.coffer.events.Database;
import io.coffer.events.EventCodec;
import io.coffer.events.EventStore;
import io.coffer.events.Events;
import io.coffer.events.Topics;
import io.coffer.kernel.Caller;
import io.coffer.kernel.EventEnvelope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdRef;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.SymbolicRef;

/**
 * Refs in PostgreSQL. Changes are compare-and-swaps applied in one transaction under the repository's ref-log row
 * lock, together with their {@link RefsUpdated} event (event store and outbox): a ref moves if and only if the
 * reflog records it, and of two writers that saw the same old value exactly one wins.
 */
@ApplicationScoped
public class RefStore {

    private final Database database;
    private final EventStore events;
    private final EventCodec codec;

    public RefStore(Database database, EventStore events, EventCodec codec) {
        this.database = database;
        this.events = events;
        this.codec = codec;
    }

    /** Every ref of the repository; symbolic ones point at a target by name. */
    public List<Ref> all(UUID repositoryId) throws IOException {
        List<Ref> refs = new ArrayList<>();
        try (Connection c = database.connection();
                PreparedStatement select = c.prepareStatement("""
                        select name, object_id, peeled_id, symbolic_target from git_ref
                        where repository_id = ? order by name""")) {
            select.setObject(1, repositoryId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    refs.add(ref(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot read the refs of repository " + repositoryId, e);
        }
        return refs;
    }

    /** One ref, or null if it does not exist. */
    public Ref find(UUID repositoryId, String name) throws IOException {
        try (Connection c = database.connection()) {
            return current(c, repositoryId, name);
        } catch (SQLException e) {
            throw new IOException("cannot read ref " + name + " of repository " + repositoryId, e);
        }
    }

    private static Ref ref(String name, String objectId, String peeledId, String symbolicTarget) {
        if (symbolicTarget != null) {
            return new SymbolicRef(name, new ObjectIdRef.Unpeeled(Ref.Storage.NEW, symbolicTarget, null));
        }
        ObjectId id = ObjectId.fromString(objectId);
        return peeledId != null
                ? new ObjectIdRef.PeeledTag(Ref.Storage.PACKED, name, id, ObjectId.fromString(peeledId))
                : new ObjectIdRef.PeeledNonTag(Ref.Storage.PACKED, name, id);
    }

    /**
     * Applies {@code changes} for {@code caller}. Atomically: all or none. Otherwise each change that still matches
     * is applied and the others are not. A repository's first branch also becomes its HEAD, as CodeCommit makes the
     * first branch pushed the default branch.
     *
     * @return for each change, whether it was applied
     */
    public boolean[] apply(Caller caller, UUID repositoryId, List<RefChange> changes, boolean atomic)
            throws IOException {
        return apply(caller, repositoryId, changes, atomic, applied -> { });
    }

    /**
     * As {@link #apply(Caller, UUID, List, boolean)}, and once any change applied, {@code whenApplied} runs in the
     * same transaction with what applied: what it writes (a push's CloudTrail record, through the outbox) commits
     * if and only if the refs move.
     */
    public boolean[] apply(Caller caller, UUID repositoryId, List<RefChange> changes, boolean atomic,
            Consumer<boolean[]> whenApplied) throws IOException {
        try {
            // joins the transaction of an API call, so the change commits with its CloudTrail record
            return QuarkusTransaction.joiningExisting().call(() -> {
                try (Connection c = database.connection()) {
                    long version = lockLog(c, repositoryId);
                    boolean[] applied = new boolean[changes.size()];
                    List<RefsUpdated.Update> updates = new ArrayList<>();
                    // deletions first, so a batch can replace a/b by a/b/c
                    for (int pass = 0; pass < 2; pass++) {
                        for (int i = 0; i < changes.size(); i++) {
                            RefChange change = changes.get(i);
                            if ((change.replacement() == null) != (pass == 0)) {
                                continue;
                            }
                            applied[i] = apply(c, repositoryId, change);
                            if (applied[i]) {
                                updates.add(new RefsUpdated.Update(change.name(), hex(change.oldId()),
                                        hex(change.newId()), change.newTarget()));
                            } else if (atomic) {
                                QuarkusTransaction.setRollbackOnly();
                                return new boolean[changes.size()];
                            }
                        }
                    }
                    if (updates.isEmpty()) {
                        return applied;
                    }
                    defaultHead(c, repositoryId, changes, applied);
                    record(c, caller, repositoryId, version + 1, updates);
                    whenApplied.accept(applied);
                    return applied;
                }
            });
        } catch (RuntimeException e) {
            throw new IOException("cannot update refs of repository " + repositoryId + ": " + e.getMessage(), e);
        }
    }

    private static long lockLog(Connection c, UUID repositoryId) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("""
                insert into git_ref_log (repository_id, version) values (?, 0)
                on conflict (repository_id) do update set version = git_ref_log.version
                returning version""")) {
            lock.setObject(1, repositoryId);
            try (ResultSet row = lock.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static boolean apply(Connection c, UUID repositoryId, RefChange change) throws SQLException {
        Ref current = current(c, repositoryId, change.name());
        if (!same(current, change.expected())) {
            return false;
        }
        if (change.replacement() == null) {
            try (PreparedStatement delete = c.prepareStatement(
                    "delete from git_ref where repository_id = ? and name = ?")) {
                delete.setObject(1, repositoryId);
                delete.setString(2, change.name());
                return delete.executeUpdate() == 1;
            }
        }
        if (current == null && conflicts(c, repositoryId, change.name())) {
            return false;
        }
        Ref next = change.replacement();
        try (PreparedStatement upsert = c.prepareStatement("""
                insert into git_ref (repository_id, name, object_id, peeled_id, symbolic_target)
                values (?, ?, ?, ?, ?)
                on conflict (repository_id, name) do update set object_id = excluded.object_id,
                    peeled_id = excluded.peeled_id, symbolic_target = excluded.symbolic_target""")) {
            upsert.setObject(1, repositoryId);
            upsert.setString(2, change.name());
            upsert.setString(3, next.isSymbolic() ? null : next.getObjectId().name());
            upsert.setString(4, next.isSymbolic() || next.getPeeledObjectId() == null
                    ? null : next.getPeeledObjectId().name());
            upsert.setString(5, next.isSymbolic() ? next.getTarget().getName() : null);
            upsert.executeUpdate();
            return true;
        }
    }

    private static Ref current(Connection c, UUID repositoryId, String name) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("""
                select object_id, peeled_id, symbolic_target from git_ref where repository_id = ? and name = ?""")) {
            select.setObject(1, repositoryId);
            select.setString(2, name);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? ref(name, row.getString(1), row.getString(2), row.getString(3)) : null;
            }
        }
    }

    /** Git's rule: no ref may be a prefix directory of another ({@code a} and {@code a/b} cannot both exist). */
    private static boolean conflicts(Connection c, UUID repositoryId, String name) throws SQLException {
        List<String> parents = new ArrayList<>();
        for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
            parents.add(name.substring(0, slash));
        }
        try (PreparedStatement select = c.prepareStatement("""
                select 1 from git_ref where repository_id = ?
                and (name = any(?) or starts_with(name, ?)) limit 1""")) {
            select.setObject(1, repositoryId);
            select.setArray(2, c.createArrayOf("text", parents.toArray()));
            select.setString(3, name + "/");
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    private static boolean same(Ref current, Ref expected) {
        if (current == null || expected == null) {
            return current == null && (expected == null || expected.getObjectId() == null && !expected.isSymbolic());
        }
        if (current.isSymbolic() || expected.isSymbolic()) {
            return current.isSymbolic() && expected.isSymbolic()
                    && current.getTarget().getName().equals(expected.getTarget().getName());
        }
        return current.getObjectId().equals(expected.getObjectId());
    }

    /** A HEAD that is missing or names no branch is pointed at the first branch created (main or master first). */
    private static void defaultHead(Connection c, UUID repositoryId, List<RefChange> changes, boolean[] applied)
            throws SQLException {
        Ref head = current(c, repositoryId, Constants.HEAD);
        if (head != null && (!head.isSymbolic() || current(c, repositoryId, head.getTarget().getName()) != null)) {
            return;
        }
        List<String> created = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            RefChange change = changes.get(i);
            if (applied[i] && change.expected() == null && change.newId() != null
                    && change.name().startsWith(Constants.R_HEADS)) {
                created.add(change.name());
            }
        }
        if (created.isEmpty()) {
            return;
        }
        String branch = created.stream().filter(n -> n.equals("refs/heads/main") || n.equals("refs/heads/master"))
                .findFirst().orElse(created.get(0));
        try (PreparedStatement upsert = c.prepareStatement("""
                insert into git_ref (repository_id, name, symbolic_target) values (?, 'HEAD', ?)
                on conflict (repository_id, name) do update set object_id = null, peeled_id = null,
                    symbolic_target = excluded.symbolic_target""")) {
            upsert.setObject(1, repositoryId);
            upsert.setString(2, branch);
            upsert.executeUpdate();
        }
    }

    private void record(Connection c, Caller caller, UUID repositoryId, long version,
            List<RefsUpdated.Update> updates) throws SQLException {
        try (PreparedStatement bump = c.prepareStatement(
                "update git_ref_log set version = ? where repository_id = ?")) {
            bump.setLong(1, version);
            bump.setObject(2, repositoryId);
            bump.executeUpdate();
        }
        RefsUpdated event = new RefsUpdated(repositoryId.toString(), caller.principal().arn(), updates);
        EventEnvelope envelope = Events.caused(caller, RefsUpdated.TYPE, RefsUpdated.AGGREGATE,
                repositoryId.toString(), version, codec.toTree(event));
        events.append(Topics.REPOSITORY_EVENTS, repositoryId.toString(), List.of(envelope));
    }

    /** Forgets every ref of a repository, in the caller's transaction. */
    public void forget(Connection c, UUID repositoryId) throws SQLException {
        for (String table : Arrays.asList("git_ref", "git_ref_log")) {
            try (PreparedStatement delete = c.prepareStatement(
                    "delete from " + table + " where repository_id = ?")) {
                delete.setObject(1, repositoryId);
                delete.executeUpdate();
            }
        }
    }

    private static String hex(ObjectId id) {
        return id == null ? null : id.name();
    }
}
