package io.coffer.repo.git.storage;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The latest decrypted run of each of the last few files read through one opened repository. JGit opens a new
 * channel for each block it loads while copying objects, so without this every block would be a crypto-service
 * call of its own, and a run decrypted ahead would be wiped unused when its channel closes. Channels on the same file
 * find the run here and carry the sequential read-ahead on. Runs are wiped when replaced, evicted or cleared; all
 * access is under this object's lock, so no reader copies from a run while it is wiped.
 */
final class DecryptedRuns {

    /** Files whose latest run is kept: a pack and its index, and the few packs one request reads at a time. */
    private static final int FILES = 4;

    private record Run(long start, byte[] plaintext, int sequentialLength) {

        long end() {
            return start + plaintext.length;
        }
    }

    private final Map<String, Run> runs = new LinkedHashMap<>(FILES, 0.75f, true);

    /**
     * Copies plaintext at {@code position} of file {@code name} into {@code dst} from the file's latest run.
     *
     * @return bytes copied, or -1 if that run does not cover {@code position}
     */
    synchronized int copy(String name, long position, ByteBuffer dst) {
        Run run = runs.get(name);
        if (run == null || position < run.start() || position >= run.end()) {
            return -1;
        }
        int offset = (int) (position - run.start());
        int n = Math.min(dst.remaining(), run.plaintext().length - offset);
        dst.put(run.plaintext(), offset, n);
        return n;
    }

    /**
     * How long the next run from {@code position} should be if reads carry on sequentially: double the last one
     * (from at least {@code blockSize}) up to {@code max} when the file's latest run ends at {@code position}, else 0.
     */
    synchronized int sequentialLength(String name, long position, int blockSize, int max) {
        Run run = runs.get(name);
        if (run == null || run.end() != position) {
            return 0;
        }
        return Math.min(max, 2 * Math.max(run.sequentialLength(), blockSize));
    }

    /** Keeps {@code plaintext} as the file's latest run (this object owns it from now on). */
    synchronized void put(String name, long start, byte[] plaintext, int sequentialLength) {
        Run replaced = runs.put(name, new Run(start, plaintext, sequentialLength));
        if (replaced != null) {
            Arrays.fill(replaced.plaintext(), (byte) 0);
        }
        if (runs.size() > FILES) {
            Iterator<Run> eldest = runs.values().iterator();
            Arrays.fill(eldest.next().plaintext(), (byte) 0);
            eldest.remove();
        }
    }

    /** Wipes and forgets every run. */
    synchronized void clear() {
        for (Run run : runs.values()) {
            Arrays.fill(run.plaintext(), (byte) 0);
        }
        runs.clear();
    }
}
