package io.coffer.e2e;

import io.coffer.testsupport.LocalIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The machine's own {@code git}, configured as a user would: the Coffer credential helper shipped in
 * {@code repo-service/bin}, {@code credential.UseHttpPath}, AWS credentials in the environment, and a HOME of its own
 * so no personal configuration leaks in.
 */
final class StockGit {

    static final Path HELPER = Path.of("..", "repo-service", "bin", "git-credential-coffer").toAbsolutePath()
            .normalize();

    private final Path home;
    private final Map<String, String> environment;

    StockGit(Path home, String region) throws IOException {
        this(home, region, LocalIdentity.ACCESS_KEY_ID, LocalIdentity.SECRET_ACCESS_KEY);
    }

    /** git as the user of the given access key, over HTTPS. */
    StockGit(Path home, String region, String accessKeyId, String secretAccessKey) throws IOException {
        this(home, Map.of("GIT_SSL_CAINFO", LocalTls.ISSUED.ca().toString(), "AWS_ACCESS_KEY_ID", accessKeyId,
                "AWS_SECRET_ACCESS_KEY", secretAccessKey, "AWS_REGION", region));
    }

    private StockGit(Path home, Map<String, String> environment) throws IOException {
        this.home = Files.createDirectories(home);
        Files.writeString(home.resolve(".gitconfig"), """
                [user]
                \tname = Coffer E2E
                \temail = e2e@coffer.invalid
                [init]
                \tdefaultBranch = main
                [credential]
                \thelper = !%s
                \tUseHttpPath = true
                [protocol]
                \tversion = 2
                """.formatted(HELPER), StandardCharsets.UTF_8);
        Map<String, String> all = new HashMap<>(environment);
        all.putAll(Map.of("HOME", home.toString(), "GIT_TERMINAL_PROMPT", "0", "GIT_CONFIG_NOSYSTEM", "1"));
        this.environment = Map.copyOf(all);
    }

    /**
     * git over SSH with the machine's OpenSSH client, as a user sets it up: a private key, and the server's host keys
     * in a known_hosts file that is checked strictly. Nothing from ~/.ssh or an agent is used.
     */
    static StockGit overSsh(Path home, Path privateKey, Path knownHosts) throws IOException {
        return new StockGit(home, Map.of("GIT_SSH_COMMAND", String.join(" ", ssh(privateKey, knownHosts))));
    }

    /** The ssh command line {@link #overSsh} gives git, for running ssh itself. */
    static List<String> ssh(Path privateKey, Path knownHosts) {
        return List.of("ssh", "-F", "/dev/null", "-i", privateKey.toString(), "-o", "IdentitiesOnly=yes",
                "-o", "IdentityAgent=none", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "ConnectTimeout=20");
    }

    /** What a git command did. */
    record Result(int exitCode, String out, String err) {

        Result ok() {
            if (exitCode != 0) {
                throw new AssertionError("git failed (" + exitCode + "): " + err + out);
            }
            return this;
        }
    }

    Result run(Path directory, String... arguments) throws IOException, InterruptedException {
        return run(Map.of(), directory, arguments);
    }

    /** Runs with {@code extra} environment variables (such as GIT_TRACE_PACKET). */
    Result run(Map<String, String> extra, Path directory, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().putAll(environment);
        builder.environment().putAll(extra);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("git " + String.join(" ", arguments) + " did not finish in 10 minutes");
        }
        Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return result;
    }

    /** Runs and requires success; the standard output, trimmed. */
    String ok(Path directory, String... arguments) throws IOException, InterruptedException {
        return run(directory, arguments).ok().out().trim();
    }
}
