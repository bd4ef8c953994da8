package io.coffer.deploy;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * The images' base, made on the build machine with no registry: a Java runtime linked with {@code jlink} from the
 * JDK running the build, the shared C libraries it loads (found with {@code ldd}), and the few files a JVM process
 * reads from {@code /etc}. As small as a distroless Java image and with as little in it: no shell, no package
 * manager. Rebuilding on an updated build machine picks up its JDK and C library fixes.
 */
public final class JavaRuntime {

    /** Where the runtime sits in the image. */
    public static final AbsoluteUnixPath HOME = AbsoluteUnixPath.get("/opt/java");
    /** The Java SE modules and the JDK modules Quarkus, Netty, Kafka's client and JGit use. */
    static final String MODULES = "java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.management,"
            + "jdk.jfr,jdk.zipfs,jdk.naming.dns,jdk.net";
    /** Native parts of AWT and sound: loaded only by desktop code, so their X11 and ALSA libraries are left out. */
    private static final Pattern DESKTOP_ONLY = Pattern.compile(
            "lib(awt.*|fontmanager|jawt|splashscreen|lcms|javajpeg|mlib_image|jsound)\\.so");
    private static final Pattern LDD_LINE = Pattern.compile("=>\\s*(/\\S+)|^\\s*(/\\S+)\\s+\\(0x");

    private final Path rootfs;

    private JavaRuntime(Path rootfs) {
        this.rootfs = rootfs;
    }

    /**
     * Links the runtime into {@code directory/rootfs} unless it is there already (one build makes it once for all
     * four images).
     */
    public static JavaRuntime link(Path directory) throws IOException, InterruptedException {
        Path rootfs = directory.resolve("rootfs");
        Path done = directory.resolve("linked");
        if (Files.exists(done)) {
            return new JavaRuntime(rootfs);
        }
        deleteTree(directory);
        Files.createDirectories(rootfs);
        Path java = rootfs.resolve(HOME.toString().substring(1));
        Files.createDirectories(java.getParent());
        jlink(java);
        copyLibraries(java, rootfs);
        Path etc = Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/sbin/nologin\n"
                + "coffer:x:185:185:Coffer:/tmp:/sbin/nologin\n", StandardCharsets.US_ASCII);
        Files.writeString(etc.resolve("group"), "root:x:0:\ncoffer:x:185:\n", StandardCharsets.US_ASCII);
        Files.writeString(etc.resolve("nsswitch.conf"), "hosts: files dns\n", StandardCharsets.US_ASCII);
        Files.createDirectories(directory.resolve("empty"));
        Files.writeString(done, MODULES);
        return new JavaRuntime(rootfs);
    }

    /** The whole base as one layer at {@code /}, with a {@code /tmp} anyone may write (where no volume is mounted). */
    FileEntriesLayer layer() throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("java runtime");
        ImageBuilder.addTree(layer, rootfs, AbsoluteUnixPath.get("/"));
        layer.addEntry(rootfs.resolveSibling("empty"), AbsoluteUnixPath.get("/tmp"),
                FilePermissions.fromOctalString("777"));
        return layer.build();
    }

    Path rootfs() {
        return rootfs;
    }

    private static void jlink(Path output) {
        ToolProvider jlink = ToolProvider.findFirst("jlink")
                .orElseThrow(() -> new IllegalStateException("jlink is missing: build with a JDK, not a JRE"));
        StringWriter log = new StringWriter();
        int status = jlink.run(new PrintWriter(log), new PrintWriter(log), "--add-modules", MODULES,
                "--strip-debug", "--no-man-pages", "--no-header-files", "--compress=2", "--output",
                output.toString());
        if (status != 0) {
            throw new IllegalStateException("jlink failed: " + log);
        }
    }

    /** The C libraries the runtime's native code links against, and the dynamic loader, at their usual paths. */
    private static void copyLibraries(Path java, Path rootfs) throws IOException, InterruptedException {
        List<String> natives = new ArrayList<>(List.of(java.resolve("bin/java").toString()));
        try (Stream<Path> files = Files.walk(java.resolve("lib"))) {
            files.filter(f -> f.getFileName().toString().endsWith(".so"))
                    .filter(f -> !DESKTOP_ONLY.matcher(f.getFileName().toString()).matches())
                    .forEach(f -> natives.add(f.toString()));
        }
        TreeSet<String> libraries = new TreeSet<>();
        for (String file : natives) {
            Process ldd = new ProcessBuilder("ldd", file).redirectErrorStream(true).start();
            String out = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (ldd.waitFor() != 0) {
                throw new IllegalStateException("ldd " + file + " failed: " + out);
            }
            for (String line : out.split("\n")) {
                Matcher m = LDD_LINE.matcher(line);
                if (m.find()) {
                    String library = m.group(1) != null ? m.group(1) : m.group(2);
                    if (!library.startsWith(java.toString())) {
                        libraries.add(library);
                    }
                }
            }
        }
        for (String library : libraries) {
            Path target = rootfs.resolve(library.substring(1));
            Files.createDirectories(target.getParent());
            // the file a symbolic link names, under the link's name
            Files.copy(Path.of(library).toRealPath(), target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(file);
            }
        }
    }
}
