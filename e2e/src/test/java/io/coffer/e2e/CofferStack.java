package io.coffer.e2e;

import io.coffer.testsupport.KafkaBroker;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The whole stack for end-to-end tests: a real Kafka broker, a fresh PostgreSQL database on the local server, and
 * the four packaged services as processes, with two key-service replicas to exercise exactly-once provisioning.
 */
final class CofferStack implements AutoCloseable {

    static final String DATABASE = "coffer_e2e";
    static final String JDBC_ROOT = "jdbc:postgresql://127.0.0.1:5432/postgres";
    static final String JDBC_E2E = "jdbc:postgresql://127.0.0.1:5432/" + DATABASE;

    final ServiceProcess repo;
    final ServiceProcess keyA;
    final ServiceProcess keyB;
    final ServiceProcess crypto;
    final ServiceProcess audit;
    private final List<ServiceProcess> all = new ArrayList<>();

    CofferStack() throws Exception {
        recreateDatabase();
        String bootstrap = KafkaBroker.bootstrapServers();
        Map<String, String> common = Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "coffer.db.name", DATABASE,
                "coffer.root-key-file", Path.of("target", "e2e-root.key").toAbsolutePath().toString(),
                "coffer.audit.digest.signing-key-file",
                Path.of("target", "e2e-audit-digest.pem").toAbsolutePath().toString());
        keyA = add(new ServiceProcess("key-service", "key-service-a", common));
        Map<String, String> repoProperties = new java.util.HashMap<>(common);
        repoProperties.put("coffer.repo.key-service-url", "http://localhost:" + keyA.port());
        repo = add(new ServiceProcess("repo-service", "repo-service", repoProperties));
        keyB = add(new ServiceProcess("key-service", "key-service-b", common));
        Map<String, String> cryptoProperties = new java.util.HashMap<>(common);
        cryptoProperties.put("coffer.crypto.key-service-url", "http://localhost:" + keyA.port());
        // the bound: any message size streams through a 256 MiB heap
        crypto = add(new ServiceProcess("crypto-service", "crypto-service", cryptoProperties).maxHeap("256m"));
        audit = add(new ServiceProcess("audit-service", "audit-service", common));
        // key-service first, alone, so the two replicas do not race to create the same schema
        keyA.start().awaitReady(Duration.ofSeconds(120));
        for (ServiceProcess service : List.of(repo, keyB, crypto, audit)) {
            service.start();
        }
        for (ServiceProcess service : all) {
            service.awaitReady(Duration.ofSeconds(120));
        }
    }

    private ServiceProcess add(ServiceProcess service) {
        all.add(service);
        return service;
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(JDBC_E2E, "postgres", "");
    }

    private static void recreateDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(JDBC_ROOT, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + DATABASE + " with (force)");
            s.execute("create database " + DATABASE);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (ServiceProcess service : all) {
            service.stop();
        }
    }
}
