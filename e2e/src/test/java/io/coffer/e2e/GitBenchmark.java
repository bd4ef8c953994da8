package io.coffer.e2e;

import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.S3ProxyServer;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;

/**
 * Push and clone through Coffer (not a test), next to the same repositories served unencrypted at rest on the same
 * machine in the same run: stock {@code git http-backend} and plain JGit over FileRepository (the same JGit
 * repo-service runs, without the sealed storage), both over HTTPS with the same certificate as Coffer, and
 * {@code git http-backend} over plain HTTP for reference. The baselines check received objects as Coffer does
 * ({@code receive.fsckObjects}, JGit's {@code setCheckReceivedObjects}). Corpora: (a) a generated history of 2,000
 * commits, (b) about 100 MB of binaries. Every server is warmed up first ({@code bench.git.warmup} pushes and
 * clones of the corpus to throwaway repositories: a long-running server's JIT-compiled state, not its first
 * requests, is what users meet).
 * Each figure is the median of {@code bench.git.runs} runs; clones are measured fresh after the push and again after
 * garbage collection (Coffer's background repack, {@code git gc} / JGit's gc for the baselines). Run with
 * {@code mvn -B -Pbench verify -Dbench.kms.skip=true -Dbench.crypto.skip=true -Dbench.audit.skip=true}; the table
 * is printed and written to {@code e2e/target/bench/git.md}. With {@code -Dbench.git.blob-store=s3}, Coffer keeps
 * its Git data in S3 (S3Proxy over HTTPS on this machine, as {@code COFFER_BLOB_STORE=s3 deploy/local/up.sh} runs it)
 * instead of a local directory.
 */
public final class GitBenchmark {

    private static final String REGION = "us-east-1";
    private static final int RUNS = Integer.getInteger("bench.git.runs", 3);
    private static final int WARMUP = Integer.getInteger("bench.git.warmup", 2);
    private static final Path WORK = Path.of("target", "bench", "git").toAbsolutePath();
    private static final boolean S3 = System.getProperty("bench.git.blob-store", "local").equals("s3");

    private GitBenchmark() {
    }

    /** A Git server under test: Coffer or one of the baselines. */
    interface Side {

        String name();

        /** Makes an empty repository and returns its URL. */
        String create(String repository) throws Exception;

        /** The server's garbage collection of a repository, finished when this returns. */
        void gc(String repository) throws Exception;
    }

    /** Median seconds of one operation on each side, in the order of the sides. */
    record Row(String corpus, String operation, double[] seconds) {
    }

    public static void main(String[] args) {
        Benchmarks.exitAfter(GitBenchmark::run);
    }

    private static void run() throws Exception {
        CofferStack.deleteTree(WORK);
        List<Row> rows = new ArrayList<>();
        List<String> sizes = new ArrayList<>();
        // git's TLS is the JDK's on every side, as the baselines' HTTPS server can have no other; repo-service's
        // calls to crypto-service stay on the services' default, BoringSSL, a cost of Coffer's own
        Map<String, String> settings = new HashMap<>(Map.of("coffer.tls.native-engine", "false"));
        S3ProxyServer s3 = S3 ? CofferStack.s3Server(WORK.resolve("s3proxy")) : null;
        if (s3 != null) {
            settings.putAll(CofferStack.s3BlobStore(s3, "coffer-bench-git"));
        }
        try (CofferStack stack = new CofferStack(settings);
                GitHttpBackend gitHttps = new GitHttpBackend(Files.createDirectories(WORK.resolve("git-https")), true);
                JGitHttps jgit = new JGitHttps(Files.createDirectories(WORK.resolve("jgit-https")));
                GitHttpBackend gitHttp = new GitHttpBackend(Files.createDirectories(WORK.resolve("git-http")), false);
                CodeCommitClient codeCommit = stack.codeCommit(REGION, LocalIdentity.credentials())) {
            StockGit git = new StockGit(WORK.resolve("home"), REGION);
            List<Side> sides = List.of(coffer(stack, codeCommit), httpBackend("git http-backend HTTPS", gitHttps, git),
                    jgit(jgit), httpBackend("git http-backend HTTP", gitHttp, git));
            for (String corpus : System.getProperty("bench.git.corpora", "history,binaries").split(",")) {
                Path source = switch (corpus) {
                    case "history" -> history(git, WORK.resolve("source-history"),
                            Integer.getInteger("bench.git.commits", 2000));
                    case "binaries" -> binaries(git, WORK.resolve("source-binaries"),
                            Integer.getInteger("bench.git.binary-mb", 100));
                    default -> throw new IllegalArgumentException("no corpus " + corpus);
                };
                git.ok(source, "gc", "-q");
                sizes.add(corpus + ": " + git.ok(source, "count-objects", "-vH").lines()
                        .filter(l -> l.startsWith("size-pack")).findFirst().orElse("?"));
                for (int round = 0; round < WARMUP; round++) {
                    for (Side side : sides) {
                        String url = side.create(corpus + "-warmup-" + round);
                        timed(git, source, "push", "-q", url, "main");
                        clone(git, url);
                    }
                }
                double[][] pushes = new double[sides.size()][RUNS];
                String[] urls = new String[sides.size()];
                for (int run = 0; run < RUNS; run++) {
                    for (int s = 0; s < sides.size(); s++) {
                        String url = sides.get(s).create(corpus + "-" + run);
                        pushes[s][run] = timed(git, source, "push", "-q", url, "main");
                        progress(sides.get(s), corpus, "push", run, pushes[s][run]);
                        if (run == 0) {
                            urls[s] = url;
                        }
                    }
                }
                rows.add(new Row(corpus, "push", medians(pushes)));
                rows.add(clones(git, corpus, "clone", sides, urls));
                // a second push, then each side's garbage collection
                Path extra = WORK.resolve("extra-" + corpus);
                git.ok(WORK, "clone", "-q", "--depth", "1", urls[1], extra.toString());
                Files.writeString(extra.resolve("after-gc.txt"), "one more\n");
                git.ok(extra, "add", "after-gc.txt");
                git.ok(extra, "commit", "-q", "-m", "one more");
                for (int s = 0; s < sides.size(); s++) {
                    git.ok(extra, "push", "-q", urls[s], "main");
                    sides.get(s).gc(corpus + "-0");
                }
                rows.add(clones(git, corpus, "clone after GC", sides, urls));
            }
            String table = table(sides, rows, sizes);
            System.out.println(table);
            Files.writeString(WORK.getParent().resolve("git.md"), table);
        } finally {
            if (s3 != null) {
                s3.close();
            }
        }
    }

    private static Side coffer(CofferStack stack, CodeCommitClient codeCommit) {
        return new Side() {
            public String name() {
                return S3 ? "Coffer (S3)" : "Coffer";
            }

            public String create(String repository) {
                codeCommit.createRepository(r -> r.repositoryName(repository));
                return stack.repo.uri("/v1/repos/" + repository).toString();
            }

            public void gc(String repository) throws Exception {
                awaitRepacked(stack, codeCommit.getRepository(r -> r.repositoryName(repository)).repositoryMetadata()
                        .repositoryId());
            }
        };
    }

    private static Side httpBackend(String name, GitHttpBackend server, StockGit git) {
        return new Side() {
            public String name() {
                return name;
            }

            public String create(String repository) throws Exception {
                Path bare = server.root().resolve(repository + ".git");
                git.ok(server.root(), "init", "-q", "--bare", bare.toString());
                git.ok(bare, "config", "http.receivepack", "true");
                // object checks on receive as Coffer makes them (C git checks connectivity in any case)
                git.ok(bare, "config", "receive.fsckObjects", "true");
                return server.url(repository + ".git");
            }

            public void gc(String repository) throws Exception {
                git.ok(server.root().resolve(repository + ".git"), "gc", "-q");
            }
        };
    }

    private static Side jgit(JGitHttps server) {
        return new Side() {
            public String name() {
                return "JGit HTTPS";
            }

            public String create(String repository) throws Exception {
                server.create(repository + ".git");
                return server.url(repository + ".git");
            }

            public void gc(String repository) throws Exception {
                server.gc(repository + ".git");
            }
        };
    }

    private static Row clones(StockGit git, String corpus, String operation, List<Side> sides, String[] urls)
            throws Exception {
        double[][] seconds = new double[urls.length][RUNS];
        for (int run = 0; run < RUNS; run++) {
            String head = null;
            for (int u = 0; u < urls.length; u++) {
                Cloned cloned = clone(git, urls[u]);
                seconds[u][run] = cloned.seconds();
                progress(sides.get(u), corpus, operation, run, cloned.seconds());
                if (head != null && !head.equals(cloned.head())) {
                    throw new IllegalStateException("the clones differ");
                }
                head = cloned.head();
            }
        }
        return new Row(corpus, operation, medians(seconds));
    }

    /** Each measured operation as it ends, so a run's spread and order can be read next to the services' logs. */
    private static void progress(Side side, String corpus, String operation, int run, double seconds) {
        System.out.printf(Locale.ROOT, "%tT %s %s %s, run %d: %.2f s%n", System.currentTimeMillis(), side.name(),
                corpus, operation, run + 1, seconds);
    }

    record Cloned(double seconds, String head) {
    }

    /** Clones (timed), then reads the clone's HEAD and deletes it (not timed). */
    private static Cloned clone(StockGit git, String url) throws Exception {
        Path clone = WORK.resolve("clone-" + System.nanoTime());
        double seconds = timed(git, WORK, "clone", "-q", url, clone.toString());
        String head = git.ok(clone, "rev-parse", "HEAD");
        CofferStack.deleteTree(clone);
        return new Cloned(seconds, head);
    }

    /** Waits until Coffer's background repack has left only garbage-collected packs. */
    static void awaitRepacked(CofferStack stack, String repositoryId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = stack.connect();
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

    private static double[] medians(double[][] seconds) {
        return Arrays.stream(seconds).mapToDouble(GitBenchmark::median).toArray();
    }

    /** {@code commits} commits over 60 text files, three files changed each time, written with fast-import. */
    static Path history(StockGit git, Path directory, int commits) throws Exception {
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
        Path stream = directory.resolveSibling(directory.getFileName() + ".fast-import");
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

    private static String table(List<Side> sides, List<Row> rows, List<String> sizes) {
        StringBuilder out = new StringBuilder("| corpus | operation |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (Side side : sides) {
            out.append(' ').append(side.name()).append(" s |");
            rule.append("---:|");
        }
        for (Side baseline : sides.subList(1, sides.size())) {
            out.append(" ratio vs ").append(baseline.name()).append(" |");
            rule.append("---:|");
        }
        out.append('\n').append(rule).append('\n');
        for (Row row : rows) {
            out.append("| ").append(row.corpus()).append(" | ").append(row.operation()).append(" |");
            for (double seconds : row.seconds()) {
                out.append(String.format(Locale.ROOT, " %.2f |", seconds));
            }
            for (int b = 1; b < sides.size(); b++) {
                out.append(String.format(Locale.ROOT, " %.2f |", row.seconds()[b] / row.seconds()[0]));
            }
            out.append('\n');
        }
        out.append("\nRatio: baseline time / Coffer time (throughput relative to the baseline; aim >= 0.8). "
                + "Packed sizes: ").append(String.join("; ", sizes)).append(". Median of ").append(RUNS)
                .append(" runs after ").append(WARMUP).append(" warm-up rounds.\n");
        return out.toString();
    }
}
