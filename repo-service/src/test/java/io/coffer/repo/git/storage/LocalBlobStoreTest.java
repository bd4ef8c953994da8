package io.coffer.repo.git.storage;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local directory store against the contract. */
class LocalBlobStoreTest extends BlobStoreContract {

    @TempDir
    Path root;

    @Override
    BlobStore store() {
        return new LocalBlobStore(root);
    }

    @Test
    void givenExistingFile_whenCreatedAgain_thenRefused() throws IOException {
        String repository = UUID.randomUUID().toString();
        write(repository, "pack-d-GC.pack", random(10));
        assertThrows(FileAlreadyExistsException.class, () -> store().create(repository, "pack-d-GC.pack"));
    }
}
