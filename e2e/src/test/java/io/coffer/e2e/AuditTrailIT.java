package io.coffer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.SignedHttp;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * The audit trail end to end: KMS calls made with the AWS SDK against key-service come out of audit-service
 * exactly once, findable by CloudTrail's LookupEvents and by repository; a crash of audit-service mid-stream loses
 * and doubles nothing, and the chain still verifies.
 */
class AuditTrailIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REGION = "sa-east-1";
    private static CofferStack stack;
    private final SignedHttp signed = new SignedHttp(LocalIdentity.credentials(), REGION, "cloudtrail");

    @BeforeAll
    static void startStack() throws Exception {
        stack = new CofferStack();
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    private JsonNode events(String query) throws Exception {
        HttpResponse<String> response = signed.send("GET", stack.audit.uri("/v1/events" + query), Map.of(),
                new byte[0]);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    /** Every event of a repository, all pages, newest first. */
    private List<JsonNode> allEvents(String repositoryId) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        String token = null;
        do {
            JsonNode page = events("?repositoryId=" + repositoryId + (token == null ? "" : "&nextToken=" + token));
            page.get("events").forEach(all::add);
            token = page.has("nextToken") ? page.get("nextToken").asText() : null;
        } while (token != null);
        return all;
    }

    private static long storedRecords(String repositoryId) throws Exception {
        try (Connection db = stack.connect(); ResultSet rs = db.createStatement().executeQuery(
                "select count(*), count(distinct event_id) from coffer_audit.audit_record where repository_id = '"
                        + repositoryId + "'")) {
            rs.next();
            assertEquals(rs.getLong(1), rs.getLong(2), "a record is stored twice");
            return rs.getLong(1);
        }
    }

    private static void awaitStored(String repositoryId, long n, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (storedRecords(repositoryId) < n && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
    }

    @Test
    void givenNKmsCallsWithSuccessesMismatchesAndValidationErrors_thenExactlyNRecordsFindableBothWays()
            throws Exception {
        String repositoryId = UUID.randomUUID().toString();
        Map<String, String> context = Map.of("aws:codecommit:id", repositoryId);
        Map<String, Integer> expectedErrors = new HashMap<>();
        int calls = 0;
        try (KmsClient kms = stack.kms(REGION)) {
            String keyId = kms.createKey(r -> r.description("audit e2e")).keyMetadata().keyId();
            List<SdkBytes> blobs = new ArrayList<>();
            for (int i = 0; i < 8; i++, calls++) {
                blobs.add(kms.generateDataKey(r -> r.keyId(keyId).keySpec("AES_256").encryptionContext(context))
                        .ciphertextBlob());
            }
            for (int i = 0; i < 4; i++, calls++) {
                SdkBytes blob = blobs.get(i);
                kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(context));
            }
            Map<String, String> tampered = new HashMap<>(context);
            tampered.put("branch", "main");
            for (int i = 0; i < 4; i++, calls++) {
                SdkBytes blob = blobs.get(i);
                assertThrows(InvalidCiphertextException.class,
                        () -> kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(tampered)));
            }
            expectedErrors.put("InvalidCiphertextException", 4);
            for (int i = 0; i < 3; i++, calls++) {
                KmsException e = assertThrows(KmsException.class, () -> kms.generateDataKey(r -> r.keyId(keyId)
                        .numberOfBytes(2000).encryptionContext(context)));
                assertEquals("ValidationException", e.awsErrorDetails().errorCode());
            }
            expectedErrors.put("ValidationException", 3);
        }

        awaitStored(repositoryId, calls, Duration.ofSeconds(60));
        Thread.sleep(1000);
        List<JsonNode> found = allEvents(repositoryId);
        assertEquals(calls, found.size());
        Map<String, Integer> errors = new HashMap<>();
        for (JsonNode event : found) {
            JsonNode record = event.get("cloudTrailEvent");
            assertEquals("kms.amazonaws.com", event.get("eventSource").asText());
            assertEquals("admin", event.get("userIdentity").get("userName").asText());
            assertEquals(REGION, event.get("region").asText());
            assertEquals(repositoryId,
                    record.get("requestParameters").get("encryptionContext").get("aws:codecommit:id").asText());
            if (event.has("errorCode")) {
                errors.merge(event.get("errorCode").asText(), 1, Integer::sum);
            }
        }
        assertEquals(expectedErrors, errors);

        try (CloudTrailClient cloudTrail = CloudTrailClient.builder().endpointOverride(stack.audit.uri("/"))
                .region(Region.of(REGION)).credentialsProvider(LocalIdentity.credentials())
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            for (JsonNode event : found) {
                List<Event> looked = cloudTrail.lookupEvents(r -> r.lookupAttributes(a -> a
                        .attributeKey(LookupAttributeKey.EVENT_ID).attributeValue(event.get("eventId").asText())))
                        .events();
                assertEquals(1, looked.size());
                JsonNode record = JSON.readTree(looked.get(0).cloudTrailEvent());
                assertEquals(event.get("eventName").asText(), looked.get(0).eventName());
                assertEquals(event.path("errorCode").asText(null), record.path("errorCode").asText(null));
                assertEquals(repositoryId,
                        record.get("requestParameters").get("encryptionContext").get("aws:codecommit:id").asText());
            }
        }
    }

    @Test
    void givenAuditServiceKilledMidStream_thenNoRecordLostNoneDoubledAndTheChainHolds() throws Exception {
        String repositoryId = UUID.randomUUID().toString();
        int n = 30_000;
        CompletableFuture<Void> feeding = CompletableFuture.runAsync(() -> {
            try (AuditFeed feed = new AuditFeed()) {
                feed.send(n, List.of(repositoryId), REGION, Instant.now());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (storedRecords(repositoryId) < 2_000 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        stack.audit.kill();
        long atCrash = storedRecords(repositoryId);
        assertTrue(atCrash > 0 && atCrash < n, "killed at " + atCrash + " of " + n + " records");
        feeding.get(120, TimeUnit.SECONDS);

        stack.audit.start().awaitReady(Duration.ofSeconds(120));
        awaitStored(repositoryId, n, Duration.ofSeconds(120));
        Thread.sleep(2000);
        assertEquals(n, storedRecords(repositoryId));

        HttpResponse<String> verified = signed.send("GET", stack.audit.uri("/v1/integrity/verify"), Map.of(),
                new byte[0]);
        assertEquals(200, verified.statusCode(), verified.body());
        JsonNode report = JSON.readTree(verified.body());
        assertTrue(report.get("valid").asBoolean(), report.toString());
        assertEquals(0, operatorsVerifier(), "the operators' command, run as docs/aws-apis.md shows, finds the chain intact");
    }

    /** Runs the operators' verifier from the packaged service, as docs/aws-apis.md shows; its exit status. */
    private int operatorsVerifier() throws Exception {
        HttpResponse<String> pem = signed.send("GET", stack.audit.uri("/v1/integrity/public-key"), Map.of(),
                new byte[0]);
        assertEquals(200, pem.statusCode(), pem.body());
        Path publicKey = Files.createTempFile("audit-digest", ".pub");
        Files.writeString(publicKey, pem.body());
        Path app = Path.of("..", "audit-service", "target", "quarkus-app").toAbsolutePath().normalize();
        Process verifier = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                app.resolve("app") + "/*" + java.io.File.pathSeparator + app.resolve("lib").resolve("main") + "/*",
                "io.coffer.audit.integrity.VerifyChainCommand", "--jdbc-url", stack.jdbcUrl(), "--public-key",
                publicKey.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target", "e2e-logs", "verifier.log").toFile()))
                .start();
        assertTrue(verifier.waitFor(120, TimeUnit.SECONDS));
        return verifier.exitValue();
    }
}
