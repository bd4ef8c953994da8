package io.coffer.e2e;

import static io.coffer.e2e.Benchmarks.cpu;
import static io.coffer.e2e.Benchmarks.percentile;
import static io.coffer.e2e.Benchmarks.timed;

import io.coffer.e2e.Benchmarks.Call;
import io.coffer.testsupport.LocalIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;

/**
 * CodeCommit's reads through the whole stack next to stock git on an unencrypted clone, in the same run: GetFile
 * against {@code git show}, GetDifferences against {@code git diff --raw}, on a repository of about 100 MB (2,000
 * commits of text and 100 MB of binaries) after Coffer's repack. A call's latency is its wall time as the SDK client
 * sees it (one caller, warmed up); git's includes starting git, as a user's command does. CPU per call is each
 * Coffer process's, and the client JVM's. Results go to {@code e2e/target/bench/codecommit.md}.
 */
public final class CodeCommitBenchmark {

    private static final String REGION = "us-east-1";
    private static final Path WORK = Path.of("target", "bench", "codecommit").toAbsolutePath();
    private static final int CALLS = Integer.getInteger("bench.codecommit.calls", 200);
    private static final int WARMUP = Integer.getInteger("bench.codecommit.warmup", 200);
    /** With {@code -Dbench.codecommit.jfr=true}, repo-service records each Coffer run with JFR (target/bench/). */
    private static final boolean JFR = Boolean.getBoolean("bench.codecommit.jfr");

    private CodeCommitBenchmark() {
    }

    /** One operation: Coffer's latencies and CPU per call, and git's latencies for the same read. */
    record Row(String operation, double[] coffer, double[] git, Map<String, Double> cpuMillisPerCall) {
    }

    public static void main(String[] args) {
        Benchmarks.exitAfter(CodeCommitBenchmark::run);
    }

    private static void run() throws Exception {
        CofferStack.deleteTree(WORK);
        Files.createDirectories(WORK);
        List<Row> rows = new ArrayList<>();
        String size;
        try (CofferStack stack = new CofferStack();
                CodeCommitClient codeCommit = stack.codeCommit(REGION, LocalIdentity.credentials())) {
            StockGit git = new StockGit(WORK.resolve("home"), REGION);
            Path source = GitBenchmark.history(git, WORK.resolve("source"), Integer.getInteger("bench.git.commits",
                    2000));
            // 100 MB of incompressible binaries of 5 MB each (under GetFile's 6 MB), then one more text change
            Random random = new Random(7);
            Files.createDirectories(source.resolve("assets"));
            for (int f = 0; f < 20; f++) {
                byte[] bytes = new byte[5 * 1024 * 1024];
                random.nextBytes(bytes);
                Files.write(source.resolve("assets/asset-" + f + ".bin"), bytes);
            }
            git.ok(source, "add", "-A");
            git.ok(source, "commit", "-q", "-m", "assets");
            String text = "src/module-0/file-0.txt";
            Files.writeString(source.resolve(text), Files.readString(source.resolve(text)) + "one more line\n");
            git.ok(source, "commit", "-q", "-am", "one more line");
            git.ok(source, "gc", "-q");
            size = git.ok(source, "count-objects", "-vH").lines().filter(l -> l.startsWith("size-pack"))
                    .findFirst().orElse("?");

            String id = codeCommit.createRepository(r -> r.repositoryName("bench")).repositoryMetadata()
                    .repositoryId();
            String url = stack.repo.uri("/v1/repos/bench").toString();
            // two pushes, as Coffer repacks a repository once it has more than one pack: measured after the repack
            git.ok(source, "push", "-q", url, "main~1:refs/heads/main");
            git.ok(source, "push", "-q", url, "main");
            GitBenchmark.awaitRepacked(stack, id);
            Path clone = WORK.resolve("clone");
            git.ok(WORK, "clone", "-q", url, clone.toString());
            String previous = git.ok(clone, "rev-parse", "main~1");
            String far = git.ok(clone, "rev-parse", "main~100");

            rows.add(measure(stack, "GetFile, 16 KB text", () -> codeCommit.getFile(r -> r.repositoryName("bench")
                    .commitSpecifier("main").filePath(text)), () -> git(clone, "show", "main:" + text)));
            rows.add(measure(stack, "GetFile, 5 MB binary", () -> codeCommit.getFile(r -> r.repositoryName("bench")
                    .commitSpecifier("main").filePath("assets/asset-3.bin")),
                    () -> git(clone, "show", "main:assets/asset-3.bin")));
            rows.add(measure(stack, "GetDifferences, 1 commit", () -> codeCommit.getDifferences(r -> r
                    .repositoryName("bench").beforeCommitSpecifier(previous).afterCommitSpecifier("main")),
                    () -> git(clone, "diff", "--raw", "--no-renames", previous, "main")));
            rows.add(measure(stack, "GetDifferences, 100 commits", () -> codeCommit.getDifferences(r -> r
                    .repositoryName("bench").beforeCommitSpecifier(far).afterCommitSpecifier("main")),
                    () -> git(clone, "diff", "--raw", "--no-renames", far, "main")));
        }
        String table = table(rows, size);
        System.out.println(table);
        Files.writeString(WORK.getParent().resolve("codecommit.md"), table);
    }

    private static Row measure(CofferStack stack, String operation, Call coffer, Call git) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            coffer.run();
            git.run();
        }
        String recording = operation.replaceAll("[^A-Za-z0-9]+", "-");
        if (JFR) {
            jcmd(stack.repo, "JFR.start", "name=" + recording, "settings=profile");
        }
        Map<String, Long> threadsBefore = threadTicks(stack.repo);
        Map<String, Duration> before = cpu(stack);
        double[] cofferMillis = timed(coffer, CALLS);
        Map<String, Duration> after = cpu(stack);
        Map<String, Long> threads = threadTicks(stack.repo);
        threads.replaceAll((thread, ticks) -> ticks - threadsBefore.getOrDefault(thread, 0L));
        System.out.println(operation + ", repo-service CPU ms per call by thread: " + threads.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%.2f", e.getValue() * 10.0 / CALLS))
                .toList());
        if (JFR) {
            jcmd(stack.repo, "JFR.stop", "name=" + recording,
                    "filename=" + WORK.getParent().resolve("codecommit-" + recording + ".jfr"));
        }
        double[] gitMillis = timed(git, CALLS);
        Map<String, Double> perCall = new LinkedHashMap<>();
        after.forEach((process, total) -> perCall.put(process,
                (total.toNanos() - before.get(process).toNanos()) / 1e6 / CALLS));
        System.out.printf(Locale.ROOT, "%s: Coffer p50 %.2f ms, git p50 %.2f ms%n", operation,
                percentile(cofferMillis, 0.5), percentile(gitMillis, 0.5));
        return new Row(operation, cofferMillis, gitMillis, perCall);
    }

    private static void jcmd(ServiceProcess service, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd")
                .toString(), Long.toString(service.pid())));
        command.addAll(List.of(arguments));
        if (new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", arguments) + " failed");
        }
    }

    /** Stock git on the clone, its output read and dropped as a pipe would. */
    private static void git(Path clone, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(arguments));
        Process git = new ProcessBuilder(command).directory(clone.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (git.waitFor() != 0) {
            throw new IllegalStateException("git " + String.join(" ", arguments) + " failed");
        }
    }

    /** CPU ticks (10 ms) of a process's threads, summed by thread name with numbers taken out. */
    private static Map<String, Long> threadTicks(ServiceProcess service) throws Exception {
        Map<String, Long> ticks = new LinkedHashMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(service.pid()), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+", "N");
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                } catch (java.io.IOException ended) {
                    // a thread that ended meanwhile
                }
            }
        }
        return ticks;
    }

    private static String table(List<Row> rows, String size) {
        StringBuilder out = new StringBuilder("Repository: " + size + " packed, 2,002 commits; " + CALLS
                + " calls each after " + WARMUP + " warm-up calls, one caller.\n\n");
        out.append("| operation | Coffer p50 ms | p95 | git p50 ms | p95 | git / Coffer (p50) "
                + "| CPU ms per call (Coffer) |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            StringBuilder cpu = new StringBuilder();
            row.cpuMillisPerCall().forEach((process, millis) -> cpu.append(cpu.length() == 0 ? "" : ", ")
                    .append(process).append(' ').append(String.format(Locale.ROOT, "%.2f", millis)));
            out.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %s |%n", row.operation(),
                    percentile(row.coffer(), 0.5), percentile(row.coffer(), 0.95), percentile(row.git(), 0.5),
                    percentile(row.git(), 0.95), percentile(row.git(), 0.5) / percentile(row.coffer(), 0.5), cpu));
        }
        return out.toString();
    }
}
