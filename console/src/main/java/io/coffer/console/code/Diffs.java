package io.coffer.console.code;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;

/**
 * Line diffs of one file's two versions, as unified hunks with {@value #CONTEXT} lines of context: JGit's histogram
 * diff (what {@code git diff} uses with {@code --histogram}), so the console shows what git would.
 */
public final class Diffs {

    static final int CONTEXT = 3;

    private static final DiffAlgorithm ALGORITHM =
            DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM);

    private Diffs() {
    }

    /** One line of a hunk: {@code kind} is ' ', '+' or '-'; a number is 0 where the line has no side. */
    public record Line(char kind, int oldNumber, int newNumber, String text) {

        public String cssClass() {
            return kind == '+' ? "add" : kind == '-' ? "del" : "ctx";
        }
    }

    /** A hunk, with its {@code @@ -a,b +c,d @@} header. */
    public record Hunk(String header, List<Line> lines) {
    }

    /** True if either side is binary (a NUL in its first 8000 bytes, as git decides). */
    public static boolean binary(byte[] before, byte[] after) {
        return RawText.isBinary(before) || RawText.isBinary(after);
    }

    /** The hunks that turn {@code before} into {@code after}; an added or deleted file is an empty side. */
    public static List<Hunk> hunks(byte[] before, byte[] after) {
        RawText a = new RawText(before);
        RawText b = new RawText(after);
        EditList edits = ALGORITHM.diff(RawTextComparator.DEFAULT, a, b);
        List<Hunk> hunks = new ArrayList<>();
        int i = 0;
        while (i < edits.size()) {
            // edits closer than twice the context share a hunk
            int last = i;
            while (last + 1 < edits.size()
                    && edits.get(last + 1).getBeginA() - edits.get(last).getEndA() <= 2 * CONTEXT) {
                last++;
            }
            Edit first = edits.get(i);
            Edit end = edits.get(last);
            int aStart = Math.max(0, first.getBeginA() - CONTEXT);
            int bStart = Math.max(0, first.getBeginB() - CONTEXT);
            int aEnd = Math.min(a.size(), end.getEndA() + CONTEXT);
            int bEnd = Math.min(b.size(), end.getEndB() + CONTEXT);
            List<Line> lines = new ArrayList<>();
            int ai = aStart;
            int bi = bStart;
            for (int e = i; e <= last; e++) {
                Edit edit = edits.get(e);
                while (ai < edit.getBeginA()) {
                    lines.add(new Line(' ', ai + 1, bi + 1, a.getString(ai)));
                    ai++;
                    bi++;
                }
                for (; ai < edit.getEndA(); ai++) {
                    lines.add(new Line('-', ai + 1, 0, a.getString(ai)));
                }
                for (; bi < edit.getEndB(); bi++) {
                    lines.add(new Line('+', 0, bi + 1, b.getString(bi)));
                }
            }
            while (ai < aEnd) {
                lines.add(new Line(' ', ai + 1, bi + 1, a.getString(ai)));
                ai++;
                bi++;
            }
            hunks.add(new Hunk("@@ -" + range(aStart, aEnd) + " +" + range(bStart, bEnd) + " @@", lines));
            i = last + 1;
        }
        return hunks;
    }

    private static String range(int start, int end) {
        int length = end - start;
        return (length == 0 ? start : start + 1) + (length == 1 ? "" : "," + length);
    }
}
