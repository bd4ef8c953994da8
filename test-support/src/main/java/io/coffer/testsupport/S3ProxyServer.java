package io.coffer.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 server for tests: S3Proxy (Maven Central's {@code org.gaul:s3proxy}) as a process of its own, storing
 * objects as files under a directory, with SigV4 authentication. Its runnable jar is copied to
 * {@code target/s3proxy/s3proxy.jar} by the module's {@code maven-dependency-plugin} (the parent POM's
 * {@code s3proxy} execution); tests run from the module directory, as Maven runs them.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String ACCESS_KEY_ID = "coffer-s3proxy-test";
    public static final String SECRET_ACCESS_KEY = "coffer-s3proxy-test-secret";
    private static final Path JAR = Path.of("target", "s3proxy", "s3proxy.jar");

    private final Process process;
    private final URI endpoint;
    private final Path objects;

    private S3ProxyServer(Process process, URI endpoint, Path objects) {
        this.process = process;
        this.endpoint = endpoint;
        this.objects = objects;
    }

    /** Starts S3Proxy over plain HTTP on a free port, keeping its objects and log under {@code directory}. */
    public static S3ProxyServer start(Path directory) throws IOException, InterruptedException {
        return start(directory, null, null);
    }

    /**
     * Starts S3Proxy over HTTPS with the server key and certificate chain in {@code keyStore} (PKCS#12), whose
     * certificate must name 127.0.0.1.
     */
    public static S3ProxyServer startHttps(Path directory, Path keyStore, String password)
            throws IOException, InterruptedException {
        return start(directory, keyStore, password);
    }

    private static S3ProxyServer start(Path directory, Path keyStore, String password)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the tests through Maven, whose "
                    + "dependency plugin copies S3Proxy there");
        }
        Path objects = directory.resolve("objects").toAbsolutePath();
        Files.createDirectories(objects);
        int port = FreePorts.next();
        URI endpoint = URI.create((keyStore == null ? "http" : "https") + "://127.0.0.1:" + port);
        StringBuilder conf = new StringBuilder()
                .append("s3proxy.authorization=aws-v2-or-v4\n")
                .append("s3proxy.identity=").append(ACCESS_KEY_ID).append('\n')
                .append("s3proxy.credential=").append(SECRET_ACCESS_KEY).append('\n')
                .append("jclouds.provider=filesystem-nio2\n")
                .append("jclouds.filesystem.basedir=").append(objects).append('\n');
        if (keyStore == null) {
            conf.append("s3proxy.endpoint=").append(endpoint).append('\n');
        } else {
            conf.append("s3proxy.secure-endpoint=").append(endpoint).append('\n')
                    .append("s3proxy.keystore-path=").append(keyStore.toAbsolutePath()).append('\n')
                    .append("s3proxy.keystore-password=").append(password).append('\n');
        }
        Path properties = directory.resolve("s3proxy.conf");
        Files.writeString(properties, conf);
        Path log = directory.resolve("s3proxy.log");
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", JAR.toAbsolutePath().toString(), "--properties", properties.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        S3ProxyServer server = new S3ProxyServer(process, endpoint, objects);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!listening(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IOException("S3Proxy did not start on port " + port + "; see " + log.toAbsolutePath());
            }
            Thread.sleep(100);
        }
        return server;
    }

    /** The S3 API's endpoint. */
    public URI endpoint() {
        return endpoint;
    }

    /** Where S3Proxy keeps the objects: {@code <bucket>/<key>}, one file each, as it received them. */
    public Path objects() {
        return objects;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

}
