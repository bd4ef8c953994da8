package io.coffer.e2e;

import io.coffer.testsupport.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own (the installed server's binaries, a fresh cluster in a temporary directory,
 * TCP on 127.0.0.1 only, trust authentication), so a test can crash and restart it without touching the server the
 * other tests share. PostgreSQL refuses to run as root, so as root it runs as the {@code postgres} user.
 */
final class PostgresProcess implements AutoCloseable {

    private final Path bin;
    private final Path directory;
    private final int port;
    private final boolean asPostgresUser;

    PostgresProcess() throws IOException, InterruptedException {
        this.bin = binaries();
        this.port = FreePorts.next();
        this.asPostgresUser = "root".equals(System.getProperty("user.name"));
        // outside target/: the postgres user has to reach it
        this.directory = Files.createTempDirectory("coffer-e2e-postgres");
        if (asPostgresUser) {
            run(List.of("chown", "postgres", directory.toString()), false);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", data().toString(), "-U", "postgres", "--auth=trust",
                "--no-sync", "-E", "UTF8"), true);
    }

    int port() {
        return port;
    }

    /** Starts the server and waits until it accepts connections. */
    PostgresProcess start() throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-l", log().toString(), "-w", "-t",
                "120", "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
                        + " -c max_connections=200", "start"), true);
        return this;
    }

    /**
     * Stops the server in "immediate" mode: every process quits at once without a checkpoint, as in a crash, and the
     * next start replays the write-ahead log.
     */
    void crash() throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "immediate", "-w", "stop"),
                true);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "fast", "-w", "stop"), false);
        Path kept = Path.of("target", "e2e-logs", "postgres.log");
        Files.createDirectories(kept.getParent());
        if (Files.exists(log())) {
            Files.copy(log(), kept, StandardCopyOption.REPLACE_EXISTING);
        }
        CofferStack.deleteTree(directory);
    }

    private Path data() {
        return directory.resolve("data");
    }

    private Path log() {
        return directory.resolve("postgres.log");
    }

    private void run(List<String> command, boolean mustSucceed) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser && !command.get(0).equals("chown")) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(180, TimeUnit.SECONDS) || (mustSucceed && process.exitValue() != 0)) {
            throw new IllegalStateException(String.join(" ", full) + " failed: " + output);
        }
    }

    /** The newest installed server's binaries (Debian's layout), else whatever {@code initdb} is on the PATH. */
    private static Path binaries() throws IOException {
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Path newest = versions.filter(v -> Files.isExecutable(v.resolve("bin").resolve("initdb")))
                        .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString()
                                .replaceAll("\\D", "0")))).orElse(null);
                if (newest != null) {
                    return newest.resolve("bin");
                }
            }
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(entry, "initdb"))) {
                return Path.of(entry);
            }
        }
        throw new IllegalStateException("no PostgreSQL server binaries (initdb) found");
    }
}
