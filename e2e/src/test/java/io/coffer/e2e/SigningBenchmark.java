package io.coffer.e2e;

import io.coffer.testsupport.KafkaBroker;
import io.coffer.testsupport.LocalIdentity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * Load generator for key-service's asymmetric and HMAC keys (not a test): Sign, Verify and GenerateMac per key
 * type through the AWS SDK against the packaged key-service (audit on, as users run it), and as the baseline the
 * same primitive with the same provider (Bouncy Castle, or the JDK's HMAC) in this process, measured in the same
 * run with the same number of threads. Run with {@code mvn -B -Pbench verify} (see BENCHMARKS.md); the table is
 * printed and written to {@code e2e/target/bench/signing.md}.
 */
public final class SigningBenchmark {

    private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmup", 5));
    /** Before measuring, every case runs this long so the freshly started service's JIT has compiled its paths. */
    private static final Duration JIT_WARMUP = Duration.ofSeconds(Long.getLong("bench.signing.jit-warmup", 4));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.seconds", 8));
    private static final int CALLERS = Integer.getInteger("bench.signing.callers", 8);
    private static final byte[] MESSAGE = "release v1.4.2 sha256:0f3c9a".getBytes(StandardCharsets.UTF_8);
    private static final Provider BC = new BouncyCastleProvider();

    /** A key type: how Coffer makes the key and names the algorithm, and the JCA names of the same primitive. */
    record Case(String name, KeySpec spec, SigningAlgorithmSpec algorithm, String keyPairAlgorithm, String curve,
            String signature) {
    }

    private static final List<Case> CASES = List.of(
            new Case("ECC_NIST_P256 ECDSA_SHA_256", KeySpec.ECC_NIST_P256, SigningAlgorithmSpec.ECDSA_SHA_256, "EC",
                    "secp256r1", "SHA256withECDSA"),
            new Case("ECC_NIST_P384 ECDSA_SHA_384", KeySpec.ECC_NIST_P384, SigningAlgorithmSpec.ECDSA_SHA_384, "EC",
                    "secp384r1", "SHA384withECDSA"),
            new Case("ECC_SECG_P256K1 ECDSA_SHA_256", KeySpec.ECC_SECG_P256_K1, SigningAlgorithmSpec.ECDSA_SHA_256,
                    "EC", "secp256k1", "SHA256withECDSA"),
            new Case("RSA_2048 RSASSA_PSS_SHA_256", KeySpec.RSA_2048, SigningAlgorithmSpec.RSASSA_PSS_SHA_256, "RSA",
                    null, "SHA256withRSAandMGF1"),
            new Case("RSA_2048 RSASSA_PKCS1_V1_5_SHA_256", KeySpec.RSA_2048,
                    SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256, "RSA", null, "SHA256withRSA"),
            new Case("ECC_NIST_EDWARDS25519 ED25519_SHA_512", KeySpec.ECC_NIST_EDWARDS25519,
                    SigningAlgorithmSpec.ED25519_SHA_512, "Ed25519", null, "Ed25519"),
            new Case("ML_DSA_65 ML_DSA_SHAKE_256", KeySpec.ML_DSA_65, SigningAlgorithmSpec.ML_DSA_SHAKE_256,
                    "ML-DSA-65", null, "ML-DSA"));

    /** Calls per second, and CPU milliseconds per call of key-service and of this JVM (the SDK client). */
    record Rate(double perSecond, double serviceCpuMillis, double clientCpuMillis) {
    }

    record Result(String key, String operation, Rate coffer, Rate inProcess) {
    }

    private static ServiceProcess keyService;

    private SigningBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("drop database if exists coffer_bench with (force)");
            s.execute("create database coffer_bench");
        }
        keyService = new ServiceProcess("key-service", "bench-key-service", Map.of(
                "kafka.bootstrap.servers", KafkaBroker.bootstrapServers(), "coffer.db.name", "coffer_bench",
                "coffer.root-key-file", Path.of("target", "bench-root.key").toAbsolutePath().toString()));
        List<Result> results = new ArrayList<>();
        try {
            keyService.start().awaitReady(Duration.ofSeconds(120));
            try (KmsClient kms = KmsClient.builder().endpointOverride(keyService.uri("/")).region(Region.US_EAST_2)
                    .credentialsProvider(LocalIdentity.credentials())
                    .httpClient(ApacheHttpClient.builder().maxConnections(128).build()).build()) {
                for (boolean measured : new boolean[] {false, true}) {
                    results.clear();
                    for (Case c : CASES) {
                        results.addAll(run(kms, c, measured));
                    }
                    results.addAll(runMac(kms, measured));
                }
            }
        } finally {
            keyService.stop();
        }
        String table = table(results);
        System.out.println(table);
        Path out = Path.of("target", "bench", "signing.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.exit(0);
    }

    private static List<Result> run(KmsClient kms, Case c, boolean measured) throws Exception {
        String keyId = kms.createKey(r -> r.keySpec(c.spec()).keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata()
                .keyId();
        SdkBytes message = SdkBytes.fromByteArray(MESSAGE);
        SdkBytes signature = kms.sign(r -> r.keyId(keyId).message(message).signingAlgorithm(c.algorithm()))
                .signature();
        Consumer<KmsClient> sign = k -> k.sign(r -> r.keyId(keyId).message(message).signingAlgorithm(c.algorithm()));
        Consumer<KmsClient> verify = k -> k.verify(r -> r.keyId(keyId).message(message).signature(signature)
                .signingAlgorithm(c.algorithm()));

        KeyPair pair = keyPair(c);
        byte[] local = jca(c).sign(pair);
        Consumer<KmsClient> signHere = k -> jca(c).sign(pair);
        Consumer<KmsClient> verifyHere = k -> {
            if (!jca(c).verify(pair, local)) {
                throw new IllegalStateException("in-process verification failed");
            }
        };
        return List.of(new Result(c.name(), "Sign", rate(kms, sign, measured), rate(kms, signHere, measured)),
                new Result(c.name(), "Verify", rate(kms, verify, measured), rate(kms, verifyHere, measured)));
    }

    private static List<Result> runMac(KmsClient kms, boolean measured) throws Exception {
        String keyId = kms.createKey(r -> r.keySpec(KeySpec.HMAC_256).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC))
                .keyMetadata().keyId();
        SdkBytes message = SdkBytes.fromByteArray(MESSAGE);
        byte[] key = new byte[32];
        Consumer<KmsClient> mac = k -> k.generateMac(r -> r.keyId(keyId).message(message)
                .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256));
        Consumer<KmsClient> macHere = k -> {
            try {
                Mac hmac = Mac.getInstance("HmacSHA256");
                hmac.init(new SecretKeySpec(key, "HmacSHA256"));
                hmac.doFinal(MESSAGE);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        };
        return List.of(new Result("HMAC_256 HMAC_SHA_256", "GenerateMac", rate(kms, mac, measured),
                rate(kms, macHere, measured)));
    }

    /** {@code operation} from {@link #CALLERS} threads, after a warm-up (nothing measured in the JIT pass). */
    private static Rate rate(KmsClient kms, Consumer<KmsClient> operation, boolean measured)
            throws InterruptedException {
        if (!measured) {
            KmsBenchmark.measure(kms, operation, CALLERS, JIT_WARMUP);
            return null;
        }
        KmsBenchmark.measure(kms, operation, CALLERS, WARMUP);
        long service = keyService.cpu().toNanos();
        long client = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
        int calls = KmsBenchmark.measure(kms, operation, CALLERS, MEASURE).length;
        long serviceCpu = keyService.cpu().toNanos() - service;
        long clientCpu = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() - client;
        return new Rate(calls / (double) MEASURE.toSeconds(), serviceCpu / 1e6 / calls, clientCpu / 1e6 / calls);
    }

    private static KeyPair keyPair(Case c) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(c.keyPairAlgorithm(), BC);
        if (c.curve() != null) {
            generator.initialize(new ECGenParameterSpec(c.curve()));
        } else if (c.keyPairAlgorithm().equals("RSA")) {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }

    /** The same primitive in this process, with a fresh Signature per call as key-service makes one. */
    private static Jca jca(Case c) {
        return new Jca(c);
    }

    private record Jca(Case c) {

        Signature signature() throws java.security.GeneralSecurityException {
            Signature signature = Signature.getInstance(c.signature(), BC);
            if (c.algorithm() == SigningAlgorithmSpec.RSASSA_PSS_SHA_256) {
                signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            }
            return signature;
        }

        byte[] sign(KeyPair pair) {
            try {
                Signature signature = signature();
                signature.initSign(pair.getPrivate());
                signature.update(MESSAGE);
                return signature.sign();
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        boolean verify(KeyPair pair, byte[] signed) {
            try {
                Signature signature = signature();
                signature.initVerify(pair.getPublic());
                signature.update(MESSAGE);
                return signature.verify(signed);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String table(List<Result> results) {
        StringBuilder out = new StringBuilder(String.format("%d callers, %d s per cell; Coffer = AWS SDK -> "
                + "key-service over HTTPS, authorized and audited; in-process = the same primitive and provider in "
                + "the benchmark's JVM. CPU ms per call: key-service, and the benchmark's JVM (the SDK client, or "
                + "the primitive in-process).%n%n| key | operation | Coffer ops/s | in-process ops/s | Coffer / "
                + "in-process | CPU ms per Coffer call: key-service, client | CPU ms per in-process op |%n"
                + "|---|---|---|---|---|---|---|%n", CALLERS, MEASURE.toSeconds()));
        for (Result r : results) {
            out.append(String.format("| %s | %s | %.0f | %.0f | %.2f | %.3f, %.3f | %.4f |%n", r.key(), r.operation(),
                    r.coffer().perSecond(), r.inProcess().perSecond(), r.coffer().perSecond()
                            / r.inProcess().perSecond(), r.coffer().serviceCpuMillis(), r.coffer().clientCpuMillis(),
                    r.inProcess().clientCpuMillis()));
        }
        return out.toString();
    }
}
