package io.coffer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.coffer.aws.identity.SshPublicKey;
import io.coffer.events.Topics;
import io.coffer.testsupport.KafkaBroker;
import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.TopicProbe;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.RepositoryMetadata;

/**
 * Stock OpenSSH and git against Coffer's Git-over-SSH server: keys registered in the identities file, clone, push and
 * fetch on the same sealed storage as HTTPS, the same authorization and audit, and every way in that must stay shut.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GitOverSshIT {

    private static final String REGION = "us-east-1";
    private static final String MARKER = "COFFER-SSH-PLAINTEXT-MARKER-" + UUID.randomUUID();
    private static final Path WORK = Path.of("target", "ssh-e2e").toAbsolutePath();
    /** An ID given in the identities file rather than derived from the key. */
    private static final String RSA_KEY_ID = "APKAEIBAERJR2EXAMPLE";

    private static CofferStack stack;
    private static CodeCommitClient codeCommit;
    private static Path knownHosts;
    private static Key developer;
    private static Key developerRsa;
    private static Key denied;
    private static Key inactive;
    private static Key unregistered;
    private static String repositoryId;

    /** A key pair made with ssh-keygen, and the ID Coffer gives it. */
    private record Key(Path privateKey, String publicLine, String id) {

        StockGit git(String home) throws IOException {
            return StockGit.overSsh(WORK.resolve(home), privateKey, knownHosts);
        }

        String url(String repository) {
            return "ssh://" + id + "@localhost:" + CofferStack.sshPort(stack.repo) + "/v1/repos/" + repository;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        CofferStack.deleteTree(WORK);
        Files.createDirectories(WORK);
        stack = new CofferStack();
        codeCommit = stack.codeCommit(REGION, LocalIdentity.credentials());
        developer = keygen("developer", "ed25519", null);
        developerRsa = keygen("developer-rsa", "rsa", RSA_KEY_ID);
        denied = keygen("denied", "ecdsa", null);
        inactive = keygen("inactive", "ed25519", null);
        unregistered = keygen("unregistered", "ed25519", null);
        knownHosts = WORK.resolve("known_hosts");
        Files.writeString(knownHosts, knownHostsLines(CofferStack.SSH_HOST_KEYS));
        stack.useIdentities(identities());
        repositoryId = codeCommit.createRepository(r -> r.repositoryName("over-ssh")).repositoryMetadata()
                .repositoryId();
    }

    @AfterAll
    static void stop() throws Exception {
        if (codeCommit != null) {
            codeCommit.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void givenRegisteredKeys_whenPushedClonedAndFetchedOverSsh_thenRefsMatchAndHttpsSeesTheSameRepository()
            throws Exception {
        RepositoryMetadata metadata = codeCommit.getRepository(r -> r.repositoryName("over-ssh"))
                .repositoryMetadata();
        assertEquals("ssh://localhost:" + CofferStack.sshPort(stack.repo) + "/v1/repos/over-ssh",
                metadata.cloneUrlSsh());

        StockGit git = developer.git("developer");
        Path source = WORK.resolve("source");
        Files.createDirectories(source);
        git.ok(source, "init", "-q");
        for (int i = 1; i <= 30; i++) {
            Files.writeString(source.resolve("file-" + (i % 7) + ".txt"), "line " + i + " " + MARKER + "\n",
                    StandardCharsets.UTF_8);
            git.ok(source, "add", "-A");
            git.ok(source, "commit", "-q", "-m", "commit " + i + " " + MARKER);
        }
        git.ok(source, "tag", "-a", "v1", "-m", "over ssh");
        git.ok(source, "remote", "add", "origin", developer.url("over-ssh"));
        git.ok(source, "push", "origin", "main", "v1");

        // a second key of the same user (RSA, signatures with SHA-2), protocol v2 and v0
        StockGit rsa = developerRsa.git("developer-rsa");
        for (String version : List.of("2", "0")) {
            Path clone = WORK.resolve("clone-v" + version);
            StockGit.Result traced = rsa.run(Map.of("GIT_TRACE_PACKET", "1"), WORK, "-c",
                    "protocol.version=" + version, "clone", developerRsa.url("over-ssh"), clone.toString());
            traced.ok();
            assertEquals(version.equals("2"), traced.err().contains("clone< version 2"), traced.err());
            rsa.ok(clone, "fsck", "--strict", "--full");
            assertEquals(git.ok(source, "rev-parse", "HEAD"), rsa.ok(clone, "rev-parse", "HEAD"));
            assertEquals(git.ok(source, "rev-parse", "v1^{}"), rsa.ok(clone, "rev-parse", "v1^{}"));
        }

        // the same repository over HTTPS: one storage, whatever the transport
        StockGit https = new StockGit(WORK.resolve("https-home"), REGION, LocalIdentity.DEVELOPER_ACCESS_KEY_ID,
                LocalIdentity.DEVELOPER_SECRET);
        Path httpsClone = WORK.resolve("https-clone");
        https.ok(WORK, "clone", "-q", stack.repo.uri("/v1/repos/over-ssh").toString(), httpsClone.toString());
        assertEquals(git.ok(source, "rev-parse", "HEAD"), https.ok(httpsClone, "rev-parse", "HEAD"));

        // push over HTTPS, fetch over SSH
        Files.writeString(httpsClone.resolve("from-https.txt"), "pushed over https\n");
        https.ok(httpsClone, "add", "-A");
        https.ok(httpsClone, "commit", "-q", "-m", "from https");
        https.ok(httpsClone, "push", "-q", "origin", "main");
        git.ok(source, "fetch", "-q", "origin");
        assertEquals(https.ok(httpsClone, "rev-parse", "HEAD"), git.ok(source, "rev-parse", "origin/main"));

        // force push and branch deletion over SSH
        git.ok(source, "push", "-q", "origin", "main:refs/heads/doomed");
        git.ok(source, "push", "-q", "--force", "origin", "HEAD~3:refs/heads/main");
        git.ok(source, "push", "-q", "origin", "--delete", "doomed");
        assertEquals(git.ok(source, "rev-parse", "HEAD~3") + "\trefs/heads/main",
                git.ok(source, "ls-remote", "origin", "refs/heads/*"));
    }

    @Test
    @Order(2)
    void givenSshPushesAndClones_whenAuditAndCryptoEventsRead_thenGitRecordsNameTheUserAndTheSshKey()
            throws Exception {
        TopicProbe probe = new TopicProbe(KafkaBroker.bootstrapServers());
        // wait for every record read below: the HTTPS push's may arrive after the SSH ones
        List<ConsumerRecord<String, String>> audit = probe.readUntil(Topics.AUDIT_RECORDS, Duration.ofSeconds(30),
                seen -> !git(seen, "GitPush", "SSH").isEmpty() && !git(seen, "GitPull", "SSH").isEmpty()
                        && !git(seen, "GitPush", "HTTP").isEmpty());
        for (String event : List.of("GitPush", "GitPull")) {
            JsonNode record = git(audit, event, "SSH").get(0);
            assertEquals("arn:aws:iam::" + LocalIdentity.ACCOUNT_ID + ":user/developer",
                    record.get("userIdentity").get("arn").asText());
            assertEquals("arn:aws:codecommit:us-east-1:" + LocalIdentity.ACCOUNT_ID + ":over-ssh",
                    record.get("resources").get(0).get("ARN").asText());
            assertTrue(List.of(developer.id(), developerRsa.id())
                    .contains(record.get("additionalEventData").get("sshKeyId").asText()), record.toString());
            assertTrue(record.path("errorCode").isMissingNode(), record.toString());
        }
        // the HTTPS push of the same repository says HTTPS and names no SSH key
        JsonNode overHttps = git(audit, "GitPush", "HTTP").get(0);
        assertTrue(overHttps.get("additionalEventData").path("sshKeyId").isMissingNode());

        // key-service authorized the data keys for the SSH user, named by the SSH key it authenticated with
        List<ConsumerRecord<String, String>> kms = probe.readUntil(Topics.AUDIT_RECORDS, Duration.ofSeconds(30),
                seen -> EventRecords.payloads(seen).stream().anyMatch(GitOverSshIT::isSshDataKeyCall));
        JsonNode generate = EventRecords.payloads(kms).stream().filter(GitOverSshIT::isSshDataKeyCall).findFirst()
                .orElseThrow();
        assertEquals("arn:aws:iam::" + LocalIdentity.ACCOUNT_ID + ":user/developer",
                generate.get("userIdentity").get("arn").asText());

        List<String> both = List.of("DataEncrypted", "DataDecrypted");
        List<String> crypto = cryptoTypes(probe.readUntil(Topics.CRYPTO_EVENTS, Duration.ofSeconds(30),
                seen -> cryptoTypes(seen).containsAll(both)));
        assertTrue(crypto.containsAll(both), crypto.toString());
    }

    @Test
    @Order(3)
    void givenSshPushedData_whenBlobStoreAndDatabaseSearched_thenNoPlaintextAndNoPackOrIndexHeader()
            throws Exception {
        AtRest.assertSealed(CofferStack.BLOBS, MARKER);
    }

    @Test
    @Order(4)
    void givenExplicitDenyOnGit_whenClonedOrPushedOverSsh_thenRefusedWithTheReasonAndAudited() throws Exception {
        StockGit git = denied.git("denied");
        StockGit.Result clone = git.run(WORK, "clone", denied.url("over-ssh"), WORK.resolve("denied-clone").toString());
        assertNotEquals(0, clone.exitCode());
        assertTrue(clone.err().contains("User: arn:aws:iam::" + LocalIdentity.ACCOUNT_ID + ":user/ssh-denied is not "
                + "authorized to perform: codecommit:GitPull on resource: arn:aws:codecommit:us-east-1:"
                + LocalIdentity.ACCOUNT_ID + ":over-ssh with an explicit deny"), clone.err());

        TopicProbe probe = new TopicProbe(KafkaBroker.bootstrapServers());
        List<ConsumerRecord<String, String>> audit = probe.readUntil(Topics.AUDIT_RECORDS, Duration.ofSeconds(30),
                seen -> git(seen, "GitPull", "SSH").stream().anyMatch(r -> r.has("errorCode")));
        JsonNode refused = git(audit, "GitPull", "SSH").stream().filter(r -> r.has("errorCode")).findFirst()
                .orElseThrow();
        assertEquals("AccessDeniedException", refused.get("errorCode").asText());
        assertEquals(denied.id(), refused.get("additionalEventData").get("sshKeyId").asText());

        // a repository the user's account does not have
        StockGit.Result missing = developer.git("developer").run(WORK, "ls-remote", developer.url("no-such-repo"));
        assertNotEquals(0, missing.exitCode());
        assertTrue(missing.err().contains("Repository no-such-repo does not exist in account "
                + LocalIdentity.ACCOUNT_ID), missing.err());
    }

    @Test
    @Order(5)
    void givenInactiveUnknownOrMismatchedKeyOrWrongHostKey_whenConnecting_thenRefusedBeforeAnyGit()
            throws Exception {
        for (Key key : List.of(inactive, unregistered)) {
            StockGit.Result result = key.git(key == inactive ? "inactive" : "unregistered").run(WORK, "ls-remote",
                    key.url("over-ssh"));
            assertNotEquals(0, result.exitCode());
            assertTrue(result.err().contains("Permission denied (publickey)"), result.err());
        }
        // the right user name with another user's key
        Key borrowed = new Key(denied.privateKey(), denied.publicLine(), developer.id());
        StockGit.Result mismatched = borrowed.git("borrowed").run(WORK, "ls-remote", borrowed.url("over-ssh"));
        assertTrue(mismatched.err().contains("Permission denied (publickey)"), mismatched.err());

        // a server whose host key is not the one the client knows
        Path otherHosts = WORK.resolve("other_known_hosts");
        Key impostor = keygen("impostor-host", "ed25519", null);
        Files.writeString(otherHosts, "[localhost]:" + CofferStack.sshPort(stack.repo) + " "
                + impostor.publicLine() + "\n");
        StockGit.Result wrongHost = StockGit.overSsh(WORK.resolve("wrong-host"), developer.privateKey(), otherHosts)
                .run(WORK, "ls-remote", developer.url("over-ssh"));
        assertNotEquals(0, wrongHost.exitCode());
        assertTrue(wrongHost.err().contains("REMOTE HOST IDENTIFICATION HAS CHANGED")
                || wrongHost.err().contains("Host key verification failed"), wrongHost.err());
    }

    @Test
    @Order(6)
    void givenShellPasswordsForwardingOrOtherCommands_whenAsked_thenEachIsRefused() throws Exception {
        // a shell: CodeCommit's greeting, and nothing else
        Ssh shell = ssh(developer, List.of("-T"));
        assertEquals(1, shell.exitCode(), shell.err());
        assertTrue(shell.err().contains("You have successfully authenticated over SSH as arn:aws:iam::"
                + LocalIdentity.ACCOUNT_ID + ":user/developer (key " + developer.id() + ")"), shell.err());

        Ssh command = ssh(developer, List.of("-T"), "cat", "/etc/passwd");
        assertEquals(128, command.exitCode(), command.err());
        assertTrue(command.err().contains("Only git-upload-pack and git-receive-pack"), command.err());
        Ssh traversal = ssh(developer, List.of("-T"), "git-upload-pack", "'/v1/repos/../../etc'");
        assertEquals(128, traversal.exitCode(), traversal.err());

        Ssh password = ssh(developer, List.of("-T", "-o", "PreferredAuthentications=password,keyboard-interactive"));
        assertEquals(255, password.exitCode());
        assertTrue(password.err().contains("Permission denied (publickey)"), password.err());

        Ssh remoteForward = ssh(developer, List.of("-T", "-o", "ExitOnForwardFailure=yes", "-R", "0:localhost:9"),
                "git-upload-pack", "'/v1/repos/over-ssh'");
        assertEquals(255, remoteForward.exitCode(), remoteForward.err());
        assertTrue(remoteForward.err().contains("remote port forwarding failed"), remoteForward.err());
        Ssh stdioForward = ssh(developer, List.of("-W", "localhost:" + stack.repo.port()));
        assertEquals(255, stdioForward.exitCode(), stdioForward.err());
        assertTrue(stdioForward.err().contains("open failed"), stdioForward.err());
    }

    @Test
    @Order(7)
    void givenLegacyAlgorithmsOnly_whenConnecting_thenNoAgreementIsReached() throws Exception {
        Map<List<String>, String> legacy = Map.of(
                List.of("-o", "KexAlgorithms=diffie-hellman-group14-sha1,diffie-hellman-group-exchange-sha1"),
                "no matching key exchange method found",
                List.of("-o", "Ciphers=aes128-cbc,aes256-cbc,3des-cbc"), "no matching cipher found",
                List.of("-o", "Ciphers=aes128-ctr", "-o", "MACs=hmac-sha1,hmac-sha1-etm@openssh.com"),
                "no matching MAC found",
                List.of("-o", "HostKeyAlgorithms=ssh-rsa"), "no matching host key type found");
        for (Map.Entry<List<String>, String> offer : legacy.entrySet()) {
            List<String> options = new ArrayList<>(List.of("-T"));
            options.addAll(offer.getKey());
            Ssh ssh = ssh(developer, options);
            assertEquals(255, ssh.exitCode(), ssh.err());
            assertTrue(ssh.err().contains(offer.getValue()), offer.getKey() + ": " + ssh.err());
        }
        // an RSA user key signing with SHA-1 (ssh-rsa) is not accepted; with SHA-2 it is
        Ssh sha1 = ssh(developerRsa, List.of("-T", "-o", "PubkeyAcceptedAlgorithms=ssh-rsa"));
        assertEquals(255, sha1.exitCode(), sha1.err());
        assertTrue(sha1.err().contains("Permission denied (publickey)") || sha1.err().contains("no mutual signature"),
                sha1.err());
        assertEquals(1, ssh(developerRsa, List.of("-T", "-o", "PubkeyAcceptedAlgorithms=rsa-sha2-512")).exitCode());
    }

    @Test
    @Order(8)
    void givenIdleUnauthenticatedConnections_whenTheLimitIsReached_thenMoreAreRefusedUntilTheyTimeOut()
            throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            // the e2e repo-service allows 8 connections and 10 s to authenticate (long enough that a loaded CI machine
            // starts ssh before the idle ones time out); 3 sources, each within its own limit
            for (int i = 0; i < 9; i++) {
                idle.add(new Socket(InetAddress.getByName("127.0.0.1"), CofferStack.sshPort(stack.repo),
                        InetAddress.getByName("127.0.0." + (10 + i / 3)), 0));
            }
            assertEquals(255, ssh(developer, List.of("-T")).exitCode(), "a connection past the limit is refused");
            for (Socket socket : idle) {
                socket.setSoTimeout(25_000);
                InputStream in = socket.getInputStream();
                long start = System.nanoTime();
                while (in.read() >= 0) {
                    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(25), "never closed");
                }
            }
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
        assertEquals(1, ssh(developer, List.of("-T")).exitCode(), "served again once the idle ones are gone");
    }

    @Test
    @Order(8)
    void givenOneSourceHoldingUnauthenticatedConnections_whenItsLimitIsReached_thenItsNextIsRefused_andOthersServed()
            throws Exception {
        List<Socket> held = new ArrayList<>();
        InetAddress attacker = InetAddress.getByName("127.0.0.2");
        try {
            // the e2e repo-service lets one source hold 3 connections that have not logged in
            for (int i = 0; i < 3; i++) {
                held.add(new Socket(InetAddress.getByName("127.0.0.1"), CofferStack.sshPort(stack.repo), attacker, 0));
            }
            try (Socket fourth = new Socket(InetAddress.getByName("127.0.0.1"), CofferStack.sshPort(stack.repo),
                    attacker, 0)) {
                fourth.setSoTimeout(2_000);
                long start = System.nanoTime();
                InputStream in = fourth.getInputStream();
                while (in.read() >= 0) {
                    // the server's greeting may come before the refusal closes it
                }
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "closed at once, not timed out");
            }
            assertEquals(1, ssh(developer, List.of("-T")).exitCode(), "another source is served meanwhile");
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    @Order(9)
    void givenOneHundredTwentyEightMebibytes_whenPushedAndClonedOverSsh_thenIdentical() throws Exception {
        codeCommit.createRepository(r -> r.repositoryName("large-over-ssh"));
        StockGit git = developer.git("developer");
        Path source = WORK.resolve("large");
        Files.createDirectories(source);
        git.ok(source, "init", "-q");
        Random random = new Random(7);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < 4; i++) {
            byte[] bytes = new byte[32 * 1024 * 1024];
            random.nextBytes(bytes);
            digest.update(bytes);
            Files.write(source.resolve("blob-" + i + ".bin"), bytes);
        }
        String expected = HexFormat.of().formatHex(digest.digest());
        git.ok(source, "add", "-A");
        git.ok(source, "commit", "-q", "-m", "large");
        git.ok(source, "push", "-q", developer.url("large-over-ssh"), "main");
        CofferStack.deleteTree(source);

        Path clone = WORK.resolve("large-clone");
        git.ok(WORK, "clone", "-q", developer.url("large-over-ssh"), clone.toString());
        MessageDigest cloned = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < 4; i++) {
            cloned.update(Files.readAllBytes(clone.resolve("blob-" + i + ".bin")));
        }
        assertEquals(expected, HexFormat.of().formatHex(cloned.digest()));
        CofferStack.deleteTree(clone);
    }

    @Test
    @Order(10)
    void givenDenyOnTheRepositoryKey_whenClonedOverSsh_thenRefusedNamingTheKmsCallAndAllowedAgainWithoutIt()
            throws Exception {
        String keyArn = codeCommit.getRepository(r -> r.repositoryName("over-ssh")).repositoryMetadata().kmsKeyId();
        String denied = identities()
                .replace("""
                      - name: developer
                        groups: [developers]
                """, """
                      - name: developer
                        groups: [developers]
                        policies: [DenyRepositoryKey]
                """)
                .replace("""
                      - name: DenyGit
                """, """
                      - name: DenyRepositoryKey
                        document:
                          Version: "2012-10-17"
                          Statement:
                            - Effect: Deny
                              Action: kms:Decrypt
                              Resource: "%s"
                      - name: DenyGit
                """.formatted(keyArn));
        assertTrue(denied.contains("DenyRepositoryKey]"), "the identities changed shape");
        stack.useIdentities(denied);
        try {
            StockGit.Result clone = developer.git("developer").run(WORK, "clone", developer.url("over-ssh"),
                    WORK.resolve("key-denied").toString());
            assertNotEquals(0, clone.exitCode());
            assertTrue(clone.err().contains("kms:Decrypt") && clone.err().contains(keyArn), clone.err());
        } finally {
            stack.useIdentities(identities());
        }
        developer.git("developer").ok(WORK, "clone", "-q", developer.url("over-ssh"),
                WORK.resolve("key-allowed").toString());
    }

    /** What a plain ssh command did. */
    private record Ssh(int exitCode, String err) {
    }

    private static Ssh ssh(Key key, List<String> options, String... command) throws Exception {
        List<String> line = new ArrayList<>(StockGit.ssh(key.privateKey(), knownHosts));
        line.addAll(options);
        line.addAll(List.of("-p", Integer.toString(CofferStack.sshPort(stack.repo)), key.id() + "@localhost"));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "ssh did not finish");
        return new Ssh(process.exitValue(), err);
    }

    private static Key keygen(String name, String type, String id) throws Exception {
        Path file = WORK.resolve("keys").resolve(name);
        Files.createDirectories(file.getParent());
        List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C", name + "@e2e",
                "-f", file.toString()));
        if (type.equals("rsa")) {
            command.addAll(List.of("-b", "3072"));
        }
        Process keygen = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(keygen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keygen.waitFor(), out);
        String line = Files.readString(file.resolveSibling(name + ".pub")).strip();
        return new Key(file, line, id != null ? id : SshPublicKey.derivedId(SshPublicKey.parseBlob(line)));
    }

    /** known_hosts lines for the server's published host keys, as an operator hands them to users. */
    private static String knownHostsLines(Path hostKeys) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (String file : List.of("ssh_host_ed25519_key.pub", "ssh_host_rsa_key.pub")) {
            String[] parts = Files.readString(hostKeys.resolve(file)).strip().split(" ");
            lines.append("[localhost]:").append(CofferStack.sshPort(stack.repo)).append(' ').append(parts[0])
                    .append(' ').append(parts[1]).append('\n');
        }
        return lines.toString();
    }

    /** The built-in identities, plus SSH keys for developer, a user denied Git, and an inactive key. */
    private static String identities() throws IOException {
        String yaml = CofferStack.builtInIdentities();
        yaml = yaml.replace("""
                      - name: developer
                        groups: [developers]
                """, """
                      - name: developer
                        groups: [developers]
                        sshPublicKeys:
                          - body: "%s"
                          - id: %s
                            body: "%s"
                          - body: "%s"
                            status: Inactive
                """.formatted(developer.publicLine(), RSA_KEY_ID, developerRsa.publicLine(), inactive.publicLine()));
        yaml = yaml.replace("""
                      - name: auditor
                """, """
                      - name: ssh-denied
                        groups: [developers]
                        policies: [DenyGit]
                        sshPublicKeys:
                          - body: "%s"
                      - name: auditor
                """.formatted(denied.publicLine()));
        yaml = yaml.replace("""
                    policies:
                      - name: Developers
                """, """
                    policies:
                      - name: DenyGit
                        document:
                          Version: "2012-10-17"
                          Statement:
                            - Effect: Deny
                              Action: ["codecommit:GitPull", "codecommit:GitPush"]
                              Resource: "*"
                      - name: Developers
                """);
        assertTrue(yaml.contains("ssh-denied") && yaml.contains("DenyGit"), "the built-in identities changed shape");
        return yaml;
    }

    /** Git records of the SSH test repository over one protocol. */
    private static List<JsonNode> git(List<ConsumerRecord<String, String>> seen, String event, String protocol) {
        return EventRecords.payloads(seen).stream().filter(p -> event.equals(p.path("eventName").asText()))
                .filter(p -> repositoryId.equals(p.path("additionalEventData").path("repositoryId").asText()))
                .filter(p -> protocol.equals(p.path("additionalEventData").path("protocol").asText())).toList();
    }

    private static boolean isSshDataKeyCall(JsonNode record) {
        return "GenerateDataKey".equals(record.path("eventName").asText())
                && developer.id().equals(record.path("userIdentity").path("accessKeyId").asText())
                && record.path("userIdentity").has("invokedBy");
    }

    private static List<String> cryptoTypes(List<ConsumerRecord<String, String>> seen) {
        return seen.stream().filter(r -> repositoryId.equals(r.key()))
                .map(r -> EventRecords.json(r.value()).path("type").asText()).toList();
    }
}
