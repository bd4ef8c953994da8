package io.coffer.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.deploy.LocalCertificateAuthority;
import io.coffer.testsupport.FreePorts;
import io.coffer.testsupport.KafkaBroker;
import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The whole stack for end-to-end tests: a real Kafka broker, a fresh PostgreSQL database on the local server, and
 * the four packaged services as processes, with two key-service replicas to exercise exactly-once provisioning;
 * the console on demand.
 */
final class CofferStack implements AutoCloseable {

    static final String DATABASE = "coffer_e2e";
    /** The PostgreSQL server the tests share (a test that crashes its server brings a {@link PostgresProcess}). */
    static final int LOCAL_POSTGRES_PORT = 5432;
    /** repo-service's blob store: ciphertext of every stored Git file. */
    static final Path BLOBS = Path.of("target", "e2e-blobs");
    /** The identities file every service reads; tests rewrite it with {@link #useIdentities}. */
    /** repo-service's SSH host keys, shared by its instances as a deployment shares them. */
    static final Path SSH_HOST_KEYS = Path.of("target", "e2e-ssh-host-keys").toAbsolutePath();
    static final Path IDENTITIES = Path.of("target", "e2e-identities.yaml").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    final ServiceProcess repo;
    final ServiceProcess keyA;
    final ServiceProcess keyB;
    final ServiceProcess crypto;
    final ServiceProcess audit;
    private final int databasePort;
    private final Map<String, String> repoProperties;
    private final Map<String, String> common;
    private final Path cryptoSocket;
    private final List<ServiceProcess> all = new ArrayList<>();
    /** Started by the first {@link #console()}: only the console's tests pay for it. */
    private ServiceProcess console;

    CofferStack() throws Exception {
        this(Map.of());
    }

    /** @param repoSettings configuration of repo-service beyond what the tests' stack gives it */
    CofferStack(Map<String, String> repoSettings) throws Exception {
        this(KafkaBroker.bootstrapServers(), LOCAL_POSTGRES_PORT, repoSettings);
    }

    /**
     * @param bootstrap    the Kafka cluster (the tests' in-JVM broker, or a {@link BrokerProcess} a test can kill)
     * @param databasePort the PostgreSQL server on 127.0.0.1 (the shared one, or a {@link PostgresProcess})
     * @param repoSettings configuration of repo-service beyond what the tests' stack gives it
     */
    CofferStack(String bootstrap, int databasePort, Map<String, String> repoSettings) throws Exception {
        this.databasePort = databasePort;
        LocalTls.install();
        recreateDatabase();
        Files.writeString(IDENTITIES, builtInIdentities());
        common = Map.ofEntries(
                Map.entry("coffer.identity.reload-interval", "250ms"),
                Map.entry("kafka.bootstrap.servers", bootstrap),
                Map.entry("coffer.db.port", Integer.toString(databasePort)),
                Map.entry("coffer.db.name", DATABASE),
                Map.entry("coffer.root-key-file", Path.of("target", "e2e-root.key").toAbsolutePath().toString()),
                Map.entry("coffer.audit.digest.signing-key-file",
                        Path.of("target", "e2e-audit-digest.pem").toAbsolutePath().toString()));
        keyA = add(new ServiceProcess("key-service", "key-service-a", common));
        Map<String, String> cryptoProperties = new HashMap<>(common);
        cryptoProperties.put("coffer.crypto.key-service-url", keyA.uri("").toString());
        // repo-service calls crypto-service on its Unix domain socket, as deploy/local does (a fresh private
        // directory: a socket path has to be short)
        cryptoSocket = Files.createTempDirectory("coffer-e2e").resolve("crypto-service.sock");
        cryptoProperties.put("quarkus.http.domain-socket-enabled", "true");
        cryptoProperties.put("quarkus.http.domain-socket", cryptoSocket.toString());
        // the bound: any message size streams through a 256 MiB heap
        crypto = new ServiceProcess("crypto-service", "crypto-service", cryptoProperties).maxHeap("256m");
        repoProperties = new HashMap<>(common);
        repoProperties.put("coffer.repo.key-service-url", keyA.uri("").toString());
        repoProperties.put("coffer.repo.git.crypto-service-url", crypto.uri("").toString());
        repoProperties.put("coffer.repo.git.crypto-service-socket", cryptoSocket.toString());
        repoProperties.put("coffer.repo.git.blob-root", BLOBS.toAbsolutePath().toString());
        repoProperties.put("coffer.repo.ssh.host-key-dir", SSH_HOST_KEYS.toString());
        // small limits, so GitOverSshIT can show them holding
        repoProperties.put("coffer.repo.ssh.max-connections", "8");
        repoProperties.put("coffer.repo.ssh.auth-timeout", "PT10S");
        repoProperties.put("coffer.repo.ssh.max-unauthenticated-per-source", "3");
        repoProperties.putAll(repoSettings);
        repo = add(new ServiceProcess("repo-service", "repo-service", withSshPort(repoProperties)));
        keyB = add(new ServiceProcess("key-service", "key-service-b", common));
        add(crypto);
        audit = add(new ServiceProcess("audit-service", "audit-service", common));
        try {
            // key-service first, alone, so the two replicas do not race to create the same schema
            keyA.start().awaitReady(Duration.ofSeconds(120));
            for (ServiceProcess service : List.of(repo, keyB, crypto, audit)) {
                service.start();
            }
            for (ServiceProcess service : all) {
                service.awaitReady(Duration.ofSeconds(120));
            }
        } catch (Exception | Error e) {
            // one service that did not start leaves none of the others running
            close();
            throw e;
        }
    }

    /** crypto-service's Unix domain socket, which repo-service calls it on. */
    Path cryptoSocket() {
        return cryptoSocket;
    }

    /** The AWS SDK's CodeCommit client, pointed at this stack's repo-service. */
    CodeCommitClient codeCommit(String region, AwsCredentialsProvider credentials) {
        return CodeCommitClient.builder().endpointOverride(repo.uri("/")).region(Region.of(region))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** The AWS SDK's KMS client, pointed at this stack's first key-service, as the built-in local identity. */
    KmsClient kms(String region) {
        return KmsClient.builder().endpointOverride(keyA.uri("/")).region(Region.of(region))
                .credentialsProvider(LocalIdentity.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /**
     * The web console, calling this stack's repo-service, first key-service and audit-service; started and ready on
     * first use. It is no service of the identities file (it signs as its users), so {@link #running()} leaves it out.
     */
    synchronized ServiceProcess console() throws Exception {
        if (console == null) {
            console = new ServiceProcess("console", "console", Map.of(
                    "coffer.console.repo-service-url", repo.uri("").toString(),
                    "coffer.console.key-service-url", keyA.uri("").toString(),
                    "coffer.console.audit-service-url", audit.uri("").toString()));
            console.start().awaitReady(Duration.ofSeconds(120));
        }
        return console;
    }

    /** Another repo-service instance on the same database and blob store, started and ready. */
    ServiceProcess anotherRepoService(String name) throws Exception {
        ServiceProcess another = add(new ServiceProcess("repo-service", name, withSshPort(repoProperties)));
        another.start().awaitReady(Duration.ofSeconds(120));
        return another;
    }

    /** Another audit-service instance on the same broker and database, started and ready. */
    ServiceProcess anotherAuditService(String name) throws Exception {
        ServiceProcess another = add(new ServiceProcess("audit-service", name, common));
        another.start().awaitReady(Duration.ofSeconds(120));
        return another;
    }

    /** S3Proxy over HTTPS with the stack's certificate: a real S3 server for repo-service's S3 blob store. */
    static S3ProxyServer s3Server(Path directory) throws Exception {
        Path keyStore = LocalCertificateAuthority.writeServerKeyStore(LocalTls.install(), "changeit".toCharArray());
        return S3ProxyServer.startHttps(Files.createDirectories(directory), keyStore, "changeit");
    }

    /** repo-service settings that keep its Git data in {@code bucket} of {@code server}. */
    static Map<String, String> s3BlobStore(S3ProxyServer server, String bucket) {
        return Map.of("coffer.repo.git.blob-store", "s3",
                "coffer.repo.git.s3.endpoint", server.endpoint().toString(),
                "coffer.repo.git.s3.bucket", bucket,
                "coffer.repo.git.s3.path-style", "true",
                "coffer.repo.git.s3.access-key-id", S3ProxyServer.ACCESS_KEY_ID,
                "coffer.repo.git.s3.secret-access-key", S3ProxyServer.SECRET_ACCESS_KEY);
    }

    /** A repo-service instance's properties with a Git-over-SSH port of its own. */
    private static Map<String, String> withSshPort(Map<String, String> properties) throws IOException {
        Map<String, String> own = new HashMap<>(properties);
        int port = FreePorts.next();
        own.put("coffer.repo.ssh.port", Integer.toString(port));
        own.put("coffer.repo.ssh.clone-url-base", "ssh://localhost:" + port);
        return own;
    }

    /** The port a repo-service instance serves Git over SSH on. */
    static int sshPort(ServiceProcess repo) {
        return Integer.parseInt(repo.property("coffer.repo.ssh.port"));
    }

    /** The identities file every service process reads; the built-in local identities until a test changes it. */
    static synchronized Path identitiesFile() throws IOException {
        if (!Files.exists(IDENTITIES)) {
            Files.writeString(IDENTITIES, builtInIdentities());
        }
        return IDENTITIES;
    }

    /** The built-in local identities: admin, developer, auditor and the service principals. */
    static String builtInIdentities() throws IOException {
        try (InputStream in = CofferStack.class.getResourceAsStream("/META-INF/coffer/identities-local.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Puts {@code yaml} in force as every service's identities file, as an operator would (a new file moved into
     * place), and returns once every running service reports its version in force.
     */
    void useIdentities(String yaml) throws Exception {
        String version = offerIdentities(yaml);
        for (ServiceProcess service : running()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            JsonNode check = identitiesCheck(service);
            while (!version.equals(check.path("data").path("version").asText())) {
                if (System.nanoTime() > deadline) {
                    // a refusal shown may be of an earlier file, until this one is read: so only now is it news
                    throw new AssertionError(service + " did not take identities version " + version + ": "
                            + check.path("data").path("refused").asText("no refusal"));
                }
                Thread.sleep(50);
                check = identitiesCheck(service);
            }
        }
    }

    /** Moves {@code yaml} into place as the identities file, without waiting; returns its version (SHA-256). */
    String offerIdentities(String yaml) throws Exception {
        byte[] bytes = yaml.getBytes(StandardCharsets.UTF_8);
        Path next = IDENTITIES.resolveSibling(IDENTITIES.getFileName() + ".next");
        Files.write(next, bytes);
        Files.move(next, IDENTITIES, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** The {@code identities} entry of a service's readiness report: the version in force, and any refusal. */
    static JsonNode identitiesCheck(ServiceProcess service) throws Exception {
        JsonNode health = JSON.readTree(LocalTls.HTTP.send(HttpRequest.newBuilder(service.uri("/q/health/ready"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode check : health.path("checks")) {
            if ("identities".equals(check.path("name").asText())) {
                return check;
            }
        }
        throw new AssertionError(service + " reports no identities check: " + health);
    }

    List<ServiceProcess> running() {
        return all.stream().filter(ServiceProcess::running).toList();
    }

    private ServiceProcess add(ServiceProcess service) {
        all.add(service);
        return service;
    }

    /** The JDBC URL of the stack's database. */
    String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "");
    }

    /** A connection to the server's {@code postgres} database, to act on the stack's database as an operator. */
    Connection connectToServer() throws SQLException {
        return DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + databasePort + "/" + database;
    }

    /** Deletes a directory and everything in it, if it exists. */
    static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private void recreateDatabase() throws SQLException, IOException {
        try (Connection c = connectToServer();
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + DATABASE + " with (force)");
            s.execute("create database " + DATABASE);
        }
        deleteTree(BLOBS);
    }

    @Override
    public void close() throws InterruptedException, IOException {
        if (console != null) {
            console.stop();
        }
        for (ServiceProcess service : all) {
            service.stop();
        }
        deleteTree(cryptoSocket.getParent());
    }
}
