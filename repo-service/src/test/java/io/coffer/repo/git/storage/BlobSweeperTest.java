package io.coffer.repo.git.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coffer.repo.RepoConfig;
import io.coffer.testsupport.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The sweeper against the real blob directory and PostgreSQL: what goes and what must stay. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class BlobSweeperTest {

    @Inject
    BlobSweeper sweeper;
    @Inject
    RepoConfig config;
    @Inject
    DataSource dataSource;

    @Test
    void givenListedRemovedAbandonedAndFreshFiles_whenSwept_thenOnlyTheUnreferencedOldOnesGo() throws Exception {
        UUID repository = UUID.randomUUID();
        UUID deletedRepository = UUID.randomUUID();
        sql("""
                insert into repository (repository_id, account_id, region, name, arn, creation_date, last_modified)
                values (?, '111122223333', 'eu-west-3', ?, 'arn', now(), now())""", repository, "sweep-" + repository);
        sql("""
                insert into git_pack (repository_id, pack_name, source, last_modified, object_count, delta_count,
                    estimated_size, index_version, min_update_index, max_update_index)
                values (?, 'pack-listed-GC', 'GC', now(), 1, 0, 1, 2, 0, 0)""", repository);
        sql("insert into git_pack_removed values (?, 'pack-replaced-RECEIVE', now() - interval '2 hours')",
                repository);
        sql("insert into git_pack_removed values (?, 'pack-just-replaced-RECEIVE', now())", repository);
        Instant old = Instant.now().minus(Duration.ofHours(3));
        Path listed = file(repository, "pack-listed-GC.pack", old);
        Path listedIndex = file(repository, "pack-listed-GC.idx", old);
        Path replaced = file(repository, "pack-replaced-RECEIVE.pack", Instant.now());
        Path replacedIndex = file(repository, "pack-replaced-RECEIVE.idx", Instant.now());
        Path justReplaced = file(repository, "pack-just-replaced-RECEIVE.pack", old);
        Path abandoned = file(repository, "pack-crashed-INSERT.pack", old);
        Path inProgress = file(repository, "pack-writing-RECEIVE.pack", Instant.now());
        Path leftOfDeleted = file(deletedRepository, "pack-x-GC.pack", Instant.now());

        sweeper.sweep(Instant.now().minus(Duration.ofHours(1)));

        assertTrue(Files.exists(listed) && Files.exists(listedIndex), "listed packs stay");
        assertFalse(Files.exists(replaced) || Files.exists(replacedIndex), "packs replaced long ago go");
        assertTrue(Files.exists(justReplaced), "packs replaced within the grace period stay");
        assertFalse(Files.exists(abandoned), "old files of no pack go");
        assertTrue(Files.exists(inProgress), "recent files of no pack may be a write in progress");
        assertFalse(Files.exists(leftOfDeleted.getParent()), "a deleted repository's files go");
        try (Connection c = dataSource.getConnection();
                PreparedStatement count = c.prepareStatement(
                        "select count(*) from git_pack_removed where repository_id = ?")) {
            count.setObject(1, repository);
            var rows = count.executeQuery();
            rows.next();
            assertEquals(1, rows.getInt(1), "only the pack within its grace period is still pending");
        }
    }

    private Path file(UUID repository, String name, Instant modified) throws Exception {
        Path directory = config.git().blobRoot().resolve(repository.toString());
        Files.createDirectories(directory);
        Path file = Files.write(directory.resolve(name), new byte[] {1, 2, 3});
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    private void sql(String statement, Object... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.executeUpdate();
        }
    }
}
