package io.coffer.e2e;

import io.coffer.testsupport.LocalIdentity;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;

/**
 * Push and clone through Coffer (not a test), next to the same repositories served unencrypted on the same machine
 * in the same run, by stock {@code git http-backend} and by plain JGit over FileRepository (the same JGit
 * repo-service runs, without the sealed storage): (a) a generated history of 2,000 commits, (b) about
 * 100 MB of binaries. Each figure is the median of {@code bench.git.runs} runs; clones are measured fresh after the
 * push and again after garbage collection (Coffer's background repack, {@code git gc} for the baseline). Run with
 * {@code mvn -B -Pbench verify -Dbench.kms.skip=true -Dbench.crypto.skip=true -Dbench.audit.skip=true}; the table
 * is printed and written to {@code e2e/target/bench/git.md}.
 */
public final class GitBenchmark {

    private static final String REGION = "us-east-1";
    private static final int RUNS = Integer.getInteger("bench.git.runs", 3);
    private static final Path WORK = Path.of("target", "bench", "git").toAbsolutePath();

    private GitBenchmark() {
    }

    /** Median seconds of one operation on Coffer, stock git http-backend and a plain JGit daemon. */
    record Row(String corpus, String operation, double cofferSeconds, double gitSeconds, double jgitSeconds) {
    }

    public static void main(String[] args) throws Exception {
        CofferStack.deleteTree(WORK);
        Files.createDirectories(WORK.resolve("plain"));
        Files.createDirectories(WORK.resolve("jgit"));
        List<Row> rows = new ArrayList<>();
        List<String> sizes = new ArrayList<>();
        try (CofferStack stack = new CofferStack(); GitHttpBackend plain = new GitHttpBackend(WORK.resolve("plain"));
                JGitDaemon jgit = new JGitDaemon(WORK.resolve("jgit"));
                CodeCommitClient codeCommit = stack.codeCommit(REGION, LocalIdentity.credentials())) {
            StockGit git = new StockGit(WORK.resolve("home"), REGION);
            Path history = history(git, WORK.resolve("source-history"), Integer.getInteger("bench.git.commits", 2000));
            Path binaries = binaries(git, WORK.resolve("source-binaries"),
                    Integer.getInteger("bench.git.binary-mb", 100));
            for (Path source : List.of(history, binaries)) {
                String corpus = source.getFileName().toString().substring("source-".length());
                git.ok(source, "gc", "-q");
                sizes.add(corpus + ": " + git.ok(source, "count-objects", "-vH").lines()
                        .filter(l -> l.startsWith("size-pack")).findFirst().orElse("?"));
                double[] cofferPush = new double[RUNS];
                double[] plainPush = new double[RUNS];
                double[] jgitPush = new double[RUNS];
                for (int run = 0; run < RUNS; run++) {
                    String name = corpus + "-" + run;
                    codeCommit.createRepository(r -> r.repositoryName(name));
                    git.ok(WORK.resolve("plain"), "init", "-q", "--bare", name + ".git");
                    git.ok(WORK.resolve("plain").resolve(name + ".git"), "config", "http.receivepack", "true");
                    jgit.create(name + ".git");
                    cofferPush[run] = timed(git, source, "push", "-q", stack.repo.uri("/v1/repos/" + name)
                            .toString(), "main");
                    plainPush[run] = timed(git, source, "push", "-q", plain.url(name + ".git"), "main");
                    jgitPush[run] = timed(git, source, "push", "-q", jgit.url(name + ".git"), "main");
                }
                rows.add(new Row(corpus, "push", median(cofferPush), median(plainPush), median(jgitPush)));
                String coffer = stack.repo.uri("/v1/repos/" + corpus + "-0").toString();
                String plainUrl = plain.url(corpus + "-0.git");
                String jgitUrl = jgit.url(corpus + "-0.git");
                rows.add(clones(git, corpus, "clone", coffer, plainUrl, jgitUrl));
                // a second push, then each side's garbage collection: Coffer's runs in the background
                Path extra = WORK.resolve("extra-" + corpus);
                git.ok(WORK, "clone", "-q", "--depth", "1", plainUrl, extra.toString());
                Files.writeString(extra.resolve("after-gc.txt"), "one more\n");
                git.ok(extra, "add", "after-gc.txt");
                git.ok(extra, "commit", "-q", "-m", "one more");
                for (String url : List.of(coffer, plainUrl, jgitUrl)) {
                    git.ok(extra, "push", "-q", url, "main");
                }
                git.ok(WORK.resolve("plain").resolve(corpus + "-0.git"), "gc", "-q");
                jgit.gc(corpus + "-0.git");
                awaitRepacked(codeCommit.getRepository(r -> r.repositoryName(corpus + "-0")).repositoryMetadata()
                        .repositoryId());
                rows.add(clones(git, corpus, "clone after GC", coffer, plainUrl, jgitUrl));
            }
        }
        String table = table(rows, sizes);
        System.out.println(table);
        Files.writeString(WORK.getParent().resolve("git.md"), table);
        // the in-JVM Kafka broker's threads would keep the JVM alive
        System.exit(0);
    }

    private static Row clones(StockGit git, String corpus, String operation, String... urls) throws Exception {
        double[][] seconds = new double[urls.length][RUNS];
        for (int run = 0; run < RUNS; run++) {
            String head = null;
            for (int u = 0; u < urls.length; u++) {
                Path clone = WORK.resolve("clone-" + System.nanoTime());
                seconds[u][run] = timed(git, WORK, "clone", "-q", urls[u], clone.toString());
                String cloned = git.ok(clone, "rev-parse", "HEAD");
                if (head != null && !head.equals(cloned)) {
                    throw new IllegalStateException("the clones differ");
                }
                head = cloned;
                CofferStack.deleteTree(clone);
            }
        }
        return new Row(corpus, operation, median(seconds[0]), median(seconds[1]), median(seconds[2]));
    }

    /** Waits until Coffer's background repack has left only garbage-collected packs. */
    private static void awaitRepacked(String repositoryId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = CofferStack.connect();
                    PreparedStatement s = c.prepareStatement("""
                            select count(*) filter (where source = 'GC'), count(*) filter (where source
                            not in ('GC', 'GC_REST', 'UNREACHABLE_GARBAGE')) from coffer_repo.git_pack
                            where repository_id = ?::uuid""")) {
                s.setString(1, repositoryId);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    if (r.getInt(1) >= 1 && r.getInt(2) == 0) {
                        return;
                    }
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no repack of " + repositoryId + " within 10 minutes");
    }

    private static double timed(StockGit git, Path directory, String... arguments) throws Exception {
        long start = System.nanoTime();
        git.run(directory, arguments).ok();
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** {@code commits} commits over 60 text files, three files changed each time, written with fast-import. */
    private static Path history(StockGit git, Path directory, int commits) throws Exception {
        Files.createDirectories(directory);
        git.ok(directory, "init", "-q");
        Random random = new Random(42);
        List<List<String>> files = new ArrayList<>();
        for (int f = 0; f < 60; f++) {
            List<String> lines = new ArrayList<>();
            for (int l = 0; l < 200; l++) {
                lines.add(line(random));
            }
            files.add(lines);
        }
        Path stream = WORK.resolve("history.fast-import");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(stream))) {
            for (int c = 1; c <= commits; c++) {
                StringBuilder commit = new StringBuilder();
                String message = "Change " + c + ": " + line(random);
                commit.append("commit refs/heads/main\nmark :").append(c).append('\n')
                        .append("committer Bench <bench@coffer.invalid> ").append(1_700_000_000L + c * 60L)
                        .append(" +0000\n").append(data(message));
                if (c > 1) {
                    commit.append("from :").append(c - 1).append('\n');
                }
                for (int change = 0; change < (c == 1 ? files.size() : 3); change++) {
                    int f = c == 1 ? change : random.nextInt(files.size());
                    List<String> lines = files.get(f);
                    if (c > 1) {
                        lines.set(random.nextInt(lines.size()), line(random));
                        lines.add(line(random));
                    }
                    commit.append("M 100644 inline src/module-").append(f % 6).append("/file-").append(f)
                            .append(".txt\n").append(data(String.join("\n", lines) + "\n"));
                }
                out.write(commit.append('\n').toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        ProcessBuilder importer = new ProcessBuilder("git", "fast-import", "--quiet").directory(directory.toFile())
                .redirectInput(stream.toFile()).redirectErrorStream(true);
        Process process = importer.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("fast-import failed: " + output);
        }
        git.ok(directory, "checkout", "-q", "main");
        return directory;
    }

    /** About {@code megabytes} MB of incompressible binaries over 5 commits. */
    private static Path binaries(StockGit git, Path directory, int megabytes) throws Exception {
        Files.createDirectories(directory);
        git.ok(directory, "init", "-q");
        Random random = new Random(7);
        int perCommit = megabytes / 5;
        for (int c = 0; c < 5; c++) {
            for (int f = 0; f < 4; f++) {
                byte[] bytes = new byte[perCommit * 1024 * 1024 / 4];
                random.nextBytes(bytes);
                Files.write(directory.resolve("asset-" + c + "-" + f + ".bin"), bytes);
            }
            git.ok(directory, "add", "-A");
            git.ok(directory, "commit", "-q", "-m", "assets " + c);
        }
        return directory;
    }

    private static String line(Random random) {
        StringBuilder line = new StringBuilder();
        int words = 4 + random.nextInt(8);
        for (int w = 0; w < words; w++) {
            line.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        return line.toString().trim();
    }

    private static final String[] WORDS = ("return value index buffer stream commit object branch repository key "
            + "frame header cipher message event record service client server request response final static void "
            + "public private class interface").split(" ");

    private static String data(String content) {
        return "data " + content.getBytes(StandardCharsets.UTF_8).length + "\n" + content + "\n";
    }

    private static String table(List<Row> rows, List<String> sizes) {
        StringBuilder out = new StringBuilder();
        out.append("| corpus | operation | Coffer s | git http-backend s | JGit FileRepository s "
                + "| ratio vs git | ratio vs JGit |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f |%n", row.corpus(),
                    row.operation(), row.cofferSeconds(), row.gitSeconds(), row.jgitSeconds(),
                    row.gitSeconds() / row.cofferSeconds(), row.jgitSeconds() / row.cofferSeconds()));
        }
        out.append("\nRatio: baseline time / Coffer time (throughput relative to the baseline; aim >= 0.8). "
                + "Packed sizes: ").append(String.join("; ", sizes)).append(". Median of ").append(RUNS)
                .append(" runs.\n");
        return out.toString();
    }
}
