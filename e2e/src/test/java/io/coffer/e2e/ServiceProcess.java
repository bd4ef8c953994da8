package io.coffer.e2e;

import io.coffer.testsupport.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** One packaged Coffer service, started as its own JVM process, as deploy/local/up.sh starts it. */
final class ServiceProcess implements AutoCloseable {


    /** jcmd GC.heap_info's first line, e.g. "garbage-first heap   total 262144K, used 48213K [...". */
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final String module;
    private final String name;
    private final int port;
    private final int managementPort;
    private final Map<String, String> properties;
    private Process process;
    private String maxHeap = "384m";

    /**
     * A service serving HTTPS with the local certificate ({@link LocalTls}) and reading the e2e identities file,
     * configured further with {@code properties}.
     */
    ServiceProcess(String module, String name, Map<String, String> properties) throws IOException {
        this.module = module;
        this.name = name;
        this.port = FreePorts.next();
        this.managementPort = FreePorts.next();
        Map<String, String> all = new HashMap<>(LocalTls.serviceProperties());
        all.put("coffer.identity.file", CofferStack.identitiesFile().toString());
        all.putAll(properties);
        this.properties = all;
    }

    /** The JVM's maximum heap, e.g. {@code 256m}. */
    ServiceProcess maxHeap(String maxHeap) {
        this.maxHeap = maxHeap;
        return this;
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    /** CPU time the process has used so far, user and system. */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElseThrow();
    }

    int port() {
        return port;
    }

    /** A configuration property the process was started with. */
    String property(String key) {
        return properties.get(key);
    }

    /** The service's HTTPS address (its certificate is the e2e local CA's, see {@link LocalTls}). */
    URI uri(String path) {
        return URI.create("https://localhost:" + port + path);
    }

    /** The service's management address (HTTPS with the same certificate, on loopback), where its metrics are. */
    URI managementUri(String path) {
        return URI.create("https://localhost:" + managementPort + path);
    }

    /** The process's log file (appended to by every start). */
    Path log() {
        return Path.of("target", "e2e-logs", name + ".log");
    }

    ServiceProcess start() throws IOException {
        Path jar = Path.of("..", module, "target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing; run the e2e tests with 'mvn verify' from the root");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + maxHeap,
                "-Dquarkus.http.port=" + port, "-Dquarkus.management.port=" + managementPort));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        Files.createDirectories(log().getParent());
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                .start();
        return this;
    }

    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see target/e2e-logs");
            }
            try {
                HttpResponse<String> ready = LocalTls.HTTP.send(HttpRequest.newBuilder(uri("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + ready.statusCode() + " " + ready.body();
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + " (last: " + last
                + "); see target/e2e-logs");
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    /** What the process holds, read from /proc and (heap, after a full collection) with jcmd. */
    record Footprint(long heapUsedMiB, int threads, int openFiles) {
        @Override
        public String toString() {
            return "heap " + heapUsedMiB + " MiB, " + threads + " threads, " + openFiles + " open files";
        }
    }

    /** The process's heap in use after a full collection, its threads and its open file descriptors. */
    Footprint footprint() throws IOException, InterruptedException {
        long pid = process.pid();
        jcmd(pid, "GC.run");
        Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
        if (!used.find()) {
            throw new IllegalStateException("jcmd GC.heap_info of " + name + " reports no heap in use");
        }
        int threads = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("Threads:")).mapToInt(line -> Integer.parseInt(line.substring(8)
                        .trim())).findFirst().orElseThrow();
        int openFiles;
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            openFiles = (int) fds.count();
        }
        return new Footprint(Long.parseLong(used.group(1)) / 1024, threads, openFiles);
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + output);
        }
        return output;
    }

    @Override
    public String toString() {
        return name;
    }

    /** Stops the process the way a platform would: SIGTERM, then SIGKILL if it hangs. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Kills the process as a crash would: SIGKILL, no shutdown hooks. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
