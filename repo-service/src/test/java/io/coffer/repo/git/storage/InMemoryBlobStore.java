package io.coffer.repo.git.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link BlobStore} in memory, for tests of the storage in the JVM (as JGit's {@code InMemoryRepository} serves
 * JGit's). It keeps the store's contract as strictly as S3 does (create once, names never reused, a file readable by
 * its writer while written and by others only once finished) and lets a test read and alter what was stored.
 */
final class InMemoryBlobStore implements BlobStore {

    private final Map<String, Map<String, Stored>> repositories = new ConcurrentHashMap<>();

    @Override
    public Writer create(String repositoryId, String name) throws IOException {
        Stored file = new Stored();
        if (files(repositoryId).putIfAbsent(name, file) != null) {
            throw new FileAlreadyExistsException(repositoryId + "/" + name);
        }
        return new Writer() {
            @Override
            public void write(byte[] bytes, int offset, int length) {
                file.append(bytes, offset, length);
            }

            @Override
            public void flush() {
                // memory is as durable as it gets here
            }

            @Override
            public void finish() {
                file.finished = true;
            }

            @Override
            public InputStream open(long start, long end) {
                return file.range(start, end);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public InputStream read(String repositoryId, String name, long start, long end) throws IOException {
        Stored file = files(repositoryId).get(name);
        if (file == null || !file.finished) {
            throw new NoSuchFileException(repositoryId + "/" + name);
        }
        return file.range(start, end);
    }

    @Override
    public void delete(String repositoryId, String name) {
        files(repositoryId).remove(name);
    }

    @Override
    public void deleteRepository(String repositoryId) {
        repositories.remove(repositoryId);
    }

    @Override
    public List<String> repositories() {
        return List.copyOf(repositories.keySet());
    }

    @Override
    public List<Blob> list(String repositoryId) {
        List<Blob> blobs = new ArrayList<>();
        files(repositoryId).forEach((name, file) -> blobs.add(new Blob(name, file.lastModified)));
        return blobs;
    }

    /** Every byte stored for a file. */
    byte[] bytes(String repositoryId, String name) {
        return files(repositoryId).get(name).snapshot();
    }

    /** Flips the bits of one stored byte, as a failing disk or an attacker with the volume might. */
    void flip(String repositoryId, String name, long position) {
        files(repositoryId).get(name).flip(Math.toIntExact(position));
    }

    private Map<String, Stored> files(String repositoryId) {
        return repositories.computeIfAbsent(repositoryId, id -> new ConcurrentHashMap<>());
    }

    private static final class Stored {
        private byte[] bytes = new byte[0];
        private int size;
        private volatile Instant lastModified = Instant.now();
        private volatile boolean finished;

        synchronized void append(byte[] b, int offset, int length) {
            if (size + length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(size + length, bytes.length * 2));
            }
            System.arraycopy(b, offset, bytes, size, length);
            size += length;
            lastModified = Instant.now();
        }

        synchronized int read(long position, ByteBuffer dst) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), size - position);
            dst.put(bytes, (int) position, n);
            return n;
        }

        InputStream range(long start, long end) {
            return new InputStream() {
                private long position = start;

                @Override
                public int read() {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (position >= end) {
                        return -1;
                    }
                    int n = Stored.this.read(position, ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)));
                    if (n > 0) {
                        position += n;
                    }
                    return n;
                }
            };
        }

        synchronized byte[] snapshot() {
            return Arrays.copyOf(bytes, size);
        }

        synchronized void flip(int position) {
            bytes[position] ^= (byte) 0xFF;
        }
    }
}
