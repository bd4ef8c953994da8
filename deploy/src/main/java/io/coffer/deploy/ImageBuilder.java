package io.coffer.deploy;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds a service's OCI image from its Quarkus fast-jar ({@code target/quarkus-app}) with Jib, without a Docker
 * daemon or registry, to an image tarball ({@code docker load}, {@code podman load}, {@code skopeo copy
 * oci-archive:…}). The base is {@link JavaRuntime}'s: a runtime linked from the building JDK and the C libraries it
 * needs, nothing else (no shell, no package manager), so the build needs no network.
 *
 * <p>The image runs as user 185 (not root) with a read-only root filesystem: the only writable paths are the
 * volumes a deployment mounts ({@code /tmp} and the service's data). Layers go from least to most often changed:
 * runtime, Quarkus' boot libraries, other libraries, then the application.
 */
public final class ImageBuilder {

    /** The user and group the services run as (as in Red Hat's OpenJDK images, which platforms often expect). */
    public static final String USER = "185:185";
    public static final AbsoluteUnixPath APP = AbsoluteUnixPath.get("/deployments");
    /** Heap from the container's memory limit; die on OOM so the platform restarts the pod. */
    public static final List<String> JVM_OPTIONS = List.of("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError",
            "-Djava.io.tmpdir=/tmp");

    /** A service: its module directory and the ports it listens on. */
    public record Service(String name, List<Integer> ports) {
    }

    public static final List<Service> SERVICES = List.of(new Service("repo-service", List.of(8081, 2222)),
            new Service("key-service", List.of(8082)), new Service("crypto-service", List.of(8083)),
            new Service("audit-service", List.of(8084)), new Service("console", List.of(8085)));

    private final Path root;
    private final String version;
    private final JavaRuntime runtime;

    /**
     * @param root    the repository's root directory (services are its subdirectories)
     * @param version the image tag
     */
    public ImageBuilder(Path root, String version, JavaRuntime runtime) {
        this.root = root;
        this.version = version;
        this.runtime = runtime;
    }

    /** The image's name as the Kubernetes manifests and docker-compose.yml refer to it. */
    public static String imageName(String service) {
        return "coffer/" + service;
    }

    /**
     * Writes {@code <service>/target/<service>-image.tar}, tagged {@code coffer/<service>:<version>}.
     *
     * @return the tarball
     */
    public Path build(Service service) throws Exception {
        Path app = root.resolve(service.name()).resolve("target").resolve("quarkus-app");
        if (!Files.exists(app.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(app + " has no quarkus-run.jar: package the service first");
        }
        JibContainerBuilder image = Jib.fromScratch()
                .setFormat(ImageFormat.OCI)
                .setCreationTime(Instant.now())
                .addFileEntriesLayer(runtime.layer())
                .addFileEntriesLayer(tree("boot libraries", app.resolve("lib/boot"), APP.resolve("lib/boot")))
                .addFileEntriesLayer(tree("libraries", app.resolve("lib/main"), APP.resolve("lib/main")))
                .addFileEntriesLayer(application(app))
                .setUser(USER)
                .setWorkingDirectory(APP)
                .setEnvironment(Map.of("JAVA_HOME", JavaRuntime.HOME.toString(), "LANG", "C.UTF-8"))
                .setLabels(Map.of("org.opencontainers.image.title", "Coffer " + service.name(),
                        "org.opencontainers.image.version", version,
                        "org.opencontainers.image.description", "Coffer: encrypted Git hosting, its KMS and audit"));
        List<String> entrypoint = new ArrayList<>();
        entrypoint.add(JavaRuntime.HOME.resolve("bin/java").toString());
        entrypoint.addAll(JVM_OPTIONS);
        entrypoint.addAll(List.of("-jar", APP.resolve("quarkus-run.jar").toString()));
        image.setEntrypoint(entrypoint);
        for (int port : service.ports()) {
            image.addExposedPort(Port.tcp(port));
        }
        Path tar = root.resolve(service.name()).resolve("target").resolve(service.name() + "-image.tar");
        image.containerize(Containerizer.to(TarImage.at(tar).named(imageName(service.name()) + ":" + version))
                .setApplicationLayersCache(root.resolve("target").resolve("jib-cache"))
                .setBaseImageLayersCache(root.resolve("target").resolve("jib-cache")));
        return tar;
    }

    private static FileEntriesLayer application(Path app) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("application");
        layer.addEntry(app.resolve("quarkus-run.jar"), APP.resolve("quarkus-run.jar"),
                FilePermissions.fromOctalString("444"));
        for (String directory : List.of("app", "quarkus")) {
            addTree(layer, app.resolve(directory), APP.resolve(directory));
        }
        return layer.build();
    }

    static FileEntriesLayer tree(String name, Path source, AbsoluteUnixPath target) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        addTree(layer, source, target);
        return layer.build();
    }

    /** Every file under {@code source}, read-only for all; executables keep their execute bits. */
    static void addTree(FileEntriesLayer.Builder layer, Path source, AbsoluteUnixPath target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            // the source directory itself is left to Jib, which makes every parent directory (and / has no parent)
            for (Path file : files.filter(f -> !f.equals(source)).sorted().toList()) {
                AbsoluteUnixPath into = target;
                for (Path part : source.relativize(file)) {
                    into = into.resolve(part.toString());
                }
                if (Files.isDirectory(file)) {
                    layer.addEntry(file, into, FilePermissions.fromOctalString("555"));
                } else {
                    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
                    layer.addEntry(file, into, FilePermissions.fromOctalString(
                            mode.contains(PosixFilePermission.OWNER_EXECUTE) ? "555" : "444"));
                }
            }
        }
    }

    /**
     * {@code ImageBuilder <repository root> <version> [service…]}: builds the named services' images (all four when
     * none is named).
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ImageBuilder <repository root> <version> [service...]");
            System.exit(2);
        }
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        List<String> wanted = List.of(args).subList(2, args.length);
        JavaRuntime runtime = JavaRuntime.link(root.resolve("target").resolve("image-runtime"));
        ImageBuilder builder = new ImageBuilder(root, args[1], runtime);
        for (Service service : SERVICES) {
            if (wanted.isEmpty() || wanted.contains(service.name())) {
                System.out.println("built " + imageName(service.name()) + ":" + args[1] + " -> "
                        + builder.build(service));
            }
        }
    }
}
