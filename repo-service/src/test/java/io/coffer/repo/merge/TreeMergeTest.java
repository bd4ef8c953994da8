package io.coffer.repo.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coffer.repo.commit.TreeFiles.TreeFile;
import io.coffer.repo.merge.TreeMerge.DetailLevel;
import io.coffer.repo.merge.TreeMerge.Outcome;
import io.coffer.repo.merge.TreeMerge.Strategy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** CodeCommit's three-way merge of trees, given three versions of some files: what merges and what conflicts. */
class TreeMergeTest {

    private final InMemoryRepository db = new InMemoryRepository(new DfsRepositoryDescription("merge"));
    private final ObjectInserter inserter = db.newObjectInserter();
    private final ObjectReader reader = db.newObjectReader();

    @AfterEach
    void close() {
        inserter.close();
        reader.close();
        db.close();
    }

    private TreeFile file(String content) throws Exception {
        TreeFile file = new TreeFile(inserter.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8)),
                FileMode.REGULAR_FILE);
        inserter.flush();
        return file;
    }

    private String content(TreeFile file) throws Exception {
        return new String(reader.open(file.id()).getBytes(), StandardCharsets.UTF_8);
    }

    private Outcome merge(Map<String, TreeFile> base, Map<String, TreeFile> source, Map<String, TreeFile> destination,
            DetailLevel level, Strategy strategy) throws Exception {
        Outcome outcome = TreeMerge.merge(reader, inserter, base, source, destination, level, strategy);
        inserter.flush();
        return outcome;
    }

    @Test
    void givenChangesToDifferentFiles_whenMerged_thenEachSidesChangeIsTaken() throws Exception {
        Map<String, TreeFile> base = Map.of("a", file("a\n"), "b", file("b\n"));
        Map<String, TreeFile> source = Map.of("a", file("a2\n"), "b", base.get("b"), "new", file("n\n"));
        Map<String, TreeFile> destination = Map.of("a", base.get("a"));
        Outcome outcome = merge(base, source, destination, DetailLevel.FILE_LEVEL, Strategy.NONE);
        assertTrue(outcome.conflicts().isEmpty());
        assertEquals(Map.of("a", source.get("a"), "new", source.get("new")), outcome.files(),
                "b deleted by the destination stays deleted");
    }

    @Test
    void givenBothChangedOneFileOnDifferentLines_whenMergedByFileOrLine_thenFileLevelConflictsLineLevelMerges()
            throws Exception {
        Map<String, TreeFile> base = Map.of("f", file("1\n2\n3\n4\n5\n"));
        Map<String, TreeFile> source = Map.of("f", file("1 source\n2\n3\n4\n5\n"));
        Map<String, TreeFile> destination = Map.of("f", file("1\n2\n3\n4\n5 destination\n"));
        Outcome byFile = merge(base, source, destination, DetailLevel.FILE_LEVEL, Strategy.NONE);
        assertEquals(List.of("f"), byFile.conflicts().stream().map(TreeMerge.Conflict::path).toList());
        Outcome byLine = merge(base, source, destination, DetailLevel.LINE_LEVEL, Strategy.NONE);
        assertTrue(byLine.conflicts().isEmpty());
        assertEquals("1 source\n2\n3\n4\n5 destination\n", content(byLine.files().get("f")));
        assertEquals(byLine.files(), merge(base, source, destination, DetailLevel.FILE_LEVEL, Strategy.AUTOMERGE)
                .files(), "AUTOMERGE merges lines whatever the detail level");
    }

    @Test
    void givenBothChangedTheSameLine_whenMerged_thenConflictUnlessAStrategyAcceptsOneSide() throws Exception {
        Map<String, TreeFile> base = Map.of("f", file("1\n2\n3\n"));
        Map<String, TreeFile> source = Map.of("f", file("1\nsource\n3\n"));
        Map<String, TreeFile> destination = Map.of("f", file("1\ndestination\n3\n"));
        Outcome lines = merge(base, source, destination, DetailLevel.LINE_LEVEL, Strategy.AUTOMERGE);
        assertEquals(1, lines.conflicts().get(0).lineConflicts());
        assertEquals(destination.get("f"), lines.files().get("f"), "a conflict holds the destination meanwhile");
        assertEquals(source.get("f"), merge(base, source, destination, DetailLevel.LINE_LEVEL,
                Strategy.ACCEPT_SOURCE).files().get("f"));
        assertEquals(destination.get("f"), merge(base, source, destination, DetailLevel.FILE_LEVEL,
                Strategy.ACCEPT_DESTINATION).files().get("f"));
    }

    @Test
    void givenOneSideDeletedWhatTheOtherChanged_whenMerged_thenContentConflict() throws Exception {
        Map<String, TreeFile> base = Map.of("f", file("1\n"));
        Outcome outcome = merge(base, Map.of("f", file("2\n")), Map.of(), DetailLevel.LINE_LEVEL, Strategy.NONE);
        TreeMerge.Conflict conflict = outcome.conflicts().get(0);
        assertTrue(conflict.contentConflict());
        assertNull(conflict.destination());
        assertFalse(outcome.files().containsKey("f"));
    }

    @Test
    void givenAFileWhereTheOtherSideMadeAFolder_whenMerged_thenObjectTypeConflict() throws Exception {
        Map<String, TreeFile> source = new HashMap<>(Map.of("x", file("a file\n")));
        Map<String, TreeFile> destination = Map.of("x/inner", file("in a folder\n"));
        Outcome outcome = merge(Map.of(), source, destination, DetailLevel.FILE_LEVEL, Strategy.NONE);
        assertEquals(List.of("x"), outcome.conflicts().stream().map(TreeMerge.Conflict::path).toList());
    }
}
