package io.coffer.repo.git.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A {@link BlobStore} in a local directory: {@code <root>/<repository ID>/<file name>}. Instances share it only if
 * they share the directory (one host); a file is readable by all of them from its first byte.
 */
final class LocalBlobStore implements BlobStore {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");

    private final Path root;

    LocalBlobStore(Path root) {
        this.root = root.toAbsolutePath();
    }

    @Override
    public Writer create(String repositoryId, String name) throws IOException {
        Path directory = root.resolve(safe(repositoryId));
        Files.createDirectories(directory);
        Path file = directory.resolve(safe(name));
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new Writer() {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }

            @Override
            public void flush() throws IOException {
                channel.force(true);
            }

            @Override
            public void finish() throws IOException {
                channel.force(true);
            }

            @Override
            public InputStream open(long start, long end) throws IOException {
                return new ChannelRange(FileChannel.open(file, StandardOpenOption.READ), start, end, true);
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    @Override
    public InputStream read(String repositoryId, String name, long start, long end) throws IOException {
        return new ChannelRange(FileChannel.open(root.resolve(safe(repositoryId)).resolve(safe(name)),
                StandardOpenOption.READ), start, end, true);
    }

    @Override
    public void delete(String repositoryId, String name) throws IOException {
        Files.deleteIfExists(root.resolve(safe(repositoryId)).resolve(safe(name)));
    }

    @Override
    public void deleteRepository(String repositoryId) throws IOException {
        Path directory = root.resolve(safe(repositoryId));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        } catch (NoSuchFileException e) {
            return;
        }
        Files.deleteIfExists(directory);
    }

    @Override
    public List<String> repositories() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> directories = Files.list(root)) {
            return directories.filter(Files::isDirectory).map(d -> d.getFileName().toString())
                    .filter(n -> SAFE.matcher(n).matches()).toList();
        }
    }

    @Override
    public List<Blob> list(String repositoryId) throws IOException {
        Path directory = root.resolve(safe(repositoryId));
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Blob> blobs = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                try {
                    blobs.add(new Blob(file.getFileName().toString(),
                            Files.getLastModifiedTime(file).toInstant()));
                } catch (NoSuchFileException e) {
                    // deleted meanwhile
                }
            }
        }
        return blobs;
    }

    /** Names come from our own code, but a path must never leave the root whatever it is given. */
    private static String safe(String name) {
        if (!SAFE.matcher(name).matches()) {
            throw new IllegalArgumentException("not a valid blob name: " + name);
        }
        return name;
    }
}
