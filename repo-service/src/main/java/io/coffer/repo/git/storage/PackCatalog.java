package io.coffer.repo.git.storage;

import io.coffer.events.Database;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.internal.storage.dfs.DfsObjDatabase.PackSource;
import org.eclipse.jgit.internal.storage.dfs.DfsPackDescription;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.pack.PackExt;

/**
 * The pack list of each repository in PostgreSQL. A commit adds packs and removes the ones they replace in one
 * transaction under the list's row lock, and fails if any pack to replace is already gone: two repo-service
 * instances can add packs concurrently (both land), but only one of two concurrent repacks of the same packs wins.
 */
@ApplicationScoped
public class PackCatalog {

    private final Database database;

    public PackCatalog(Database database) {
        this.database = database;
    }

    /** The repository's packs with their files, newest first. */
    List<SealedPackDescription> list(DfsRepositoryDescription repository) throws IOException {
        UUID id = UUID.fromString(repository.getRepositoryName());
        Map<String, SealedPackDescription> packs = new LinkedHashMap<>();
        try (Connection c = database.connection();
                PreparedStatement select = c.prepareStatement("""
                        select p.pack_name, p.source, p.last_modified, p.object_count, p.delta_count,
                               p.estimated_size, p.index_version, p.min_update_index, p.max_update_index,
                               f.ext, f.header, f.frame_length, f.plaintext_length
                        from git_pack p join git_pack_file f using (repository_id, pack_name)
                        where p.repository_id = ? order by p.last_modified desc, p.pack_name""")) {
            select.setObject(1, id);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String name = rows.getString(1);
                    SealedPackDescription pack = packs.get(name);
                    if (pack == null) {
                        pack = new SealedPackDescription(repository, name, PackSource.valueOf(rows.getString(2)));
                        pack.setLastModified(rows.getTimestamp(3).getTime());
                        pack.setObjectCount(rows.getLong(4));
                        pack.setDeltaCount(rows.getLong(5));
                        pack.setEstimatedPackSize(rows.getLong(6));
                        pack.setIndexVersion(rows.getInt(7));
                        pack.setMinUpdateIndex(rows.getLong(8));
                        pack.setMaxUpdateIndex(rows.getLong(9));
                        packs.put(name, pack);
                    }
                    PackExt ext = PackExt.valueOf(rows.getString(10));
                    SealedFile file = new SealedFile(rows.getBytes(11), rows.getInt(12), rows.getLong(13));
                    pack.addFileExt(ext);
                    pack.setFileSize(ext, file.plaintextLength());
                    pack.sealed(ext, file);
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot list the packs of repository " + id, e);
        }
        return new ArrayList<>(packs.values());
    }

    /**
     * Adds {@code added} and removes {@code replaced} in one transaction.
     *
     * @throws PackListChangedException if a pack to replace is no longer listed
     */
    void commit(DfsRepositoryDescription repository, Collection<SealedPackDescription> added,
            Collection<? extends DfsPackDescription> replaced)
            throws IOException {
        UUID id = UUID.fromString(repository.getRepositoryName());
        try {
            QuarkusTransaction.requiringNew().call(() -> {
                try (Connection c = database.connection()) {
                    lockList(c, id);
                    if (!replaced.isEmpty()) {
                        remove(c, id, replaced);
                    }
                    for (SealedPackDescription pack : added) {
                        insert(c, id, pack);
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            if (e.getCause() instanceof PackListChangedException changed) {
                throw changed;
            }
            throw new IOException("cannot commit packs of repository " + id, e);
        }
    }

    /**
     * Replaces the header of every file of a repository with {@code rewrap} of it, in the caller's transaction and
     * under the pack list's lock, so no pack is committed or repacked meanwhile.
     */
    void rewrapHeaders(Connection c, UUID repositoryId, UnaryOperator<byte[]> rewrap)
            throws SQLException {
        lockList(c, repositoryId);
        try (PreparedStatement select = c.prepareStatement(
                "select pack_name, ext, header from git_pack_file where repository_id = ?");
                PreparedStatement update = c.prepareStatement(
                        "update git_pack_file set header = ? where repository_id = ? and pack_name = ? and ext = ?")) {
            select.setObject(1, repositoryId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    update.setBytes(1, rewrap.apply(rows.getBytes(3)));
                    update.setObject(2, repositoryId);
                    update.setString(3, rows.getString(1));
                    update.setString(4, rows.getString(2));
                    update.addBatch();
                }
            }
            update.executeBatch();
        }
    }

    /** Forgets every pack and file of a repository, in the caller's transaction. */
    void forget(Connection c, UUID repositoryId) throws SQLException {
        for (String table : List.of("git_pack_file", "git_pack", "git_pack_list", "git_pack_removed")) {
            try (PreparedStatement delete = c.prepareStatement(
                    "delete from " + table + " where repository_id = ?")) {
                delete.setObject(1, repositoryId);
                delete.executeUpdate();
            }
        }
    }

    /** Packs removed from a repository's list before {@code before}: their files may go. */
    List<RemovedPack> removedBefore(Instant before) throws SQLException {
        List<RemovedPack> removed = new ArrayList<>();
        try (Connection c = database.connection();
                PreparedStatement select = c.prepareStatement(
                        "select repository_id, pack_name from git_pack_removed where removed_at < ?")) {
            select.setTimestamp(1, Timestamp.from(before));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    removed.add(new RemovedPack(rows.getObject(1, UUID.class), rows.getString(2)));
                }
            }
        }
        return removed;
    }

    /** The removed pack's files are deleted. */
    void forgetRemoved(RemovedPack pack) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement delete = c.prepareStatement(
                        "delete from git_pack_removed where repository_id = ? and pack_name = ?")) {
            delete.setObject(1, pack.repositoryId());
            delete.setString(2, pack.packName());
            delete.executeUpdate();
        }
    }

    /**
     * The pack names a repository's files may belong to: listed or removed but not yet swept, and the blobs of its
     * Git LFS objects. Null if the repository does not exist.
     */
    Set<String> knownPacks(UUID repositoryId) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement select = c.prepareStatement("""
                        select 1 as kind, pack_name from git_pack where repository_id = ?
                        union all select 2, pack_name from git_pack_removed where repository_id = ?
                        union all select 1, blob_name from lfs_object where repository_id = ?
                        union all select 3, null from repository where repository_id = ?""")) {
            for (int i = 1; i <= 4; i++) {
                select.setObject(i, repositoryId);
            }
            Set<String> names = new HashSet<>();
            boolean exists = false;
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (rows.getInt(1) == 3) {
                        exists = true;
                    } else {
                        names.add(rows.getString(2));
                    }
                }
            }
            return exists ? names : null;
        }
    }

    /** A pack removed from a list at some time. */
    record RemovedPack(UUID repositoryId, String packName) {
    }

    private static void lockList(Connection c, UUID id) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("""
                insert into git_pack_list (repository_id, version) values (?, 1)
                on conflict (repository_id) do update set version = git_pack_list.version + 1""")) {
            upsert.setObject(1, id);
            upsert.executeUpdate();
        }
    }

    private static void remove(Connection c, UUID id,
            Collection<? extends DfsPackDescription> replaced)
            throws SQLException, PackListChangedException {
        Array names = c.createArrayOf("text",
                replaced.stream().map(DfsPackDescription::getPackName).distinct().toArray());
        try (PreparedStatement delete = c.prepareStatement(
                "delete from git_pack where repository_id = ? and pack_name = any(?)")) {
            delete.setObject(1, id);
            delete.setArray(2, names);
            int removed = delete.executeUpdate();
            if (removed != replaced.stream().map(DfsPackDescription::getPackName).distinct().count()) {
                throw new PackListChangedException(id);
            }
        }
        try (PreparedStatement retire = c.prepareStatement("""
                insert into git_pack_removed (repository_id, pack_name, removed_at)
                select ?, unnest(?), now() on conflict do nothing""")) {
            retire.setObject(1, id);
            retire.setArray(2, names);
            retire.executeUpdate();
        }
    }

    private static void insert(Connection c, UUID id, SealedPackDescription pack) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                insert into git_pack (repository_id, pack_name, source, last_modified, object_count, delta_count,
                                      estimated_size, index_version, min_update_index, max_update_index)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setObject(1, id);
            insert.setString(2, pack.getPackName());
            insert.setString(3, pack.getPackSource().name());
            insert.setTimestamp(4, Timestamp.from(pack.getLastModified() > 0
                    ? Instant.ofEpochMilli(pack.getLastModified()) : Instant.now()));
            insert.setLong(5, pack.getObjectCount());
            insert.setLong(6, pack.getDeltaCount());
            insert.setLong(7, pack.getEstimatedPackSize());
            insert.setInt(8, pack.getIndexVersion());
            insert.setLong(9, pack.getMinUpdateIndex());
            insert.setLong(10, pack.getMaxUpdateIndex());
            insert.executeUpdate();
        }
        try (PreparedStatement insert = c.prepareStatement("""
                insert into git_pack_file (repository_id, pack_name, ext, header, frame_length, plaintext_length)
                values (?, ?, ?, ?, ?, ?)""")) {
            for (Map.Entry<PackExt, SealedFile> file : pack.files().entrySet()) {
                insert.setObject(1, id);
                insert.setString(2, pack.getPackName());
                insert.setString(3, file.getKey().name());
                insert.setBytes(4, file.getValue().header());
                insert.setInt(5, file.getValue().frameLength());
                insert.setLong(6, file.getValue().plaintextLength());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
