package io.coffer.e2e;

import io.coffer.testsupport.LocalIdentity;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;

/**
 * The console's pages against the same CodeCommit calls made straight with the SDK, in the same run on the whole
 * stack: what rendering a page as the signed-in user costs beyond the calls it makes. A page's latency is its wall
 * time as an HTTP client sees it (one caller, warmed up); CPU per page is each process's, the console's included.
 * Results go to {@code e2e/target/bench/console.md}.
 */
public final class ConsoleBenchmark {

    private static final String REGION = "us-east-2";
    private static final Path WORK = Path.of("target", "bench", "console").toAbsolutePath();
    private static final int CALLS = Integer.getInteger("bench.console.calls", 200);
    private static final int WARMUP = Integer.getInteger("bench.console.warmup", 200);
    private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

    private ConsoleBenchmark() {
    }

    public static void main(String[] args) {
        Benchmarks.exitAfter(ConsoleBenchmark::run);
    }

    private static void run() throws Exception {
        CofferStack.deleteTree(WORK);
        Files.createDirectories(WORK);
        StringBuilder table = new StringBuilder(CALLS + " pages or call sets each after " + WARMUP
                + " warm-up ones, one caller; the SDK baseline makes the calls the page makes.\n\n"
                + "| page | console p50 ms | p95 | SDK p50 ms | p95 | console / SDK (p50) | CPU ms per page |\n"
                + "|---|---|---|---|---|---|---|\n");
        try (CofferStack stack = new CofferStack();
                CodeCommitClient codeCommit = stack.codeCommit(REGION, LocalIdentity.credentials())) {
            ServiceProcess console = stack.console();
            codeCommit.createRepository(r -> r.repositoryName("bench"));
            StockGit git = new StockGit(WORK.resolve("home"), REGION);
            Path source = Files.createDirectories(WORK.resolve("source"));
            Files.createDirectories(source.resolve("src"));
            StringBuilder java = new StringBuilder();
            while (java.length() < 16 * 1024) {
                java.append("    static int f").append(java.length()).append("(int x) { return x * 31 + 7; }\n");
            }
            Files.writeString(source.resolve("src/Bench.java"), "class Bench {\n" + java + "}\n");
            git.ok(source, "init", "-q");
            git.ok(source, "add", "-A");
            git.ok(source, "commit", "-q", "-m", "bench");
            git.ok(source, "push", "-q", stack.repo.uri("/v1/repos/bench").toString(), "main");

            String cookie = signIn(console);
            table.append(row(stack, console, "File page, 16 KB Java",
                    () -> page(console, cookie, "/code/bench/blob?path=src/Bench.java"), () -> {
                        codeCommit.getRepository(r -> r.repositoryName("bench"));
                        codeCommit.listBranches(r -> r.repositoryName("bench"));
                        codeCommit.getFile(r -> r.repositoryName("bench").commitSpecifier("main")
                                .filePath("src/Bench.java"));
                    }));
            table.append(row(stack, console, "Folder page", () -> page(console, cookie, "/code/bench/tree?path=src"),
                    () -> {
                        codeCommit.getRepository(r -> r.repositoryName("bench"));
                        codeCommit.listBranches(r -> r.repositoryName("bench"));
                        codeCommit.getFolder(r -> r.repositoryName("bench").commitSpecifier("main")
                                .folderPath("src"));
                    }));
        }
        System.out.println(table);
        Files.writeString(WORK.getParent().resolve("console.md"), table.toString());
    }

    private static String row(CofferStack stack, ServiceProcess console, String page,
            Benchmarks.Call viaConsole, Benchmarks.Call viaSdk) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            viaConsole.run();
            viaSdk.run();
        }
        Map<String, Duration> before = cpu(stack, console);
        double[] consoleMillis = Benchmarks.timed(viaConsole, CALLS);
        Map<String, Duration> after = cpu(stack, console);
        double[] sdkMillis = Benchmarks.timed(viaSdk, CALLS);
        StringBuilder cpu = new StringBuilder();
        after.forEach((process, total) -> cpu.append(cpu.length() == 0 ? "" : ", ").append(process).append(' ')
                .append(String.format(Locale.ROOT, "%.2f", (total.toNanos() - before.get(process).toNanos())
                        / 1e6 / CALLS)));
        double consoleP50 = Benchmarks.percentile(consoleMillis, 0.5);
        double sdkP50 = Benchmarks.percentile(sdkMillis, 0.5);
        System.out.printf(Locale.ROOT, "%s: console p50 %.2f ms, SDK p50 %.2f ms%n", page, consoleP50, sdkP50);
        return String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %s |%n", page, consoleP50,
                Benchmarks.percentile(consoleMillis, 0.95), sdkP50,
                Benchmarks.percentile(sdkMillis, 0.95), consoleP50 / sdkP50, cpu);
    }

    /** The stack's processes' CPU so far (the client is this JVM), with the console's. */
    private static Map<String, Duration> cpu(CofferStack stack, ServiceProcess console) {
        Map<String, Duration> cpu = new LinkedHashMap<>(Benchmarks.cpu(stack));
        cpu.put("console", console.cpu());
        return cpu;
    }

    /** Signs in as admin through the form, as a browser does; the session cookie. */
    private static String signIn(ServiceProcess console) throws Exception {
        HttpResponse<String> form = LocalTls.HTTP.send(HttpRequest.newBuilder(console.uri("/sign-in")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher token = CSRF.matcher(form.body());
        if (!token.find()) {
            throw new IllegalStateException("no CSRF token on the sign-in page");
        }
        String csrfCookie = cookie(form, "csrf-token");
        String body = "csrf-token=" + encode(token.group(1)) + "&accessKeyId=" + encode(LocalIdentity.ACCESS_KEY_ID)
                + "&secretAccessKey=" + encode(LocalIdentity.SECRET_ACCESS_KEY) + "&region=" + REGION;
        HttpResponse<String> signedIn = LocalTls.HTTP.send(HttpRequest.newBuilder(console.uri("/sign-in"))
                .header("Cookie", csrfCookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (signedIn.statusCode() != 303) {
            throw new IllegalStateException("sign-in answered " + signedIn.statusCode() + ": " + signedIn.body());
        }
        return cookie(signedIn, "coffer-console-session");
    }

    private static void page(ServiceProcess console, String cookie, String path) throws Exception {
        HttpResponse<byte[]> page = LocalTls.HTTP.send(HttpRequest.newBuilder(URI.create(console.uri(path)
                .toString())).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (page.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + page.statusCode());
        }
    }

    /** {@code name=value} of a cookie the response sets. */
    private static String cookie(HttpResponse<?> response, String name) {
        List<String> set = response.headers().allValues("Set-Cookie");
        return set.stream().filter(c -> c.startsWith(name + "=")).map(c -> c.substring(0, c.indexOf(';')))
                .findFirst().orElseThrow(() -> new IllegalStateException("no " + name + " cookie in " + set));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
