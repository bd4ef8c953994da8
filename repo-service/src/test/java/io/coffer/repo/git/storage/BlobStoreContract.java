package io.coffer.repo.git.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobStore} promises, run against each real store: a file written in pieces reads back by range,
 * is readable through its writer before it is finished and by the store after, and lists and deletes as named.
 */
abstract class BlobStoreContract {

    /** Larger than the S3 store's part size in these tests, so a file takes several parts. */
    static final int LARGE = 12 * 1024 * 1024 + 12345;

    abstract BlobStore store();

    @Test
    void givenFileWrittenInPiecesAndFlushed_whenFinished_thenEveryRangeReadsBack() throws IOException {
        String repository = UUID.randomUUID().toString();
        byte[] data = random(LARGE);
        try (BlobStore.Writer writer = store().create(repository, "pack-a-RECEIVE.pack")) {
            for (int at = 0; at < data.length; at += 65536) {
                writer.write(data, at, Math.min(65536, data.length - at));
                if (at % (8 * 1024 * 1024) == 0) {
                    writer.flush();
                }
            }
            writer.finish();
        }
        assertArrayEquals(data, read(repository, "pack-a-RECEIVE.pack", 0, data.length));
        int part = 5 * 1024 * 1024;
        assertArrayEquals(Arrays.copyOfRange(data, part - 7, part + 9),
                read(repository, "pack-a-RECEIVE.pack", part - 7, part + 9), "across a part boundary");
        assertArrayEquals(Arrays.copyOfRange(data, data.length - 3, data.length),
                read(repository, "pack-a-RECEIVE.pack", data.length - 3, data.length), "the last bytes");
    }

    @Test
    void givenFileBeingWritten_whenReadThroughItsWriter_thenWhatIsWrittenSoFarIsThere() throws IOException {
        String repository = UUID.randomUUID().toString();
        byte[] data = random(LARGE);
        try (BlobStore.Writer writer = store().create(repository, "pack-b-RECEIVE.pack")) {
            writer.write(data, 0, 6 * 1024 * 1024);
            writer.flush();
            writer.write(data, 6 * 1024 * 1024, 1000);
            try (InputStream in = writer.open(6 * 1024 * 1024 - 10, 6 * 1024 * 1024 + 1000)) {
                assertArrayEquals(Arrays.copyOfRange(data, 6 * 1024 * 1024 - 10, 6 * 1024 * 1024 + 1000),
                        in.readAllBytes());
            }
            writer.write(data, 6 * 1024 * 1024 + 1000, data.length - 6 * 1024 * 1024 - 1000);
            writer.finish();
            try (InputStream in = writer.open(0, data.length)) {
                assertArrayEquals(data, in.readAllBytes());
            }
        }
    }

    @Test
    void givenSmallFile_whenFinished_thenItReadsBackAndARangePastItsEndEndsEarly() throws IOException {
        String repository = UUID.randomUUID().toString();
        byte[] data = random(1000);
        try (BlobStore.Writer writer = store().create(repository, "pack-c-INSERT.idx")) {
            writer.write(data, 0, data.length);
            writer.finish();
        }
        assertArrayEquals(data, read(repository, "pack-c-INSERT.idx", 0, 1000));
        assertArrayEquals(Arrays.copyOfRange(data, 990, 1000), read(repository, "pack-c-INSERT.idx", 990, 2000));
    }

    @Test
    void givenNoSuchFile_whenRead_thenNoSuchFileException() {
        assertThrows(NoSuchFileException.class,
                () -> store().read(UUID.randomUUID().toString(), "pack-missing-GC.pack", 0, 10).readAllBytes());
    }

    @Test
    void givenFilesOfTwoRepositories_whenListedAndDeleted_thenTheStoreAgrees() throws IOException {
        String one = UUID.randomUUID().toString();
        String two = UUID.randomUUID().toString();
        for (String name : Set.of("pack-1-GC.pack", "pack-1-GC.idx", "pack-2-RECEIVE.pack")) {
            write(one, name, random(10));
        }
        write(two, "pack-3-GC.pack", random(10));

        assertTrue(store().repositories().containsAll(Set.of(one, two)), store().repositories().toString());
        assertEquals(Set.of("pack-1-GC.pack", "pack-1-GC.idx", "pack-2-RECEIVE.pack"), names(one));
        store().delete(one, "pack-1-GC.idx");
        store().delete(one, "pack-never-GC.idx");
        assertEquals(Set.of("pack-1-GC.pack", "pack-2-RECEIVE.pack"), names(one));
        store().deleteRepository(one);
        assertEquals(Set.of(), names(one));
        assertTrue(!store().repositories().contains(one) && store().repositories().contains(two));
        store().deleteRepository(UUID.randomUUID().toString());
    }

    @Test
    void givenNameOutsideTheStore_whenUsed_thenRefused() {
        assertThrows(IllegalArgumentException.class, () -> store().create("../other", "pack-x-GC.pack"));
        assertThrows(IllegalArgumentException.class, () -> store().read(UUID.randomUUID().toString(), "../x", 0, 1));
    }

    Set<String> names(String repository) throws IOException {
        return store().list(repository).stream().map(BlobStore.Blob::name).collect(Collectors.toSet());
    }

    void write(String repository, String name, byte[] data) throws IOException {
        try (BlobStore.Writer writer = store().create(repository, name)) {
            writer.write(data, 0, data.length);
            writer.finish();
        }
    }

    byte[] read(String repository, String name, long start, long end) throws IOException {
        try (InputStream in = store().read(repository, name, start, end)) {
            return in.readAllBytes();
        }
    }

    static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }
}
