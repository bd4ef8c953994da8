package io.coffer.repo.git.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The credential helper shipped in {@code repo-service/bin}, run as git runs it; its passwords are checked with the
 * same code repo-service authenticates Git requests with.
 */
class GitCredentialHelperTest {

    private static final Path HELPER = Path.of("bin", "git-credential-coffer").toAbsolutePath();
    private static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String GET = "protocol=https\nhost=coffer.example:8081\npath=v1/repos/my-repo\n\n";

    @TempDir
    Path home;

    record Run(int exit, String out, String err) {
    }

    private Run run(String action, String input, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(HELPER.toString(), action);
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        builder.environment().put("HOME", home.toString());
        builder.environment().putAll(environment);
        Process process = builder.start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // a helper may end without reading what git sends (store and erase do): the closed pipe is no failure
        }
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the helper did not end");
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static void assertSigned(Run run, String region) {
        assertEquals(0, run.exit(), run.err());
        String[] lines = run.out().split("\n");
        assertEquals(2, lines.length, run.out());
        assertEquals("username=" + KEY_ID, lines[0]);
        GitPassword.Parsed password = GitPassword.parse(lines[1].substring("password=".length()));
        assertTrue(GitPassword.current(password, Instant.now()));
        assertTrue(GitPassword.verifies(password, SECRET, region, "coffer.example:8081", "/v1/repos/my-repo"),
                "the signature is not the one repo-service expects in " + region);
    }

    private void writeAwsFiles() throws IOException {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"), """
                [default]
                aws_access_key_id = AKIDEFAULTEXAMPLE
                aws_secret_access_key = not-this-one
                [dev]
                  aws_access_key_id=%s
                aws_secret_access_key = %s
                """.formatted(KEY_ID, SECRET));
        Files.writeString(home.resolve(".aws/config"), """
                [default]
                region = us-west-2
                [ profile dev ]
                region = eu-central-1
                """);
    }

    @Test
    void givenCredentialsInTheEnvironment_whenGet_thenPasswordSignedForPathHostAndRegion() throws Exception {
        assertSigned(run("get", GET, Map.of("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET,
                "AWS_REGION", "us-east-2")), "us-east-2");
        assertSigned(run("get", GET, Map.of("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET)),
                "us-east-1");
    }

    @Test
    void givenAProfileInTheSharedFiles_whenGet_thenItsKeysAndRegionAreUsed() throws Exception {
        writeAwsFiles();
        assertSigned(run("get", GET, Map.of("AWS_PROFILE", "dev")), "eu-central-1");
        assertSigned(run("get", GET, Map.of("AWS_PROFILE", "dev", "AWS_DEFAULT_REGION", "ap-south-1")),
                "ap-south-1");
        Path elsewhere = Files.move(home.resolve(".aws/credentials"), home.resolve("team-credentials"));
        assertSigned(run("get", GET, Map.of("AWS_PROFILE", "dev", "AWS_SHARED_CREDENTIALS_FILE",
                elsewhere.toString())), "eu-central-1");
    }

    @Test
    void givenStoreOrErase_whenRun_thenNothingIsKeptOrPrinted() throws Exception {
        for (String action : new String[] {"store", "erase"}) {
            Run run = run(action, "protocol=https\nhost=h\npath=p\nusername=u\npassword=p\n\n", Map.of());
            assertEquals(new Run(0, "", ""), run);
        }
    }

    @Test
    void givenNoPathOrNoCredentials_whenGet_thenFailsSayingWhy() throws Exception {
        Run noPath = run("get", "protocol=https\nhost=coffer.example:8081\n\n",
                Map.of("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET));
        assertEquals(1, noPath.exit());
        assertTrue(noPath.err().contains("credential.UseHttpPath true"), noPath.err());
        Run noCredentials = run("get", GET, Map.of());
        assertEquals(1, noCredentials.exit());
        assertTrue(noCredentials.err().contains("no AWS credentials"), noCredentials.err());
        assertEquals("", noCredentials.out());
    }
}
