package io.coffer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What Coffer keeps at rest, searched as an attacker with the disks would: the blob store and a database dump. */
final class AtRest {

    private AtRest() {
    }

    /**
     * Fails if the blob store (the files under {@code blobs}) or the database holds {@code marker}, or the blob store
     * a Git pack or pack index header (a pack or index stored unencrypted).
     */
    static void assertSealed(Path blobs, String marker) throws Exception {
        byte[][] needles = {marker.getBytes(StandardCharsets.UTF_8),
                {'P', 'A', 'C', 'K', 0, 0, 0, 2}, {(byte) 0xFF, 't', 'O', 'c', 0, 0, 0, 2}};
        List<Path> files;
        try (Stream<Path> walk = Files.walk(blobs)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.size() >= 2, "packs and indexes are stored: " + files);
        for (Path file : files) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (NoSuchFileException gone) {
                continue; // a blob store still at work (an S3 multipart part completed or aborted) removed it
            }
            for (byte[] needle : needles) {
                assertEquals(-1, indexOf(bytes, needle), file + " holds " + new String(needle,
                        StandardCharsets.ISO_8859_1));
            }
        }
        byte[] dump = pgDump();
        assertTrue(dump.length > 10_000 && indexOf(dump, "git_pack_file".getBytes()) >= 0, "the dump is real");
        assertEquals(-1, indexOf(dump, marker.getBytes(StandardCharsets.UTF_8)), "the database holds plaintext");
    }

    /** The e2e database, as {@code pg_dump} writes it. */
    static byte[] pgDump() throws Exception {
        Process dump = new ProcessBuilder("pg_dump", "-h", "127.0.0.1", "-U", "postgres", CofferStack.DATABASE)
                .redirectErrorStream(true).start();
        byte[] bytes = dump.getInputStream().readAllBytes();
        assertEquals(0, dump.waitFor(), new String(bytes, StandardCharsets.UTF_8));
        return bytes;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
