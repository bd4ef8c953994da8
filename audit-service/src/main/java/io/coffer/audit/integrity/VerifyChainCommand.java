package io.coffer.audit.integrity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The operators' verifier: walks the chain straight from PostgreSQL, independent of a running audit-service, and
 * prints the report as JSON. Exit status 0 if the chain holds, 1 if it is broken, 2 on bad usage.
 *
 * <pre>
 * java -cp 'audit-service/target/quarkus-app/app/*:audit-service/target/quarkus-app/lib/main/*' \
 *   io.coffer.audit.integrity.VerifyChainCommand --jdbc-url jdbc:postgresql://127.0.0.1:5432/coffer \
 *   --user postgres --public-key digest.pub[,retired.pub...] [--from 2026-11-26T00:00:00Z] [--to ...]
 * </pre>
 */
public final class VerifyChainCommand {

    private VerifyChainCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = new HashMap<>(Map.of("--user", "postgres", "--password", "",
                "--schema", "coffer_audit"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        if (args.length % 2 != 0 || !options.containsKey("--jdbc-url") || !options.containsKey("--public-key")) {
            err.println("usage: VerifyChainCommand --jdbc-url <url> --public-key <pem file>[,<retired key pem>...]"
                    + " [--user <user>]"
                    + " [--password <password>] [--schema coffer_audit] [--from <ISO time>] [--to <ISO time>]");
            return 2;
        }
        try (Connection connection = DriverManager.getConnection(options.get("--jdbc-url"), options.get("--user"),
                options.get("--password"))) {
            connection.setSchema(options.get("--schema"));
            connection.setReadOnly(true);
            List<PublicKey> keys = new ArrayList<>();
            for (String file : options.get("--public-key").split(",")) {
                keys.add(SigningKeys.readPublicKey(Path.of(file)));
            }
            ChainVerifier.Report report = new ChainVerifier(connection, keys)
                    .verify(time(options.get("--from")), time(options.get("--to")));
            out.println(new ObjectMapper().registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(report));
            return report.valid() ? 0 : 1;
        } catch (Exception e) {
            err.println("cannot verify the audit chain: " + e);
            return 2;
        }
    }

    private static Instant time(String value) {
        return value == null ? null : Instant.parse(value);
    }
}
