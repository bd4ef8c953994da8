package io.coffer.repo.git.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecryptedRunsTest {

    private final DecryptedRuns runs = new DecryptedRuns();

    @Test
    void given_aRunOfAFile_when_aReadFallsInsideIt_then_itIsServedFromTheRun_andNotOutsideIt() throws IOException {
        runs.put("pack-a.pack", 100, new Answer(1, 2, 3, 4).run(), 0);
        ByteBuffer dst = ByteBuffer.allocate(8);

        assertEquals(2, runs.copy("pack-a.pack", 102, dst));
        assertArrayEquals(bytes(3, 4), Arrays.copyOf(dst.array(), 2));
        assertEquals(-1, runs.copy("pack-a.pack", 104, dst));
        assertEquals(-1, runs.copy("pack-a.pack", 99, dst));
        assertEquals(-1, runs.copy("pack-b.pack", 100, dst));
    }

    @Test
    void given_aRunStillStreaming_when_itsFirstBytesAreRead_then_noMoreOfTheAnswerIsWaitedFor_andAllOfItEndsIt()
            throws IOException {
        Answer answer = new Answer(1, 2, 3, 4, 5, 6).deliveringAtMost(2);
        runs.put("f", 0, answer.run(), 0);

        ByteBuffer first = ByteBuffer.allocate(2);
        assertEquals(2, runs.copy("f", 0, first));
        assertEquals(2, answer.delivered, "only the bytes asked for were waited for");
        assertFalse(answer.closed);

        ByteBuffer rest = ByteBuffer.allocate(4);
        assertEquals(4, runs.copy("f", 2, rest));
        assertArrayEquals(bytes(3, 4, 5, 6), rest.array());
        assertTrue(answer.endSeen && answer.closed, "the answer was read to its end and ended");

        ByteBuffer again = ByteBuffer.allocate(2);
        assertEquals(2, runs.copy("f", 0, again), "bytes filled stay for reads anywhere in the run");
        assertArrayEquals(bytes(1, 2), again.array());
    }

    @Test
    void given_anAnswerCutInsideTheRun_when_readPastTheCut_then_integrityFailure_andTheRunIsDropped()
            throws IOException {
        runs.put("f", 0, new Answer(1, 2, 3, 4).deliveringAtMost(2).cutAfter(2).run(), 0);
        assertEquals(2, runs.copy("f", 0, ByteBuffer.allocate(2)));

        assertThrows(StoredDataCorruptException.class, () -> runs.copy("f", 2, ByteBuffer.allocate(2)));
        assertEquals(-1, runs.copy("f", 0, ByteBuffer.allocate(2)));
    }

    @Test
    void given_anAnswerLongerThanTheRun_when_readToTheRunsEnd_then_integrityFailure() {
        runs.put("f", 0, new PlaintextRun("repo", "f", 2, new Answer(1, 2, 3)), 0);

        assertThrows(StoredDataCorruptException.class, () -> runs.copy("f", 0, ByteBuffer.allocate(2)));
    }

    @Test
    void given_sequentialReads_when_eachStartsWhereTheLastRunEnded_then_theRunDoublesUpToTheMaximum() {
        assertEquals(0, runs.sequentialLength("f", 0, 256, 1024));
        runs.put("f", 0, new Answer(new byte[256]).run(), 0);
        assertEquals(512, runs.sequentialLength("f", 256, 256, 1024));
        runs.put("f", 256, new Answer(new byte[512]).run(), 512);
        assertEquals(1024, runs.sequentialLength("f", 768, 256, 1024));
        runs.put("f", 768, new Answer(new byte[1024]).run(), 1024);
        assertEquals(1024, runs.sequentialLength("f", 1792, 256, 1024));
        assertEquals(0, runs.sequentialLength("f", 5000, 256, 1024), "a jump is not sequential");
    }

    @Test
    void given_runsOfMoreFilesThanKept_when_anotherIsAdded_then_theLeastRecentlyUsedIsWipedAndForgotten()
            throws IOException {
        Answer eldest = new Answer(9, 9);
        runs.put("f0", 0, eldest.run(), 0);
        assertEquals(2, runs.copy("f0", 0, ByteBuffer.allocate(2)));
        for (int f = 1; f <= 3; f++) {
            runs.put("f" + f, 0, new Answer(f).run(), 0);
        }
        runs.put("f4", 0, new Answer(4).run(), 0);

        assertEquals(-1, runs.copy("f0", 0, ByteBuffer.allocate(2)));
        assertZeroed(eldest.target);
        assertEquals(1, runs.copy("f4", 0, ByteBuffer.allocate(2)));
    }

    @Test
    void given_runs_when_replacedOrCleared_then_theirPlaintextIsWiped_andUnreadAnswersEnded() throws IOException {
        Answer first = new Answer(1, 2, 3, 4).deliveringAtMost(2);
        Answer second = new Answer(5, 6);
        runs.put("f", 0, first.run(), 0);
        assertEquals(2, runs.copy("f", 0, ByteBuffer.allocate(2)));
        runs.put("f", 4, second.run(), 0);
        assertTrue(first.closed, "a run replaced half-read gives its answer up");
        assertZeroed(first.target);

        assertEquals(2, runs.copy("f", 4, ByteBuffer.allocate(2)));
        runs.clear();
        assertZeroed(second.target);
        assertEquals(-1, runs.copy("f", 4, ByteBuffer.allocate(2)));
    }

    @Test
    void given_aRunLongerThanAPiece_when_readAcrossPieces_then_everyByteIsWhereItWasSent() throws IOException {
        byte[] data = new byte[2 * DecryptedRuns.PIECE + 1000];
        new Random(1).nextBytes(data);
        runs.put("f", 4096, new Answer(data).deliveringAtMost(10_000).run(), 0);

        ByteBuffer across = ByteBuffer.allocate(DecryptedRuns.PIECE + 50);
        assertEquals(across.capacity(), runs.copy("f", 4096 + DecryptedRuns.PIECE - 20, across));
        assertArrayEquals(Arrays.copyOfRange(data, DecryptedRuns.PIECE - 20, 2 * DecryptedRuns.PIECE + 30),
                across.array());
        ByteBuffer whole = ByteBuffer.allocate(data.length);
        assertEquals(data.length, runs.copy("f", 4096, whole));
        assertArrayEquals(data, whole.array());
    }

    @Test
    void given_aWipedRun_when_theNextRunFills_then_itReusesTheZeroedPieces() throws IOException {
        Answer first = new Answer(1, 2, 3, 4);
        runs.put("f", 0, first.run(), 0);
        assertEquals(4, runs.copy("f", 0, ByteBuffer.allocate(4)));
        Answer second = new Answer(7);
        runs.put("f", 4, second.run(), 0);
        assertZeroed(first.target);

        assertEquals(1, runs.copy("f", 4, ByteBuffer.allocate(1)));
        assertSame(first.target, second.target);
        assertArrayEquals(bytes(7, 0, 0, 0), Arrays.copyOf(second.target, 4), "nothing of the first run is left");
    }

    private static void assertZeroed(byte[] piece) {
        assertArrayEquals(new byte[piece.length], piece, "the plaintext was wiped");
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /**
     * crypto-service's answer as a test sees it: what it delivered, into which array (the run's), whether it was
     * read to its end and closed.
     */
    private static final class Answer extends InputStream {
        private final byte[] data;
        private int limitPerRead = Integer.MAX_VALUE;
        private int cutAfter = -1;
        int delivered;
        byte[] target;
        boolean endSeen;
        boolean closed;

        Answer(int... values) {
            this(bytes(values));
        }

        Answer(byte[] data) {
            this.data = data;
        }

        Answer deliveringAtMost(int bytes) {
            limitPerRead = bytes;
            return this;
        }

        Answer cutAfter(int bytes) {
            cutAfter = bytes;
            return this;
        }

        PlaintextRun run() {
            return new PlaintextRun("repo", "f", data.length, this);
        }

        @Override
        public int read() throws IOException {
            return atEnd() ? -1 : data[delivered++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            target = b;
            if (atEnd()) {
                return -1;
            }
            int n = Math.min(Math.min(len, limitPerRead), data.length - delivered);
            System.arraycopy(data, delivered, b, off, n);
            delivered += n;
            return n;
        }

        private boolean atEnd() throws IOException {
            if (delivered == cutAfter) {
                throw new IOException("the response was cut off before its end");
            }
            endSeen = delivered == data.length;
            return endSeen;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
