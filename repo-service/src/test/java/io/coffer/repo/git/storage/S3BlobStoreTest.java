package io.coffer.repo.git.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coffer.repo.RepoConfig;
import io.coffer.testsupport.S3ProxyServer;
import io.quarkus.runtime.configuration.MemorySize;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The S3 store against the contract, on a real S3 server (S3Proxy), with S3's own rules on top. */
class S3BlobStoreTest extends BlobStoreContract {

    private static final Path WORK = Path.of("target", "s3-blob-store-test").toAbsolutePath();
    private static S3ProxyServer server;
    private static S3BlobStore store;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(WORK);
        server = S3ProxyServer.start(WORK);
        store = open("coffer-test-" + UUID.randomUUID());
    }

    @AfterAll
    static void stop() throws Exception {
        if (store != null) {
            store.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    BlobStore store() {
        return store;
    }

    @Test
    void givenFileBeingWritten_whenReadFromTheStore_thenItIsThereOnlyOnceFinished() throws IOException {
        String repository = UUID.randomUUID().toString();
        byte[] data = random(LARGE);
        try (BlobStore.Writer writer = store.create(repository, "pack-e-RECEIVE.pack")) {
            writer.write(data, 0, data.length);
            writer.flush();
            assertThrows(NoSuchFileException.class, () -> read(repository, "pack-e-RECEIVE.pack", 0, 10));
            writer.finish();
        }
        assertArrayEquals(data, read(repository, "pack-e-RECEIVE.pack", 0, data.length));
    }

    @Test
    void givenWriterClosedUnfinished_whenListed_thenNothingOfItIsStoredOrSpooled() throws IOException {
        String repository = UUID.randomUUID().toString();
        byte[] data = random(LARGE);
        try (BlobStore.Writer writer = store.create(repository, "pack-f-RECEIVE.pack")) {
            writer.write(data, 0, data.length);
            writer.flush();
        }
        assertEquals(0, store.list(repository).size());
        assertEquals(0, spooled(), "spool files are deleted when their writer closes");
    }

    @Test
    void givenExistingFile_whenWrittenAgain_thenTheSecondFinishIsRefusedAndTheFirstStays() throws IOException {
        String repository = UUID.randomUUID().toString();
        write(repository, "pack-h-GC.pack", new byte[] {1});
        try (BlobStore.Writer again = store.create(repository, "pack-h-GC.pack")) {
            again.write(new byte[] {2}, 0, 1);
            assertThrows(IOException.class, again::finish);
        }
        byte[] big = random(LARGE);
        try (BlobStore.Writer again = store.create(repository, "pack-h-GC.pack")) {
            again.write(big, 0, big.length);
            assertThrows(IOException.class, again::finish);
        }
        assertArrayEquals(new byte[] {1}, read(repository, "pack-h-GC.pack", 0, 1));
    }

    @Test
    void givenNoBucket_whenOpened_thenItIsMadeAndAnotherStoreSharesIt() throws IOException {
        String bucket = "coffer-made-" + UUID.randomUUID();
        String repository = UUID.randomUUID().toString();
        try (S3BlobStore first = open(bucket); S3BlobStore second = open(bucket)) {
            try (BlobStore.Writer writer = first.create(repository, "pack-g-GC.pack")) {
                writer.write(new byte[] {1, 2, 3}, 0, 3);
                writer.finish();
            }
            try (InputStream in = second.read(repository, "pack-g-GC.pack", 0, 3)) {
                assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
            }
        }
    }

    @Test
    void givenWrongCredentials_whenOpened_thenStartFailsWithTheReason() {
        IOException e = assertThrows(IOException.class, () -> S3BlobStore.open(
                config("coffer-test-" + UUID.randomUUID(), Optional.of("nobody")), null));
        assertTrue(e.getMessage().contains("cannot reach bucket"), e.getMessage());
    }

    private static long spooled() throws IOException {
        try (Stream<Path> files = Files.list(WORK.resolve("spool"))) {
            return files.count();
        }
    }

    private static S3BlobStore open(String bucket) throws IOException {
        return S3BlobStore.open(config(bucket, Optional.of(S3ProxyServer.ACCESS_KEY_ID)), null);
    }

    private static RepoConfig.S3 config(String bucket, Optional<String> accessKeyId) {
        return new RepoConfig.S3() {
            @Override
            public Optional<URI> endpoint() {
                return Optional.of(server.endpoint());
            }

            @Override
            public Optional<String> bucket() {
                return Optional.of(bucket);
            }

            @Override
            public String region() {
                return "us-east-1";
            }

            @Override
            public Optional<String> prefix() {
                return Optional.of("git/");
            }

            @Override
            public boolean pathStyle() {
                return true;
            }

            @Override
            public Optional<String> accessKeyId() {
                return accessKeyId;
            }

            @Override
            public Optional<String> secretAccessKey() {
                return Optional.of(S3ProxyServer.SECRET_ACCESS_KEY);
            }

            @Override
            public MemorySize partSize() {
                return new MemorySize(BigInteger.valueOf(5 * 1024 * 1024));
            }

            @Override
            public Path spoolDir() {
                return WORK.resolve("spool");
            }
        };
    }
}
