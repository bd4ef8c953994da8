package io.coffer.repo.git.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The latest decrypted run of each of the last few files read through one opened repository. JGit opens a new
 * channel for each block it loads while copying objects, so without this every block would be a crypto-service
 * call of its own, and a run decrypted ahead would be wiped unused when its channel closes. Channels on the same file
 * find the run here and carry the sequential read-ahead on.
 * <p>
 * A run fills as crypto-service streams it: a read waits only for the bytes it asks for, not for the whole run, so
 * Git sends the first block while the rest is still being decrypted; bytes filled stay for reads anywhere in the
 * run. Runs are wiped and their answers ended when replaced, evicted or cleared; all access is under this object's
 * lock, so no reader copies from a run while it is wiped. A wiped run's pieces hold the next runs' plaintext.
 */
final class DecryptedRuns {

    /** Files whose latest run is kept: a pack and its index, and the few packs one request reads at a time. */
    private static final int FILES = 4;
    /**
     * Runs are held in pieces of this size, below half of G1's smallest region: a run of several MiB in one array
     * would be a humongous object, and those allocations started a concurrent cycle on every clone (deploy/local).
     */
    static final int PIECE = 256 * 1024;

    private static final class Run {
        final long start;
        final int length;
        final int sequentialLength;
        private final byte[][] pieces;
        private PlaintextRun source;
        private int filled;

        Run(long start, PlaintextRun source, int sequentialLength) {
            this.start = start;
            this.length = source.length();
            this.pieces = new byte[(length + PIECE - 1) / PIECE][];
            this.source = source;
            this.sequentialLength = sequentialLength;
        }

        long limit() {
            return start + length;
        }

        /**
         * Reads from the answer until the first {@code upTo} bytes are here, into pieces taken from {@code spare}
         * first; ends the answer once all are.
         */
        void fill(int upTo, ArrayDeque<byte[]> spare) throws IOException {
            while (filled < upTo) {
                int piece = filled / PIECE;
                if (pieces[piece] == null) {
                    pieces[piece] = spare.isEmpty() ? new byte[PIECE] : spare.pop();
                }
                int offset = filled % PIECE;
                filled += source.read(pieces[piece], offset, Math.min(PIECE - offset, length - filled));
            }
            if (filled == length) {
                end();
            }
        }

        /** Copies {@code n} filled bytes from {@code offset} into {@code dst}. */
        void copy(int offset, ByteBuffer dst, int n) {
            while (n > 0) {
                int within = offset % PIECE;
                int chunk = Math.min(n, PIECE - within);
                dst.put(pieces[offset / PIECE], within, chunk);
                offset += chunk;
                n -= chunk;
            }
        }

        /** Ends the answer if it is still open. */
        void end() throws IOException {
            if (source != null) {
                PlaintextRun ended = source;
                source = null;
                ended.close();
            }
        }

        /** Zeroes what was filled, ends the answer and hands the (now empty) pieces to {@code spare}. */
        void wipe(ArrayDeque<byte[]> spare) {
            for (int piece = 0; piece < pieces.length && pieces[piece] != null; piece++) {
                Arrays.fill(pieces[piece], 0, Math.min(PIECE, filled - piece * PIECE), (byte) 0);
                spare.push(pieces[piece]);
                pieces[piece] = null;
            }
            try {
                end();
            } catch (IOException ignored) {
                // an unread answer is given up; its connection is closed either way
            }
        }
    }

    private final Map<String, Run> runs = new LinkedHashMap<>(FILES, 0.75f, true);
    /** Zeroed pieces of wiped runs, for the next runs: a clone reuses a few MiB instead of allocating its size. */
    private final ArrayDeque<byte[]> spare = new ArrayDeque<>();

    /**
     * Copies plaintext at {@code position} of file {@code name} into {@code dst} from the file's latest run, waiting
     * for it to be decrypted if need be.
     *
     * @return bytes copied, or -1 if that run does not cover {@code position}
     * @throws StoredDataCorruptException if the run's frames fail to authenticate (the run is dropped)
     */
    synchronized int copy(String name, long position, ByteBuffer dst) throws IOException {
        Run run = runs.get(name);
        if (run == null || position < run.start || position >= run.limit()) {
            return -1;
        }
        int offset = (int) (position - run.start);
        int n = Math.min(dst.remaining(), run.length - offset);
        try {
            run.fill(offset + n, spare);
        } catch (IOException | RuntimeException e) {
            runs.remove(name);
            run.wipe(spare);
            throw e;
        }
        run.copy(offset, dst, n);
        return n;
    }

    /**
     * How long the next run from {@code position} should be if reads carry on sequentially: double the last one
     * (from at least {@code blockSize}) up to {@code max} when the file's latest run ends at {@code position}, else 0.
     */
    synchronized int sequentialLength(String name, long position, int blockSize, int max) {
        Run run = runs.get(name);
        if (run == null || run.limit() != position) {
            return 0;
        }
        return Math.min(max, 2 * Math.max(run.sequentialLength, blockSize));
    }

    /** Keeps the run {@code source} streams, from plaintext position {@code start}, as the file's latest run. */
    synchronized void put(String name, long start, PlaintextRun source, int sequentialLength) {
        Run replaced = runs.put(name, new Run(start, source, sequentialLength));
        if (replaced != null) {
            replaced.wipe(spare);
        }
        if (runs.size() > FILES) {
            Iterator<Run> eldest = runs.values().iterator();
            eldest.next().wipe(spare);
            eldest.remove();
        }
    }

    /** Wipes and forgets every run. */
    synchronized void clear() {
        for (Run run : runs.values()) {
            run.wipe(spare);
        }
        runs.clear();
        spare.clear();
    }
}
