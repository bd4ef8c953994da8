package io.coffer.e2e;

import io.coffer.crypto.client.CryptoClient;
import io.coffer.testsupport.KafkaBroker;
import io.coffer.testsupport.LocalIdentity;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Throughput of crypto-service (not a test): encrypt and decrypt of 1 KiB, 1 MiB and 256 MiB messages through the
 * packaged service and {@link CryptoClient}, one caller, next to in-process JDK AES-256-GCM over the same bytes in
 * the same 64 KiB frames, measured in the same run. Run with {@code mvn -B -Pbench verify}; the table is printed and
 * written to {@code e2e/target/bench/crypto.md}.
 */
public final class CryptoBenchmark {

    private static final int FRAME = 65536;
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.seconds", 8));
    private static final String REGION = "us-east-2";
    private static final Map<String, String> CONTEXT = Map.of("aws:codecommit:id", "bench-repository");

    private CryptoBenchmark() {
    }

    record Result(String size, String operation, double serviceMBps, double inProcessMBps) {
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("drop database if exists coffer_bench with (force)");
            s.execute("create database coffer_bench");
        }
        Map<String, String> common = Map.of("kafka.bootstrap.servers", KafkaBroker.bootstrapServers(),
                "coffer.db.name", "coffer_bench",
                "coffer.root-key-file", Path.of("target", "bench-root.key").toAbsolutePath().toString());
        ServiceProcess keyService = new ServiceProcess("key-service", "bench-key-service", common);
        keyService.start().awaitReady(Duration.ofSeconds(120));
        Map<String, String> cryptoProperties = new java.util.HashMap<>(common);
        cryptoProperties.put("coffer.crypto.key-service-url", keyService.uri("").toString());
        ServiceProcess cryptoService = new ServiceProcess("crypto-service", "bench-crypto-service", cryptoProperties)
                .maxHeap("256m");
        List<Result> results = new ArrayList<>();
        try {
            cryptoService.start().awaitReady(Duration.ofSeconds(120));
            String keyArn;
            try (KmsClient kms = KmsClient.builder().endpointOverride(keyService.uri("/")).region(Region.of(REGION))
                    .credentialsProvider(LocalIdentity.credentials()).httpClient(UrlConnectionHttpClient.create())
                    .build()) {
                keyArn = kms.createKey(r -> r.description("crypto benchmark")).keyMetadata().arn();
            }
            var identity = LocalIdentity.credentials().resolveCredentials();
            CryptoClient client = new CryptoClient(cryptoService.uri("/"), identity.accessKeyId(),
                    identity.secretAccessKey(), SSLContext.getDefault());
            for (int size : new int[] {1024, 1 << 20, 256 << 20}) {
                byte[] plaintext = new byte[size];
                new SecureRandom().nextBytes(plaintext);
                byte[] message = encrypt(client, keyArn, plaintext);
                // warm-up of both paths, then the measured runs
                rate(() -> encrypt(client, keyArn, plaintext), size, Duration.ofSeconds(3));
                rate(() -> decrypt(client, message), size, Duration.ofSeconds(3));
                double serviceEncrypt = rate(() -> encrypt(client, keyArn, plaintext), size, MEASURE);
                double serviceDecrypt = rate(() -> decrypt(client, message), size, MEASURE);
                InProcess local = new InProcess(plaintext);
                rate(local::encrypt, size, Duration.ofSeconds(2));
                double localEncrypt = rate(local::encrypt, size, MEASURE);
                double localDecrypt = rate(local::decrypt, size, MEASURE);
                String label = size >= 1 << 20 ? (size >> 20) + " MiB" : (size >> 10) + " KiB";
                results.add(new Result(label, "encrypt", serviceEncrypt, localEncrypt));
                results.add(new Result(label, "decrypt", serviceDecrypt, localDecrypt));
                System.out.println(results.get(results.size() - 2) + "\n" + results.get(results.size() - 1));
            }
        } finally {
            cryptoService.stop();
            keyService.stop();
        }
        StringBuilder table = new StringBuilder("| message | operation | crypto-service MB/s | in-process AES-256-GCM MB/s"
                + " | ratio |\n|---|---|---|---|---|\n");
        for (Result r : results) {
            table.append(String.format("| %s | %s | %.1f | %.1f | %.2f |%n", r.size(), r.operation(), r.serviceMBps(),
                    r.inProcessMBps(), r.serviceMBps() / r.inProcessMBps()));
        }
        System.out.println(table);
        Path out = Path.of("target", "bench", "crypto.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.exit(0);
    }

    private static byte[] encrypt(CryptoClient client, String keyArn, byte[] plaintext) throws IOException {
        try (InputStream in = client.encrypt(REGION, CONTEXT, keyArn, () -> new ByteArrayInputStream(plaintext))
                .message()) {
            return in.readAllBytes();
        }
    }

    private static byte[] decrypt(CryptoClient client, byte[] message) throws IOException {
        try (InputStream in = client.decrypt(REGION, CONTEXT, () -> new ByteArrayInputStream(message))) {
            in.transferTo(OutputStream.nullOutputStream());
            return null;
        }
    }

    interface Run {
        Object run() throws Exception;
    }

    /** MB/s (10^6 bytes) of plaintext over at least {@code duration}, whole runs only. */
    private static double rate(Run run, int size, Duration duration) throws Exception {
        long start = System.nanoTime();
        long bytes = 0;
        long elapsed;
        do {
            run.run();
            bytes += size;
            elapsed = System.nanoTime() - start;
        } while (elapsed < duration.toNanos());
        return bytes / (elapsed / 1e9) / 1e6;
    }

    /** The baseline: JDK AES-256-GCM over the same bytes in the same frames, no service, no HTTP, no KMS. */
    private static final class InProcess {
        private final byte[] plaintext;
        private final byte[] ciphertext;
        private final byte[] out;
        private final Cipher cipher;
        private final SecretKeySpec key;
        private int counter;

        InProcess(byte[] plaintext) throws GeneralSecurityException {
            this.plaintext = plaintext;
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
            byte[] k = new byte[32];
            new SecureRandom().nextBytes(k);
            this.key = new SecretKeySpec(k, "AES");
            int frames = (plaintext.length + FRAME - 1) / FRAME;
            this.ciphertext = new byte[plaintext.length + frames * 16];
            this.out = new byte[ciphertext.length];
            encryptInto(ciphertext, 0);
        }

        Object encrypt() throws GeneralSecurityException {
            encryptInto(out, ++counter);
            return out;
        }

        private void encryptInto(byte[] target, int message) throws GeneralSecurityException {
            int at = 0;
            int sequence = 0;
            for (int offset = 0; offset < plaintext.length; offset += FRAME) {
                int n = Math.min(FRAME, plaintext.length - offset);
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv(message, ++sequence)));
                at += cipher.doFinal(plaintext, offset, n, target, at);
            }
        }

        Object decrypt() throws GeneralSecurityException {
            int at = 0;
            int sequence = 0;
            for (int offset = 0; offset < ciphertext.length; offset += FRAME + 16) {
                int n = Math.min(FRAME + 16, ciphertext.length - offset);
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv(0, ++sequence)));
                at += cipher.doFinal(ciphertext, offset, n, out, at);
            }
            return out;
        }

        private static byte[] iv(int message, int sequence) {
            return java.nio.ByteBuffer.allocate(12).putInt(message).putInt(8, sequence).array();
        }
    }
}
