package io.coffer.repo.git.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/**
 * Storage of sealed files: opaque bytes (message frames, never plaintext) named by repository and file name. A file
 * is written once, front to back, and can be read at any position while it is being written. Names are unique for
 * the life of a store: a file is never rewritten in place.
 */
public interface BlobStore {

    /** Creates a new, empty file; fails if it exists. */
    Writer create(String repositoryId, String name) throws IOException;

    /** Opens an existing file for positional reads. */
    Reader open(String repositoryId, String name) throws IOException;

    /** Deletes a file; a missing file is not an error. */
    void delete(String repositoryId, String name) throws IOException;

    /** Deletes every file of a repository. */
    void deleteRepository(String repositoryId) throws IOException;

    /** The repositories that have files. */
    List<String> repositories() throws IOException;

    /** The files of a repository. */
    List<Blob> list(String repositoryId) throws IOException;

    /** A stored file's name and when it was last written. */
    record Blob(String name, Instant lastModified) {
    }

    /** Appends to a new file. */
    interface Writer extends Closeable {

        void write(byte[] bytes, int offset, int length) throws IOException;

        /** Makes everything written durable; after this returns the file survives a crash. */
        void sync() throws IOException;
    }

    /** Reads a file at positions. */
    interface Reader extends Closeable {

        /** Reads from {@code position} into {@code dst}; -1 at the end of the file. */
        int read(long position, ByteBuffer dst) throws IOException;

        long size() throws IOException;
    }
}
