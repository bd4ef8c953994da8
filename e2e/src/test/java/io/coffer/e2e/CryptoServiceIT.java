package io.coffer.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.crypto.client.CryptoClient;
import io.coffer.crypto.client.CryptoTransport;
import io.coffer.events.Topics;
import io.coffer.kernel.AwsException;
import io.coffer.testsupport.KafkaBroker;
import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.TopicProbe;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * crypto-service as a user of the product meets it: packaged, talking to key-service over the KMS API, called through
 * {@link CryptoClient}; its messages checked against the AWS Encryption SDK with a KMS keyring aimed at key-service.
 */
class CryptoServiceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REGION = "eu-west-1";
    private static final int FRAME = 65536;
    private static CofferStack stack;
    private static KmsClient kms;
    private static String keyArn;
    private static CryptoClient crypto;

    @BeforeAll
    static void startStack() throws Exception {
        stack = new CofferStack();
        kms = stack.kms(REGION);
        keyArn = kms.createKey(r -> r.description("crypto-service e2e")).keyMetadata().arn();
        var identity = LocalIdentity.credentials().resolveCredentials();
        crypto = new CryptoClient(stack.crypto.uri("/"), identity.accessKeyId(), identity.secretAccessKey(),
                SSLContext.getDefault());
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (kms != null) {
            kms.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static Map<String, String> repository(String id) {
        return Map.of("aws:codecommit:id", id);
    }

    private static byte[] encrypt(Map<String, String> context, byte[] plaintext) throws IOException {
        try (InputStream message = crypto.encrypt(REGION, context, keyArn, () -> new ByteArrayInputStream(plaintext))
                .message()) {
            return message.readAllBytes();
        }
    }

    private static byte[] decrypt(Map<String, String> context, byte[] message) throws IOException {
        try (InputStream plaintext = crypto.decrypt(REGION, context, () -> new ByteArrayInputStream(message))) {
            return plaintext.readAllBytes();
        }
    }

    private static AwsCrypto encryptionSdk() {
        return AwsCrypto.builder().withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
                .withEncryptionAlgorithm(CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY).build();
    }

    private static IKeyring kmsKeyring() {
        return MaterialProviders.builder().MaterialProvidersConfig(MaterialProvidersConfig.builder().build()).build()
                .CreateAwsKmsKeyring(CreateAwsKmsKeyringInput.builder().kmsKeyId(keyArn).kmsClient(kms).build());
    }

    @Test
    void givenMessageFromCryptoService_whenEncryptionSdkDecryptsWithKmsKeyring_thenPlaintext() throws IOException {
        byte[] plaintext = new byte[2 * FRAME + 123];
        new Random(1).nextBytes(plaintext);
        Map<String, String> context = repository("interop-1");
        byte[] message = encrypt(context, plaintext);
        var result = encryptionSdk().decryptData(kmsKeyring(), message, context);
        assertArrayEquals(plaintext, result.getResult());
        assertEquals(CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY, result.getCryptoAlgorithm());
    }

    @Test
    void givenMessageFromEncryptionSdk_whenDecryptedThroughCryptoService_thenPlaintext() throws IOException {
        byte[] plaintext = new byte[3 * 4096 + 5];
        new Random(2).nextBytes(plaintext);
        Map<String, String> context = repository("interop-2");
        byte[] message = encryptionSdk().encryptData(kmsKeyring(), plaintext, context).getResult();
        assertArrayEquals(plaintext, decrypt(context, message));
    }

    @Test
    void givenDomainSocket_whenCalledSignedAndUnsigned_thenSameServiceAndSameAuthentication() throws Exception {
        var identity = LocalIdentity.credentials().resolveCredentials();
        CryptoClient local = new CryptoClient(stack.crypto.uri("/"),
                CryptoTransport.sockets(stack.cryptoSocket(), SSLContext.getDefault()), identity.accessKeyId(),
                identity.secretAccessKey());
        byte[] plaintext = new byte[3 * FRAME + 17];
        new Random(7).nextBytes(plaintext);
        Map<String, String> context = repository("socket-1");
        byte[] message;
        try (InputStream in = local.encrypt(REGION, context, keyArn, () -> new ByteArrayInputStream(plaintext))
                .message()) {
            message = in.readAllBytes();
        }
        // one service behind both doors: what one sealed the other opens
        assertArrayEquals(plaintext, decrypt(context, message));
        byte[] overTls = encrypt(context, plaintext);
        try (InputStream in = local.decrypt(REGION, context, () -> new ByteArrayInputStream(overTls))) {
            assertArrayEquals(plaintext, in.readAllBytes());
        }
        // the socket is no way around authentication: an unsigned request is refused as over TLS
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(stack.cryptoSocket()))) {
            channel.write(ByteBuffer.wrap(("POST /v1/encrypt HTTP/1.1\r\nhost: localhost\r\ncontent-length: 5\r\n"
                    + "connection: close\r\n\r\nhello").getBytes(StandardCharsets.US_ASCII)));
            String answer = new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
            assertTrue(answer.contains("\"__type\":\"MissingAuthenticationTokenException\""), answer);
            assertFalse(answer.contains("hello"), answer);
        }
    }

    @Test
    void givenOtherContext_whenDecrypted_thenMismatchNamingKeysNotValues() throws IOException {
        byte[] message = encrypt(Map.of("aws:codecommit:id", "secret-repo-value", "extra", "x"), new byte[10]);
        AwsException e = assertThrows(AwsException.class, () -> decrypt(Map.of("aws:codecommit:id", "other-value",
                "wanted", "y"), message));
        assertEquals("EncryptionContextMismatchException", e.errorType());
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("aws:codecommit:id") && e.getMessage().contains("wanted")
                && e.getMessage().contains("extra"), e.getMessage());
        assertFalse(e.getMessage().contains("secret-repo-value") || e.getMessage().contains("other-value"));
    }

    @Test
    void givenTamperedMessages_whenDecrypted_thenRefusedNeverPlaintext() throws IOException {
        Map<String, String> context = repository("tamper");
        byte[] message = encrypt(context, new byte[3 * FRAME + 10]);
        byte[] header = message.clone();
        header[40] ^= 1;
        AwsException badHeader = assertThrows(AwsException.class, () -> decrypt(context, header));
        assertEquals("BadCiphertextException", badHeader.errorType());
        for (int at : new int[] {message.length - 3 * FRAME, message.length - 2 * FRAME, message.length - 20,
                message.length - 1}) {
            byte[] frame = message.clone();
            frame[at] ^= 1;
            assertRefused(() -> decrypt(context, frame), "byte " + at);
        }
        assertRefused(() -> decrypt(context, Arrays.copyOf(message, message.length - 1)), "truncated");
    }

    @Test
    void givenEveryByteOfAHeaderAndAFrameFlipped_whenDecrypted_thenEachRefusedWithA4xx_andTheServiceAnswersNext()
            throws IOException {
        Map<String, String> context = repository("every-byte");
        int headerLength;
        byte[] message;
        try (InputStream sealed = crypto.encrypt(REGION, context, keyArn,
                () -> new ByteArrayInputStream(new byte[FRAME + 10])).message()) {
            message = sealed.readAllBytes();
        }
        try (InputStream sealed = crypto.encrypt(REGION, context, keyArn,
                () -> new ByteArrayInputStream(new byte[1])).message()) {
            // the header's length does not depend on the plaintext's
            headerLength = sealed.readAllBytes().length - (4 + 4 + 12 + 4 + 1 + 16);
        }
        // every byte of the header, then the first frame's sequence number, IV, first and last ciphertext bytes
        // and tag, then every byte of the final frame
        List<Integer> positions = new java.util.ArrayList<>();
        for (int at = 0; at < headerLength; at++) {
            positions.add(at);
        }
        for (int at : new int[] {0, 3, 4, 15, 16, 17, 16 + FRAME - 1, 16 + FRAME, 16 + FRAME + 15}) {
            positions.add(headerLength + at);
        }
        for (int at = headerLength + 16 + FRAME + 16; at < message.length; at++) {
            positions.add(at);
        }
        for (int at : positions) {
            byte[] tampered = message.clone();
            tampered[at] ^= 0x40;
            Exception e = assertThrows(Exception.class, () -> decrypt(context, tampered), "byte " + at);
            assertTrue(e instanceof IOException || e instanceof AwsException aws && aws.status() >= 400
                    && aws.status() < 500, "byte " + at + ": " + e);
        }
        assertEquals(FRAME + 10, decrypt(context, message).length);
    }

    /**
     * A bad frame found before the answer started (the service holds up to 1 MiB of it) is a plain error; found
     * later, it cuts the streaming answer: either way the reader sees an error, never a clean end.
     */
    private static void assertRefused(Executable decrypt, String what) {
        Exception e = assertThrows(Exception.class, decrypt, what);
        assertTrue(e instanceof IOException
                || e instanceof AwsException aws && aws.errorType().equals("BadCiphertextException"), what + ": " + e);
    }

    @Test
    void givenCallerHangingUpMidAnswer_whenDecrypting_thenTheServiceEndsItQuietly_andAnswersTheNextCall()
            throws Exception {
        // 8 MiB: far more than the connection's buffers hold, so the service is still writing when the caller leaves
        byte[] plaintext = new byte[128 * FRAME];
        new Random(4).nextBytes(plaintext);
        Map<String, String> context = repository("hang-up");
        byte[] message = encrypt(context, plaintext);
        long logMark = Files.size(stack.crypto.log());
        try (InputStream in = crypto.decrypt(REGION, context, () -> new ByteArrayInputStream(message))) {
            assertEquals(FRAME, in.readNBytes(new byte[FRAME], 0, FRAME));
        }
        // the service finds out at its next write to the closed connection
        Thread.sleep(2_000);
        assertArrayEquals(plaintext, decrypt(context, message));
        byte[] log = Files.readAllBytes(stack.crypto.log());
        String since = new String(log, (int) logMark, log.length - (int) logMark, StandardCharsets.UTF_8);
        assertFalse(since.contains("Internal failure") || since.contains("aborted mid-stream"), since);
    }

    @Test
    void givenRanges_whenReadByFrameRuns_thenExactlyThoseBytes() throws IOException {
        byte[] plaintext = new byte[5 * FRAME + 777];
        new Random(3).nextBytes(plaintext);
        Map<String, String> context = repository("random-access");
        byte[] message = encrypt(context, plaintext);
        // the header ends where the first frame starts; frames are fixed-size, the final one shorter
        int headerLength = message.length - (5 * (4 + 12 + FRAME + 16) + (4 + 4 + 12 + 4 + 777 + 16));
        byte[] header = Arrays.copyOf(message, headerLength);
        long frameSize = 4 + 12 + FRAME + 16;
        int frames = 6;
        int[][] ranges = {{0, 10}, {FRAME - 5, FRAME + 5}, {FRAME, 2 * FRAME}, {2 * FRAME + 1, 5 * FRAME + 700},
                {plaintext.length - 3, plaintext.length}};
        String session = UUID.randomUUID().toString();
        for (int[] range : ranges) {
            int first = range[0] / FRAME + 1;
            int last = (range[1] - 1) / FRAME + 1;
            int from = (int) (headerLength + (first - 1) * frameSize);
            int to = last == frames ? message.length : (int) (headerLength + last * frameSize);
            byte[] run;
            try (InputStream in = crypto.decryptFrames(REGION, context, header, first,
                    () -> new ByteArrayInputStream(message, from, to - from), session)) {
                run = in.readAllBytes();
            }
            int skip = range[0] - (first - 1) * FRAME;
            assertArrayEquals(Arrays.copyOfRange(plaintext, range[0], range[1]),
                    Arrays.copyOfRange(run, skip, skip + range[1] - range[0]), Arrays.toString(range));
        }
        String messageId = crypto.encrypt(REGION, context, keyArn, () -> new ByteArrayInputStream(new byte[1]))
                .messageId();
        assertEquals(64, messageId.length());
    }

    @Test
    void givenCache_whenThousandSmallMessages_thenAtMostTwoGenerateDataKeyCalls() throws Exception {
        Map<String, String> context = repository("cached-" + UUID.randomUUID());
        double before = kmsCalls("GenerateDataKey");
        for (int i = 0; i < 1000; i++) {
            encrypt(context, ("object " + i).getBytes());
        }
        double calls = kmsCalls("GenerateDataKey") - before;
        assertTrue(calls >= 1 && calls <= 2, "GenerateDataKey calls: " + calls);
    }

    @Test
    void givenMessage_whenEncryptedAndDecrypted_thenOneEventEachAndKmsCallsInvokedByCryptoService() throws Exception {
        String repositoryId = "events-" + UUID.randomUUID();
        byte[] message = encrypt(repository(repositoryId), new byte[1000]);
        decrypt(repository(repositoryId), message);
        List<ConsumerRecord<String, String>> events = new TopicProbe(KafkaBroker.bootstrapServers())
                .readUntil(Topics.CRYPTO_EVENTS, Duration.ofSeconds(30), seen -> seen.stream()
                        .filter(r -> repositoryId.equals(r.key())).count() >= 2);
        List<JsonNode> mine = events.stream().filter(r -> repositoryId.equals(r.key())).map(r -> {
            try {
                return JSON.readTree(r.value());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertEquals(List.of("DataEncrypted", "DataDecrypted"),
                mine.stream().map(e -> e.get("type").asText()).toList());
        JsonNode encrypted = mine.get(0).get("payload");
        assertEquals(1000, encrypted.get("plaintextBytes").asLong());
        assertEquals(keyArn, encrypted.get("keyArn").asText());
        assertEquals("AES_256_GCM_HKDF_SHA512_COMMIT_KEY", encrypted.get("algorithmSuite").asText());
        assertEquals(encrypted.get("messageId"), mine.get(1).get("payload").get("messageId"));
        assertEquals("AKIAIOSFODNN7EXAMPLE", mine.get(0).get("actor").get("accessKeyId").asText());

        List<ConsumerRecord<String, String>> audit = new TopicProbe(KafkaBroker.bootstrapServers())
                .readUntil(Topics.AUDIT_RECORDS, Duration.ofSeconds(30), seen -> seen.stream()
                        .anyMatch(r -> r.value().contains(repositoryId) && r.value().contains("\"Decrypt\"")));
        JsonNode decrypt = JSON.readTree(audit.stream().filter(r -> r.value().contains(repositoryId)
                && r.value().contains("\"Decrypt\"")).findFirst().orElseThrow().value()).get("payload");
        assertEquals("crypto.coffer.internal", decrypt.get("userIdentity").get("invokedBy").asText());
        assertEquals("admin", decrypt.get("userIdentity").get("userName").asText());
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void givenTwoGibStream_whenEncryptedAndDecrypted_thenIdenticalWithinA256MibHeap() throws Exception {
        long size = 2L * 1024 * 1024 * 1024;
        Map<String, String> context = repository("large");
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong maxHeap = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                maxHeap.accumulateAndGet(heapUsed(), Math::max);
                sleep(200);
            }
        });
        sampler.start();
        CryptoClient.Encrypted encrypted = crypto.encrypt(REGION, context, keyArn, () -> new PatternStream(size, sent));
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        long length = 0;
        try (InputStream plaintext = crypto.decrypt(REGION, context, encrypted::message)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = plaintext.read(buffer)) >= 0;) {
                received.update(buffer, 0, n);
                length += n;
            }
        } finally {
            running.set(false);
            sampler.join();
        }
        assertEquals(size, length);
        assertArrayEquals(sent.digest(), received.digest());
        System.out.printf("2 GiB through crypto-service (encrypt piped into decrypt): max heap used %d MiB of 256%n",
                maxHeap.get() >> 20);
        assertTrue(maxHeap.get() < 256L << 20, "heap used " + maxHeap.get());
    }

    private static final Pattern HEAP =
            Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\",id=\"[^\"]+\"} ([0-9.E+]+)");
    private static final Pattern KMS_CALLS = Pattern.compile(
            "coffer_crypto_kms_calls_total\\{operation=\"([A-Za-z]+)\"} ([0-9.E+]+)");

    private static long heapUsed() {
        Matcher m = HEAP.matcher(metrics());
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return (long) sum;
    }

    private static double kmsCalls(String operation) {
        Matcher m = KMS_CALLS.matcher(metrics());
        while (m.find()) {
            if (m.group(1).equals(operation)) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }

    private static String metrics() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(stack.crypto.managementUri("/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code size} bytes of a cheap non-repeating pattern, digested as they are read. */
    private static final class PatternStream extends InputStream {
        private final long size;
        private final MessageDigest digest;
        private long position;

        PatternStream(long size, MessageDigest digest) {
            this.size = size;
            this.digest = digest;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                long p = position + i;
                b[off + i] = (byte) (p ^ (p >>> 11) ^ (p >>> 23));
            }
            digest.update(b, off, n);
            position += n;
            return n;
        }
    }
}
