package io.coffer.repo.git.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

/**
 * Storage of sealed files: opaque bytes (message frames, never plaintext) named by repository and file name. A file
 * is written once, front to back, by one writer; it can be read by its writer while it is being written, and by any
 * instance sharing the store once it is finished. Callers make names unique for the life of a store (a random UUID
 * per pack): a file is never rewritten in place.
 */
public interface BlobStore extends Closeable {

    /**
     * Starts a new file. If one of that name exists, this fails (a directory) or {@link Writer#finish()} does (S3, by
     * a conditional write), and the existing file stays as it was.
     */
    Writer create(String repositoryId, String name) throws IOException;

    /**
     * Bytes {@code [start, end)} of a finished file, as a stream that may end early if the file is shorter.
     *
     * @throws java.nio.file.NoSuchFileException if there is no such file
     */
    InputStream read(String repositoryId, String name, long start, long end) throws IOException;

    /** Deletes a file; a missing file is not an error. */
    void delete(String repositoryId, String name) throws IOException;

    /** Deletes every file of a repository. */
    void deleteRepository(String repositoryId) throws IOException;

    /** The repositories that have files. */
    List<String> repositories() throws IOException;

    /** The files of a repository. */
    List<Blob> list(String repositoryId) throws IOException;

    /** Releases connections and threads; the store is not used afterwards. */
    @Override
    default void close() throws IOException {
    }

    /** A stored file's name and when it was last written. */
    record Blob(String name, Instant lastModified) {
    }

    /** Bytes of one file by position. */
    @FunctionalInterface
    interface Ranges {

        /** Bytes {@code [start, end)}, as a stream that may end early if the file is shorter. */
        InputStream open(long start, long end) throws IOException;
    }

    /**
     * Appends to a new file. Until {@link #finish()} returns, the file may be invisible to every other reader and a
     * crash may lose it; closing an unfinished writer abandons the file (what is left of it is swept).
     */
    interface Writer extends Ranges, Closeable {

        void write(byte[] bytes, int offset, int length) throws IOException;

        /** Moves what is written so far on toward durable storage, so that {@link #finish()} has less left to do. */
        void flush() throws IOException;

        /** The file is complete: on return it is durable and every instance sharing the store can read it. */
        void finish() throws IOException;

        /** Reads what this writer has written so far (the only way to read a file before it is finished). */
        @Override
        InputStream open(long start, long end) throws IOException;
    }
}
