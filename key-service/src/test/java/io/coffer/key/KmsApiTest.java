package io.coffer.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.events.Database;
import io.coffer.events.Topics;
import io.coffer.key.keys.KeyProjector;
import io.coffer.testsupport.KafkaBroker;
import io.coffer.testsupport.KafkaBrokerResource;
import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.SignedHttp;
import io.coffer.testsupport.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DependencyTimeoutException;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.Tag;

/** key-service's KMS API through the official AWS SDK KmsClient, on real Kafka and PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class KmsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI endpoint;

    @Inject
    KeyProjector projector;

    @Inject
    Database database;

    @Inject
    DataSource dataSource;

    @Inject
    io.coffer.key.maintenance.KeyMaintenance maintenance;

    private KmsClient kms() {
        return KmsClient.builder().endpointOverride(endpoint).region(Region.of("eu-north-1"))
                .credentialsProvider(LocalIdentity.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** The SDK has no class for NotAuthorizedException; it arrives as a KmsException with that error code. */
    private static void assertNotAuthorized(org.junit.jupiter.api.function.Executable call) {
        KmsException e = assertThrows(KmsException.class, call);
        assertEquals("NotAuthorizedException", e.awsErrorDetails().errorCode());
    }

    private static SdkBytes bytes(String s) {
        return SdkBytes.fromString(s, StandardCharsets.UTF_8);
    }

    @Test
    void givenCustomerKey_whenLifecycleOperations_thenAwsShapesAndStates() {
        try (KmsClient kms = kms()) {
            KeyMetadata key = kms.createKey(r -> r.description("team key")
                    .tags(Tag.builder().tagKey("team").tagValue("platform").build())).keyMetadata();
            assertEquals("CUSTOMER", key.keyManagerAsString());
            assertEquals(KeyState.ENABLED, key.keyState());
            assertTrue(key.arn().endsWith(":key/" + key.keyId()));

            kms.createAlias(r -> r.aliasName("alias/team").targetKeyId(key.keyId()));
            assertThrows(AlreadyExistsException.class,
                    () -> kms.createAlias(r -> r.aliasName("alias/team").targetKeyId(key.keyId())));
            assertNotAuthorized(() -> kms.createAlias(r -> r.aliasName("alias/aws/mine").targetKeyId(key.keyId())));
            assertEquals(key.keyId(), kms.describeKey(r -> r.keyId("alias/team")).keyMetadata().keyId());
            assertEquals(key.keyId(), kms.describeKey(r -> r.keyId(
                    "arn:aws:kms:eu-north-1:111122223333:alias/team")).keyMetadata().keyId());
            assertEquals(1, kms.listAliases(r -> r.keyId(key.keyId())).aliases().size());

            KeyMetadata other = kms.createKey(r -> r.description("other")).keyMetadata();
            kms.updateAlias(r -> r.aliasName("alias/team").targetKeyId(other.keyId()));
            assertEquals(other.keyId(), kms.describeKey(r -> r.keyId("alias/team")).keyMetadata().keyId());
            kms.deleteAlias(r -> r.aliasName("alias/team"));
            assertThrows(NotFoundException.class, () -> kms.describeKey(r -> r.keyId("alias/team")));

            assertEquals("platform", kms.listResourceTags(r -> r.keyId(key.keyId())).tags().get(0).tagValue());
            kms.untagResource(r -> r.keyId(key.keyId()).tagKeys("team"));
            assertTrue(kms.listResourceTags(r -> r.keyId(key.keyId())).tags().isEmpty());

            String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"kms:*\","
                    + "\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Principal\":\"*\","
                    + "\"Action\":\"kms:ScheduleKeyDeletion\",\"Resource\":\"*\"}]}";
            kms.putKeyPolicy(r -> r.keyId(key.keyId()).policyName("default").policy(policy));
            assertEquals(policy, kms.getKeyPolicy(r -> r.keyId(key.keyId()).policyName("default")).policy());
            // the new policy takes effect: its Deny stops even the administrator
            KmsException denied = assertThrows(KmsException.class,
                    () -> kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7)));
            assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
            assertTrue(denied.awsErrorDetails().errorMessage().endsWith("with an explicit deny"));
            // KMS's lockout safety check, and the IAM grammar
            assertThrows(MalformedPolicyDocumentException.class, () -> kms.putKeyPolicy(r -> r.keyId(key.keyId())
                    .policyName("default").policy("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                            + "{\"AWS\":\"arn:aws:iam::111122223333:user/nobody\"},\"Action\":\"kms:*\","
                            + "\"Resource\":\"*\"}]}")));
            assertThrows(MalformedPolicyDocumentException.class, () -> kms.putKeyPolicy(r -> r.keyId(key.keyId())
                    .policyName("default").policy("{\"Statement\":[{\"Effect\":\"Allow\","
                            + "\"Action\":\"kms:*\",\"Resource\":\"*\"}]}")));
            kms.putKeyPolicy(r -> r.keyId(key.keyId()).policyName("default").policy(policy.substring(0,
                    policy.indexOf(",{\"Effect\":\"Deny\"")) + "]}"));

            kms.disableKey(r -> r.keyId(key.keyId()));
            assertThrows(DisabledException.class,
                    () -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(bytes("x"))));
            kms.enableKey(r -> r.keyId(key.keyId()));

            kms.enableKeyRotation(r -> r.keyId(key.keyId()).rotationPeriodInDays(90));
            var status = kms.getKeyRotationStatus(r -> r.keyId(key.keyId()));
            assertTrue(status.keyRotationEnabled());
            assertEquals(90, status.rotationPeriodInDays());
            kms.disableKeyRotation(r -> r.keyId(key.keyId()));
            assertFalse(kms.getKeyRotationStatus(r -> r.keyId(key.keyId())).keyRotationEnabled());

            var scheduled = kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
            assertEquals(KeyState.PENDING_DELETION, scheduled.keyState());
            assertEquals(7, scheduled.pendingWindowInDays());
            assertThrows(KmsInvalidStateException.class,
                    () -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(bytes("x"))));
            assertThrows(KmsException.class, () -> kms.scheduleKeyDeletion(r -> r.keyId(other.keyId())
                    .pendingWindowInDays(6)));
            kms.cancelKeyDeletion(r -> r.keyId(key.keyId()));
            assertEquals(KeyState.DISABLED, kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().keyState());

            List<String> all = new ArrayList<>();
            String marker = null;
            do {
                String m = marker;
                var page = kms.listKeys(r -> r.limit(1).marker(m));
                page.keys().forEach(k -> all.add(k.keyId()));
                marker = page.truncated() ? page.nextMarker() : null;
            } while (marker != null);
            assertTrue(all.containsAll(List.of(key.keyId(), other.keyId())));
        }
    }

    @Test
    void givenKey_whenCryptographicOperations_thenRoundTripAndContextBound() {
        try (KmsClient kms = kms()) {
            String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
            var encrypted = kms.encrypt(r -> r.keyId(keyId).plaintext(bytes("secret"))
                    .encryptionContext(Map.of("ab", "c")));
            assertThrows(InvalidCiphertextException.class, () -> kms.decrypt(r -> r
                    .ciphertextBlob(encrypted.ciphertextBlob()).encryptionContext(Map.of("a", "bc"))));
            assertThrows(InvalidCiphertextException.class, () -> kms.decrypt(r -> r
                    .ciphertextBlob(encrypted.ciphertextBlob())));
            var decrypted = kms.decrypt(r -> r.ciphertextBlob(encrypted.ciphertextBlob())
                    .encryptionContext(Map.of("ab", "c")));
            assertEquals("secret", decrypted.plaintext().asUtf8String());
            assertTrue(decrypted.keyId().endsWith(keyId));

            String otherKey = kms.createKey(r -> { }).keyMetadata().keyId();
            assertThrows(IncorrectKeyException.class, () -> kms.decrypt(r -> r.keyId(otherKey)
                    .ciphertextBlob(encrypted.ciphertextBlob()).encryptionContext(Map.of("ab", "c"))));
            var reEncrypted = kms.reEncrypt(r -> r.ciphertextBlob(encrypted.ciphertextBlob())
                    .sourceEncryptionContext(Map.of("ab", "c")).destinationKeyId(otherKey)
                    .destinationEncryptionContext(Map.of("x", "y")));
            assertEquals("secret", kms.decrypt(r -> r.ciphertextBlob(reEncrypted.ciphertextBlob())
                    .encryptionContext(Map.of("x", "y"))).plaintext().asUtf8String());

            // a blob made before a rotation still decrypts after it
            kms.rotateKeyOnDemand(r -> r.keyId(keyId));
            assertEquals(1, kms.listKeyRotations(r -> r.keyId(keyId)).rotations().size());
            assertEquals("secret", kms.decrypt(r -> r.ciphertextBlob(encrypted.ciphertextBlob())
                    .encryptionContext(Map.of("ab", "c"))).plaintext().asUtf8String());

            var dataKey = kms.generateDataKey(r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256)
                    .encryptionContext(Map.of("aws:codecommit:id", "r1")));
            assertEquals(32, dataKey.plaintext().asByteArray().length);
            assertArrayEquals(dataKey.plaintext().asByteArray(), kms.decrypt(r -> r
                    .ciphertextBlob(dataKey.ciphertextBlob()).encryptionContext(Map.of("aws:codecommit:id", "r1")))
                    .plaintext().asByteArray());
            var withoutPlaintext = kms.generateDataKeyWithoutPlaintext(r -> r.keyId(keyId).numberOfBytes(64));
            assertNull(withoutPlaintext.ciphertextBlob() == null ? "missing" : null);
            assertEquals(64, kms.decrypt(r -> r.ciphertextBlob(withoutPlaintext.ciphertextBlob())).plaintext()
                    .asByteArray().length);
            assertEquals(1024, kms.generateRandom(r -> r.numberOfBytes(1024)).plaintext().asByteArray().length);

            assertEquals("ValidationException", assertThrows(KmsException.class, () -> kms.encrypt(r -> r
                    .keyId(keyId).plaintext(SdkBytes.fromByteArray(new byte[4097])))).awsErrorDetails().errorCode());
            assertEquals("ValidationException", assertThrows(KmsException.class, () -> kms.generateDataKey(r -> r
                    .keyId(keyId).numberOfBytes(1025))).awsErrorDetails().errorCode());
            assertEquals("ValidationException", assertThrows(KmsException.class, () -> kms.generateDataKey(r -> r
                    .keyId(keyId))).awsErrorDetails().errorCode());
            assertThrows(NotFoundException.class, () -> kms.encrypt(r -> r.keyId(UUID.randomUUID().toString())
                    .plaintext(bytes("x"))));
            assertThrows(InvalidKeyUsageException.class, () -> kms.encrypt(r -> r.keyId(keyId)
                    .plaintext(bytes("x")).encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)));
            assertThrows(InvalidKeyUsageException.class, () -> kms.decrypt(r -> r.encryptionContext(Map.of("ab", "c"))
                    .ciphertextBlob(encrypted.ciphertextBlob()).encryptionAlgorithm(EncryptionAlgorithmSpec.SM2_PKE)));
            assertEquals("ValidationException", assertThrows(KmsException.class, () -> kms.encrypt(r -> r
                    .keyId(keyId).plaintext(bytes("x")).encryptionAlgorithm("AES_GCM"))).awsErrorDetails().errorCode());
            assertThrows(InvalidCiphertextException.class, () -> kms.decrypt(r -> r
                    .ciphertextBlob(SdkBytes.fromByteArray(new byte[60]))));
        }
    }

    @Test
    void givenRandomContexts_whenRoundTripped_thenOnlyTheExactContextDecrypts() {
        Random random = new Random(42);
        try (KmsClient kms = kms()) {
            String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
            for (int i = 0; i < 25; i++) {
                Map<String, String> context = new HashMap<>();
                int pairs = random.nextInt(4);
                for (int p = 0; p < pairs; p++) {
                    context.put(randomString(random), randomString(random));
                }
                byte[] plaintext = new byte[1 + random.nextInt(64)];
                random.nextBytes(plaintext);
                SdkBytes blob = kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromByteArray(plaintext))
                        .encryptionContext(context)).ciphertextBlob();
                assertArrayEquals(plaintext, kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(context))
                        .plaintext().asByteArray());
                Map<String, String> changed = new HashMap<>(context);
                switch (random.nextInt(3)) {
                    case 0 -> changed.put("extra-" + randomString(random), "v");
                    case 1 -> {
                        if (changed.isEmpty()) {
                            changed.put("k", "v");
                        } else {
                            changed.remove(changed.keySet().iterator().next());
                        }
                    }
                    default -> {
                        if (changed.isEmpty()) {
                            changed.put("", "");
                        } else {
                            String k = changed.keySet().iterator().next();
                            changed.put(k, changed.get(k) + "x");
                        }
                    }
                }
                assertThrows(InvalidCiphertextException.class,
                        () -> kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(changed)));
            }
        }
    }

    private static String randomString(Random random) {
        StringBuilder s = new StringBuilder();
        int length = 1 + random.nextInt(8);
        for (int i = 0; i < length; i++) {
            s.append((char) ('a' + random.nextInt(26)));
        }
        return s.toString();
    }

    @Test
    void givenAwsManagedKey_whenRestrictedOperations_thenRefused() throws Exception {
        // the saga's key: provision one by publishing a RepositoryCreated through the real topic
        try (KmsClient kms = kms()) {
            String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
            assertNotNull(keyId);
        }
        String region = "me-central-1";
        new TopicProbe(KafkaBroker.bootstrapServers()).send(Topics.REPOSITORY_EVENTS, "r",
                ManagedKeyProvisioningTest.repositoryCreatedJson(region));
        try (KmsClient kms = KmsClient.builder().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(LocalIdentity.credentials()).httpClient(UrlConnectionHttpClient.create()).build()) {
            KeyMetadata managed = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (managed == null && System.nanoTime() < deadline) {
                try {
                    managed = kms.describeKey(r -> r.keyId("alias/aws/codecommit")).keyMetadata();
                } catch (NotFoundException notYet) {
                    Thread.sleep(100);
                }
            }
            assertNotNull(managed);
            String id = managed.keyId();
            for (Runnable refused : List.<Runnable>of(
                    () -> kms.disableKey(r -> r.keyId(id)),
                    () -> kms.scheduleKeyDeletion(r -> r.keyId(id)),
                    () -> kms.putKeyPolicy(r -> r.keyId(id).policyName("default").policy("{}")))) {
                KmsException e = assertThrows(KmsException.class, refused::run);
                assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode());
                // its key policy allows no change, not even to an administrator
                assertTrue(e.awsErrorDetails().errorMessage().contains(managed.arn()), e.getMessage());
            }
            assertNotAuthorized(() -> kms.deleteAlias(r -> r.aliasName("alias/aws/codecommit")));
            assertNotAuthorized(() -> kms.updateAlias(r -> r.aliasName("alias/aws/codecommit")
                    .targetKeyId(id)));
            assertTrue(kms.getKeyRotationStatus(r -> r.keyId(id)).keyRotationEnabled());
            assertTrue(kms.getKeyPolicy(r -> r.keyId(id)).policy().contains("kms:ViaService"));
        }
    }

    @Test
    void givenNCalls_whenAuditTopicRead_thenExactlyNRecordsWithoutSecrets() throws Exception {
        String marker = "audit-" + UUID.randomUUID();
        int calls = 0;
        try (KmsClient kms = kms()) {
            String keyId = kms.createKey(r -> r.description(marker)).keyMetadata().keyId();
            calls++;
            for (int i = 0; i < 5; i++) {
                SdkBytes blob = kms.encrypt(r -> r.keyId(keyId).plaintext(bytes("top-secret-plaintext"))
                        .encryptionContext(Map.of("aws:codecommit:id", marker))).ciphertextBlob();
                kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(Map.of("aws:codecommit:id", marker)));
                calls += 2;
            }
            assertThrows(InvalidCiphertextException.class, () -> kms.decrypt(r -> r
                    .ciphertextBlob(SdkBytes.fromByteArray(new byte[60]))
                    .encryptionContext(Map.of("aws:codecommit:id", marker))));
            calls++;
        }
        int expected = calls;
        List<ConsumerRecord<String, String>> records = new TopicProbe(KafkaBroker.bootstrapServers())
                .readUntil(Topics.AUDIT_RECORDS, Duration.ofSeconds(20),
                        seen -> seen.stream().filter(r -> r.value().contains(marker)).count() >= expected);
        List<JsonNode> mine = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            if (r.value().contains(marker)) {
                mine.add(JSON.readTree(r.value()).get("payload"));
            }
        }
        assertEquals(expected, mine.size());
        for (JsonNode record : mine) {
            assertEquals("kms.amazonaws.com", record.get("eventSource").asText());
            assertEquals("eu-north-1", record.get("awsRegion").asText());
            assertEquals("AKIAIOSFODNN7EXAMPLE", record.get("userIdentity").get("accessKeyId").asText());
            assertFalse(record.toString().contains("dG9wLXNlY3JldC1wbGFpbnRleHQ"), "plaintext leaked");
            assertFalse(record.get("requestParameters").has("plaintext"));
        }
        JsonNode decrypt = mine.stream().filter(r -> r.get("eventName").asText().equals("Decrypt")
                && !r.has("errorCode")).findFirst().orElseThrow();
        assertEquals(marker, decrypt.get("requestParameters").get("encryptionContext").get("aws:codecommit:id").asText());
        assertTrue(decrypt.get("responseElements").isNull());
        assertTrue(mine.stream().anyMatch(r -> "InvalidCiphertextException".equals(r.path("errorCode").asText())));
    }

    @Test
    void givenKeyStoreLocked_whenEncrypt_thenDependencyTimeoutAudited() throws Exception {
        String marker = "timeout-" + UUID.randomUUID();
        try (KmsClient kms = KmsClient.builder().endpointOverride(endpoint).region(Region.of("eu-north-1"))
                .credentialsProvider(LocalIdentity.credentials()).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry())).build()) {
            // a key this replica has never read outside a transaction, so its state is not cached
            String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
            try (Connection locker = dataSource.getConnection()) {
                locker.setAutoCommit(false);
                try (Statement lock = locker.createStatement()) {
                    lock.execute("lock table kms_key in access exclusive mode");
                }
                long started = System.nanoTime();
                DependencyTimeoutException e = assertThrows(DependencyTimeoutException.class, () -> kms.encrypt(r -> r
                        .keyId(keyId).plaintext(bytes("x")).encryptionContext(Map.of("aws:codecommit:id", marker))));
                assertEquals(503, e.statusCode());
                assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 4000, "the read timeout is 1 s");
                locker.rollback();
            }
            assertEquals("x", kms.decrypt(r -> r.encryptionContext(Map.of("aws:codecommit:id", marker))
                    .ciphertextBlob(kms.encrypt(q -> q.keyId(keyId).plaintext(bytes("x"))
                            .encryptionContext(Map.of("aws:codecommit:id", marker))).ciphertextBlob()))
                    .plaintext().asUtf8String());
        }
        List<ConsumerRecord<String, String>> records = new TopicProbe(KafkaBroker.bootstrapServers())
                .readUntil(Topics.AUDIT_RECORDS, Duration.ofSeconds(20), seen -> seen.stream()
                        .filter(r -> r.value().contains(marker) && r.value().contains("DependencyTimeoutException"))
                        .count() >= 1);
        JsonNode failed = JSON.readTree(records.stream().filter(r -> r.value().contains(marker)
                && r.value().contains("DependencyTimeoutException")).findFirst().orElseThrow().value()).get("payload");
        assertEquals("Encrypt", failed.get("eventName").asText());
        assertEquals("DependencyTimeoutException", failed.get("errorCode").asText());
    }

    @Test
    void givenDeletionAndRotationDue_whenMaintenanceRuns_thenMaterialDestroyedAndKeyRotated() {
        try (KmsClient kms = kms()) {
            String doomed = kms.createKey(r -> { }).keyMetadata().keyId();
            SdkBytes blob = kms.encrypt(r -> r.keyId(doomed).plaintext(bytes("gone soon"))).ciphertextBlob();
            kms.scheduleKeyDeletion(r -> r.keyId(doomed).pendingWindowInDays(7));
            String rotating = kms.createKey(r -> { }).keyMetadata().keyId();
            kms.enableKeyRotation(r -> r.keyId(rotating).rotationPeriodInDays(90));

            maintenance.runDue(java.time.Instant.now().plus(Duration.ofDays(8)));
            assertThrows(NotFoundException.class, () -> kms.describeKey(r -> r.keyId(doomed)));
            assertThrows(InvalidCiphertextException.class, () -> kms.decrypt(r -> r.ciphertextBlob(blob)));
            long material = database.first("select count(*) from key_material where key_id = cast(? as uuid)",
                    row -> row.getLong(1), doomed).orElseThrow();
            assertEquals(0, material);

            maintenance.runDue(java.time.Instant.now().plus(Duration.ofDays(91)));
            var rotations = kms.listKeyRotations(r -> r.keyId(rotating)).rotations();
            assertEquals(1, rotations.size());
            assertEquals("AUTOMATIC", rotations.get(0).rotationTypeAsString());
        }
    }

    @Test
    void givenReadModel_whenDroppedAndRebuilt_thenIdentical() {
        try (KmsClient kms = kms()) {
            String keyId = kms.createKey(r -> r.description("rebuild")).keyMetadata().keyId();
            kms.createAlias(r -> r.aliasName("alias/rebuild-" + keyId.substring(0, 8)).targetKeyId(keyId));
            kms.disableKey(r -> r.keyId(keyId));
        }
        String before = snapshot();
        projector.rebuild();
        assertEquals(before, snapshot());
    }

    private String snapshot() {
        List<String> keys = database.list("""
                select cast(key_id as text) || '|' || arn || '|' || key_state || '|' || version || '|' || cast(state as text)
                from kms_key order by key_id""", row -> row.getString(1));
        List<String> aliases = database.list("""
                select alias_name || '|' || cast(key_id as text) || '|' || account_id || '|' || region
                from kms_alias order by account_id, region, alias_name""", row -> row.getString(1));
        return keys + "\n" + aliases;
    }

    @Test
    void givenOnBehalfOfHeaders_whenSignedByServiceOrNot_thenActsForCallerOrDenied() throws Exception {
        SignedHttp user = new SignedHttp(LocalIdentity.credentials(), "eu-north-1", "kms");
        SignedHttp service = new SignedHttp(LocalIdentity.repoService(), "eu-north-1", "kms");
        Map<String, String> listKeys = Map.of("X-Amz-Target", "TrentService.ListKeys",
                "Content-Type", "application/x-amz-json-1.1");
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> forAdmin = new HashMap<>(listKeys);
        forAdmin.put("x-coffer-on-behalf-of", LocalIdentity.ACCESS_KEY_ID);
        forAdmin.put("x-coffer-invoked-by", "codecommit.amazonaws.com");

        // a user cannot act for another, even with every header signed
        HttpResponse<String> byUser = user.send("POST", endpoint, forAdmin, body);
        assertEquals(403, byUser.statusCode());
        assertEquals("AccessDeniedException", JSON.readTree(byUser.body()).get("__type").asText());
        // a service principal has no rights of its own, and can claim only a known service
        assertEquals(403, service.send("POST", endpoint, listKeys, body).statusCode());
        Map<String, String> forged = new HashMap<>(forAdmin);
        forged.put("x-coffer-invoked-by", "forged.example");
        assertEquals(403, service.send("POST", endpoint, forged, body).statusCode());
        // headers added after signing are not the signer's word
        Map<String, List<String>> signed = new HashMap<>(service.sign("POST", endpoint, listKeys, body,
                java.time.Instant.now()));
        signed.put("x-coffer-on-behalf-of", List.of(LocalIdentity.ACCESS_KEY_ID));
        signed.put("x-coffer-invoked-by", List.of("codecommit.amazonaws.com"));
        HttpResponse<String> unsigned = SignedHttp.sendRaw("POST", endpoint, signed, body);
        assertEquals("AccessDeniedException", JSON.readTree(unsigned.body()).get("__type").asText());

        forAdmin.put("x-coffer-caller-source-ip", "203.0.113.7");
        HttpResponse<String> asAdmin = service.send("POST", endpoint, forAdmin, body);
        assertEquals(200, asAdmin.statusCode());
        Map<String, String> forDeveloper = new HashMap<>(forAdmin);
        forDeveloper.put("x-coffer-on-behalf-of", LocalIdentity.DEVELOPER_ACCESS_KEY_ID);
        HttpResponse<String> asDeveloper = service.send("POST", endpoint, forDeveloper, body);
        assertEquals("AccessDeniedException", JSON.readTree(asDeveloper.body()).get("__type").asText());
        assertTrue(JSON.readTree(asDeveloper.body()).get("message").asText().startsWith(
                "User: arn:aws:iam::111122223333:user/developer is not authorized to perform: kms:ListKeys"));

        JsonNode admin = auditRecord(asAdmin.headers().firstValue("x-amzn-RequestId").orElseThrow());
        assertEquals("codecommit.amazonaws.com", admin.get("userIdentity").get("invokedBy").asText());
        assertEquals("codecommit.amazonaws.com", admin.get("sourceIPAddress").asText());
        assertEquals("admin", admin.get("userIdentity").get("userName").asText());
        JsonNode developer = auditRecord(asDeveloper.headers().firstValue("x-amzn-RequestId").orElseThrow());
        assertEquals("developer", developer.get("userIdentity").get("userName").asText());
        assertEquals("AccessDeniedException", developer.get("errorCode").asText());
    }

    private static JsonNode auditRecord(String requestId) throws Exception {
        List<ConsumerRecord<String, String>> records = new TopicProbe(KafkaBroker.bootstrapServers())
                .readUntil(Topics.AUDIT_RECORDS, Duration.ofSeconds(20),
                        seen -> seen.stream().anyMatch(r -> r.value().contains(requestId)));
        return JSON.readTree(records.stream().filter(r -> r.value().contains(requestId)).findFirst()
                .orElseThrow().value()).get("payload");
    }

    @Test
    void givenInactiveOrUnknownKey_whenSigned_thenRefusedAsAnUnknownToken() throws Exception {
        Map<String, String> listKeys = Map.of("X-Amz-Target", "TrentService.ListKeys",
                "Content-Type", "application/x-amz-json-1.1");
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        for (var credentials : List.of(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        LocalIdentity.AUDITOR_INACTIVE_ACCESS_KEY_ID, LocalIdentity.AUDITOR_INACTIVE_SECRET)),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIANOSUCHKEY0000000", "x".repeat(40))))) {
            HttpResponse<String> refused = new SignedHttp(credentials, "eu-north-1", "kms")
                    .send("POST", endpoint, listKeys, body);
            assertEquals(403, refused.statusCode());
            assertEquals("UnrecognizedClientException", JSON.readTree(refused.body()).get("__type").asText());
        }
        // the same auditor's active key works
        assertEquals(200, new SignedHttp(LocalIdentity.auditor(), "eu-north-1", "kms")
                .send("POST", endpoint, listKeys, body).statusCode());
    }

    @Test
    void givenMalformedRequests_whenCalled_thenAwsShapedErrors() throws Exception {
        SignedHttp signer = new SignedHttp(LocalIdentity.credentials(), "eu-north-1", "kms");
        HttpResponse<String> notJson = signer.send("POST", endpoint, Map.of("X-Amz-Target", "TrentService.Encrypt",
                "Content-Type", "application/x-amz-json-1.1"), "{".getBytes(StandardCharsets.UTF_8));
        assertEquals("SerializationException", JSON.readTree(notJson.body()).get("__type").asText());
        HttpResponse<String> badBase64 = signer.send("POST", endpoint, Map.of("X-Amz-Target", "TrentService.Decrypt",
                "Content-Type", "application/x-amz-json-1.1"),
                "{\"CiphertextBlob\":\"***\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, badBase64.statusCode());
        // no JSON value is read as another type: "32" is not a number, 5 not a key ID, 1 not a boolean
        for (String[] call : new String[][] {
                {"GenerateDataKey", "{\"KeyId\":\"alias/aws/codecommit\",\"NumberOfBytes\":\"32\"}"},
                {"Encrypt", "{\"KeyId\":5,\"Plaintext\":\"aGk=\"}"},
                {"ListKeys", "{\"Limit\":\"10\"}"},
                {"CreateKey", "{\"MultiRegion\":1}"}}) {
            HttpResponse<String> coerced = signer.send("POST", endpoint, Map.of("X-Amz-Target",
                    "TrentService." + call[0], "Content-Type", "application/x-amz-json-1.1"),
                    call[1].getBytes(StandardCharsets.UTF_8));
            assertEquals(400, coerced.statusCode(), call[1]);
            assertEquals("SerializationException", JSON.readTree(coerced.body()).get("__type").asText(), call[1]);
        }
        HttpResponse<String> unknown = signer.send("POST", endpoint, Map.of("X-Amz-Target", "TrentService.Nope",
                "Content-Type", "application/x-amz-json-1.1"), "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals("UnknownOperationException", JSON.readTree(unknown.body()).get("__type").asText());
    }
}
