package io.coffer.console.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffsTest {

    @TempDir
    Path dir;

    @Test
    void givenOneChangedLineInTheMiddle_whenDiffed_thenOneHunkWithThreeLinesOfContextEachSide() {
        List<Diffs.Hunk> hunks = Diffs.hunks(lines(1, 10, -1), lines(1, 10, 5));

        assertEquals(1, hunks.size());
        assertEquals("@@ -2,7 +2,7 @@", hunks.get(0).header());
        assertEquals(List.of(' ', ' ', ' ', '-', '+', ' ', ' ', ' '),
                hunks.get(0).lines().stream().map(Diffs.Line::kind).toList());
        Diffs.Line removed = hunks.get(0).lines().get(3);
        assertEquals(new Diffs.Line('-', 5, 0, "line 5"), removed);
    }

    @Test
    void givenAnAddedFile_whenDiffed_thenEveryLineIsAddedFromLineOne() {
        List<Diffs.Hunk> hunks = Diffs.hunks(new byte[0], "a\nb\n".getBytes(StandardCharsets.UTF_8));

        assertEquals("@@ -0,0 +1,2 @@", hunks.get(0).header());
        assertEquals(new Diffs.Line('+', 0, 2, "b"), hunks.get(0).lines().get(1));
    }

    @Test
    void givenANulByte_whenChecked_thenTheFileIsBinary() {
        assertTrue(Diffs.binary(new byte[] {'a', 0, 'b'}, new byte[0]));
        assertFalse(Diffs.binary("text".getBytes(StandardCharsets.UTF_8), new byte[0]));
    }

    /** The hunk headers and lines are exactly what stock git prints for the same two files. */
    @Test
    void givenTwoVersionsFarApart_whenDiffed_thenTheHunksAreGitDiffs() throws Exception {
        byte[] before = lines(1, 40, -1);
        StringBuilder after = new StringBuilder(new String(before, StandardCharsets.UTF_8)
                .replace("line 3\n", "three\n").replace("line 30\n", "").replace("line 31\n", "31\nextra\n"));
        Files.write(dir.resolve("a"), before);
        Files.writeString(dir.resolve("b"), after);

        List<String> ours = new ArrayList<>();
        for (Diffs.Hunk hunk : Diffs.hunks(before, after.toString().getBytes(StandardCharsets.UTF_8))) {
            ours.add(hunk.header());
            hunk.lines().forEach(l -> ours.add(l.kind() + l.text()));
        }
        assertEquals(gitDiff(), ours);
    }

    private List<String> gitDiff() throws IOException, InterruptedException {
        Process git = new ProcessBuilder("git", "diff", "--no-index", "--histogram", "--no-color", "a", "b")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(git.waitFor(30, TimeUnit.SECONDS));
        List<String> lines = new ArrayList<>(out.lines().dropWhile(l -> !l.startsWith("@@")).toList());
        lines.replaceAll(l -> l.startsWith("@@") ? l.substring(0, l.indexOf(" @@") + 3) : l);
        return lines;
    }

    private static byte[] lines(int from, int to, int changed) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i <= to; i++) {
            text.append(i == changed ? "changed " + i : "line " + i).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
