package io.coffer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Builds key-service's image as {@code mvn -Pimages package} does, reads the tarball as a container runtime would
 * (OCI index, manifest, config, layers), and, where the test runs as root, starts the service from the unpacked
 * image's filesystem under {@code chroot} as user 185, until its liveness check answers.
 */
class ImageBuilderTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ImageBuilder.Service KEY_SERVICE = ImageBuilder.SERVICES.get(1);
    private static Path unpacked;
    private static JsonNode config;

    @BeforeAll
    static void build() throws Exception {
        // where `mvn -Pimages package` links it too, so that build reuses it
        JavaRuntime runtime = JavaRuntime.link(ROOT.resolve("target").resolve("image-runtime"));
        Path tar = new ImageBuilder(ROOT, "test", runtime).build(KEY_SERVICE);
        Path image = Files.createDirectories(Path.of("target", "image-test").toAbsolutePath());
        // a run stopped half way may have left proc mounted in the unpacked image
        new ProcessBuilder("umount", image.resolve("rootfs/proc").toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        run(image.getParent(), "rm", "-rf", image.toString());
        Files.createDirectories(image);
        run(image, "tar", "-xf", tar.toString());
        JsonNode index = JSON.readTree(image.resolve("index.json").toFile());
        JsonNode manifest = JSON.readTree(blob(image, index.get("manifests").get(0).get("digest").asText()));
        config = JSON.readTree(blob(image, manifest.get("config").get("digest").asText())).get("config");
        unpacked = Files.createDirectories(image.resolve("rootfs"));
        for (JsonNode layer : manifest.get("layers")) {
            run(unpacked, "tar", "-xzf", image.resolve("blobs/sha256/" + digest(layer.get("digest").asText()))
                    .toString());
        }
    }

    @Test
    void givenKeyServiceImage_whenConfigRead_thenNonRootJavaEntrypointAndItsPort() {
        assertEquals(ImageBuilder.USER, config.get("User").asText());
        assertEquals("/deployments", config.get("WorkingDir").asText());
        List<String> entrypoint = new ArrayList<>();
        config.get("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
        assertEquals("/opt/java/bin/java", entrypoint.get(0));
        assertTrue(entrypoint.containsAll(ImageBuilder.JVM_OPTIONS), entrypoint.toString());
        assertEquals(List.of("-jar", "/deployments/quarkus-run.jar"), entrypoint.subList(entrypoint.size() - 2,
                entrypoint.size()));
        assertTrue(config.get("ExposedPorts").has("8082/tcp"), config.toString());
    }

    @Test
    void givenUnpackedImage_whenListed_thenRuntimeLibrariesAndApplicationAndNothingWritableButTmp()
            throws IOException {
        for (String file : List.of("opt/java/bin/java", "opt/java/lib/server/libjvm.so", "lib64/ld-linux-x86-64.so.2",
                "etc/passwd", "deployments/quarkus-run.jar", "deployments/lib/boot", "deployments/quarkus")) {
            assertTrue(Files.exists(unpacked.resolve(file)), file);
        }
        assertTrue(Files.notExists(unpacked.resolve("bin/sh")), "no shell");
        assertEquals("rwxrwxrwx", mode(unpacked.resolve("tmp")));
        try (Stream<Path> files = Files.walk(unpacked)) {
            // /tmp is meant to be written; dev/ and proc/ are the chroot test's, not the image's
            List<Path> writable = files.filter(f -> Stream.of("tmp", "dev", "proc")
                    .noneMatch(skip -> f.startsWith(unpacked.resolve(skip))))
                    .filter(f -> !Files.isSymbolicLink(f))
                    .filter(f -> mode(f).charAt(7) == 'w' || mode(f).charAt(4) == 'w').toList();
            assertEquals(List.of(), writable, "only /tmp may be written by anyone but root");
        }
    }

    @Test
    void givenUnpackedImageAsRoot_whenKeyServiceStartsUnderChrootAsUser185_thenItIsLive() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "chroot needs root");
        Path dev = Files.createDirectories(unpacked.resolve("dev"));
        for (String[] node : List.of(new String[] {"null", "3"}, new String[] {"zero", "5"},
                new String[] {"random", "8"}, new String[] {"urandom", "9"})) {
            if (Files.notExists(dev.resolve(node[0]))) {
                run(dev, "mknod", "-m", "666", node[0], "c", "1", node[1]);
            }
        }
        // as a container runtime does: the dynamic loader finds $ORIGIN through /proc/self/exe
        Path proc = Files.createDirectories(unpacked.resolve("proc"));
        run(unpacked, "mount", "-t", "proc", "proc", proc.toString());
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of("chroot", "--userspec=185:185", unpacked.toString()));
        config.get("Entrypoint").forEach(e -> command.add(e.asText()));
        // the image's own entrypoint, configured as a deployment would: plain HTTP, the test database, no Kafka
        command.addAll(command.indexOf("-jar"), List.of("-Dquarkus.http.port=" + port, "-Dcoffer.db.name=test",
                "-Dcoffer.identity.built-in-local=true", "-Dcoffer.root-key-file=/tmp/root.key",
                "-Dkafka.bootstrap.servers=127.0.0.1:9"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("QUARKUS_PROFILE", "plain-http");
        Process service = builder.redirectErrorStream(true)
                .redirectOutput(Path.of("target", "image-test", "key-service.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            int status = 0;
            while (status != 200 && System.nanoTime() < deadline && service.isAlive()) {
                try {
                    status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/q/health/live")).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException notYet) {
                    Thread.sleep(500);
                }
            }
            assertEquals(200, status, "key-service from the image is not live; see target/image-test/key-service.log");
        } finally {
            service.destroy();
            service.waitFor(20, TimeUnit.SECONDS);
            service.destroyForcibly().waitFor();
            run(unpacked, "umount", proc.toString());
        }
    }

    private static String mode(Path file) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] blob(Path image, String digest) throws IOException {
        return Files.readAllBytes(image.resolve("blobs/sha256/" + digest(digest)));
    }

    private static String digest(String digest) {
        return digest.substring(digest.indexOf(':') + 1);
    }

    private static void run(Path directory, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + out);
    }
}
