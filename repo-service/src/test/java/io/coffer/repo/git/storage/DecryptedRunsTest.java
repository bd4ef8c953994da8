package io.coffer.repo.git.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DecryptedRunsTest {

    private final DecryptedRuns runs = new DecryptedRuns();

    @Test
    void given_aRunOfAFile_when_aReadFallsInsideIt_then_itIsServedFromTheRun_andNotOutsideIt() {
        runs.put("pack-a.pack", 100, bytes(1, 2, 3, 4), 0);
        ByteBuffer dst = ByteBuffer.allocate(8);

        assertEquals(2, runs.copy("pack-a.pack", 102, dst));
        assertArrayEquals(bytes(3, 4), Arrays.copyOf(dst.array(), 2));
        assertEquals(-1, runs.copy("pack-a.pack", 104, dst));
        assertEquals(-1, runs.copy("pack-a.pack", 99, dst));
        assertEquals(-1, runs.copy("pack-b.pack", 100, dst));
    }

    @Test
    void given_sequentialReads_when_eachStartsWhereTheLastRunEnded_then_theRunDoublesUpToTheMaximum() {
        assertEquals(0, runs.sequentialLength("f", 0, 256, 1024));
        runs.put("f", 0, new byte[256], 0);
        assertEquals(512, runs.sequentialLength("f", 256, 256, 1024));
        runs.put("f", 256, new byte[512], 512);
        assertEquals(1024, runs.sequentialLength("f", 768, 256, 1024));
        runs.put("f", 768, new byte[1024], 1024);
        assertEquals(1024, runs.sequentialLength("f", 1792, 256, 1024));
        assertEquals(0, runs.sequentialLength("f", 5000, 256, 1024), "a jump is not sequential");
    }

    @Test
    void given_runsOfMoreFilesThanKept_when_anotherIsAdded_then_theLeastRecentlyUsedIsWipedAndForgotten() {
        byte[] eldest = bytes(9, 9);
        runs.put("f0", 0, eldest, 0);
        for (int f = 1; f <= 3; f++) {
            runs.put("f" + f, 0, bytes(f), 0);
        }
        runs.put("f4", 0, bytes(4), 0);

        assertEquals(-1, runs.copy("f0", 0, ByteBuffer.allocate(2)));
        assertArrayEquals(new byte[2], eldest);
        assertEquals(1, runs.copy("f4", 0, ByteBuffer.allocate(2)));
    }

    @Test
    void given_runs_when_replacedOrCleared_then_theirPlaintextIsWiped() {
        byte[] first = bytes(1, 2);
        byte[] second = bytes(3, 4);
        runs.put("f", 0, first, 0);
        runs.put("f", 2, second, 0);
        assertArrayEquals(new byte[2], first);

        runs.clear();
        assertArrayEquals(new byte[2], second);
        assertEquals(-1, runs.copy("f", 2, ByteBuffer.allocate(2)));
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
