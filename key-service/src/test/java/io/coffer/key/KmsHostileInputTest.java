package io.coffer.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.events.Topics;
import io.coffer.testsupport.KafkaBroker;
import io.coffer.testsupport.KafkaBrokerResource;
import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.SignedHttp;
import io.coffer.testsupport.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * The KMS API against input an attacker sends: each refusal has AWS's status and {@code __type}, is on the audit
 * trail where AWS would record it, and the service answers the next call.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class KmsHostileInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REGION = "eu-west-3";
    private static final Map<String, String> ENCRYPT = Map.of("X-Amz-Target", "TrentService.Encrypt",
            "Content-Type", "application/x-amz-json-1.1");

    @TestHTTPResource("/")
    URI endpoint;

    private KmsClient kms(String region) {
        return KmsClient.builder().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(LocalIdentity.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private HttpResponse<String> call(Map<String, String> headers, String body) {
        return new SignedHttp(LocalIdentity.credentials(), REGION, "kms").send("POST", endpoint, headers,
                body.getBytes(StandardCharsets.UTF_8));
    }

    private String newKey() {
        try (KmsClient kms = kms(REGION)) {
            return kms.createKey(r -> r.description("hostile input")).keyMetadata().arn();
        }
    }

    private static String plaintext() {
        return Base64.getEncoder().encodeToString("secret".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void givenBodyOverTheLimit_whenSent_thenRefusedFromItsHeaders_andTheServiceAnswersNext() throws Exception {
        String pad = "x".repeat(2 * 1024 * 1024);
        HttpResponse<String> refused = call(ENCRYPT, "{\"KeyId\":\"alias/none\",\"Plaintext\":\"" + plaintext()
                + "\",\"Pad\":\"" + pad + "\"}");
        assertEquals(413, refused.statusCode());
        assertEquals("RequestEntityTooLargeException", JSON.readTree(refused.body()).get("__type").asText());
        assertTrue(JSON.readTree(refused.body()).get("message").asText().contains("1048576"));

        // a body that says it is larger than it is, sent as a raw request: refused before any byte is read
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\n"
                    + "X-Amz-Target: TrentService.Encrypt\r\nContent-Length: 52428800\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(10_000);
            String answer = new String(socket.getInputStream().readNBytes(300), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("{\"__type\":\"RequestEntityTooLargeException\""), answer);
        }
        try (KmsClient kms = kms(REGION)) {
            assertNotNull(kms.listKeys().keys());
        }
    }

    @Test
    void givenLargeMemberUnderTheLimit_whenCalled_thenAnsweredAndAudited_withTheFieldCut() throws Exception {
        String key = newKey();
        String big = "v".repeat(600 * 1024);
        HttpResponse<String> answered = call(ENCRYPT, "{\"KeyId\":\"" + key + "\",\"Plaintext\":\"" + plaintext()
                + "\",\"EncryptionContext\":{\"big\":\"" + big + "\"}}");
        assertTrue(answered.statusCode() < 500, answered.body());
        JsonNode record = auditRecord(answered);
        assertTrue(record.path("omitted").asBoolean(), record.toString());
        assertTrue(record.toString().length() < 200 * 1024, "record of " + record.toString().length() + " chars");
        assertEquals(key, record.path("resources").path(0).path("ARN").asText());
    }

    @Test
    void givenNulInStoredStrings_whenCalled_thenValidationException_audited() throws Exception {
        Map<String, String> createKey = Map.of("X-Amz-Target", "TrentService.CreateKey",
                "Content-Type", "application/x-amz-json-1.1");
        for (String body : List.of("{\"Description\":\"a\\u0000b\"}",
                "{\"Tags\":[{\"TagKey\":\"k\\u0000\",\"TagValue\":\"v\"}]}",
                "{\"Description\":\"d\",\"Tags\":[{\"TagKey\":\"k\",\"TagValue\":\"\\u0000\"}]}")) {
            HttpResponse<String> refused = call(createKey, body);
            assertEquals(400, refused.statusCode(), refused.body());
            assertEquals("ValidationException", JSON.readTree(refused.body()).get("__type").asText());
            JsonNode record = auditRecord(refused);
            assertEquals("ValidationException", record.path("errorCode").asText());
            assertFalse(record.toString().contains("\\u0000"), record.toString());
        }
        Map<String, String> alias = Map.of("X-Amz-Target", "TrentService.CreateAlias",
                "Content-Type", "application/x-amz-json-1.1");
        HttpResponse<String> badAlias = call(alias, "{\"AliasName\":\"alias/a\\u0000\",\"TargetKeyId\":\""
                + newKey() + "\"}");
        assertEquals("ValidationException", JSON.readTree(badAlias.body()).get("__type").asText());
        try (KmsClient kms = kms(REGION)) {
            assertNotNull(kms.listKeys().keys());
        }
    }

    @Test
    void givenLoneSurrogateInEncryptionContext_whenDecrypting_thenRefused_neverReadAsAnotherContext()
            throws Exception {
        String key = newKey();
        SdkBytes blob;
        try (KmsClient kms = kms(REGION)) {
            blob = kms.encrypt(r -> r.keyId(key).plaintext(SdkBytes.fromUtf8String("secret"))
                    .encryptionContext(Map.of("k", "?"))).ciphertextBlob();
        }
        String ciphertext = Base64.getEncoder().encodeToString(blob.asByteArray());
        Map<String, String> decrypt = Map.of("X-Amz-Target", "TrentService.Decrypt",
                "Content-Type", "application/x-amz-json-1.1");
        for (String context : List.of("{\"k\":\"\\ud800\"}", "{\"k\":\"\\udc00x\"}", "{\"\\ud800\":\"?\"}")) {
            HttpResponse<String> refused = call(decrypt, "{\"CiphertextBlob\":\"" + ciphertext
                    + "\",\"EncryptionContext\":" + context + "}");
            assertEquals(400, refused.statusCode(), refused.body());
            assertEquals("SerializationException", JSON.readTree(refused.body()).get("__type").asText());
            assertEquals("SerializationException", auditRecord(refused).path("errorCode").asText());
        }
        // the same surrogate as raw CESU-8 bytes, which a lenient decoder reads as U+D800
        byte[] cesu = ("{\"CiphertextBlob\":\"" + ciphertext + "\",\"EncryptionContext\":{\"k\":\"")
                .getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[cesu.length + 3 + 3];
        System.arraycopy(cesu, 0, body, 0, cesu.length);
        body[cesu.length] = (byte) 0xED;
        body[cesu.length + 1] = (byte) 0xA0;
        body[cesu.length + 2] = (byte) 0x80;
        System.arraycopy("\"}}".getBytes(StandardCharsets.UTF_8), 0, body, cesu.length + 3, 3);
        HttpResponse<String> raw = new SignedHttp(LocalIdentity.credentials(), REGION, "kms")
                .send("POST", endpoint, decrypt, body);
        assertEquals(400, raw.statusCode(), raw.body());
        assertEquals("SerializationException", JSON.readTree(raw.body()).get("__type").asText());
    }

    @Test
    void givenRegionsAwsDoesNotServe_whenSigned_thenInvalidSignature_andNothingCreated() {
        for (String region : List.of("xx-nowhere-9", "us-east-1:999999999999", "us-east-1/x", "US-EAST-1")) {
            try (KmsClient kms = kms(region)) {
                KmsException refused = assertThrows(KmsException.class, () -> kms.createKey(r -> r.description("x")));
                assertEquals(403, refused.statusCode());
                assertEquals("InvalidSignatureException", refused.awsErrorDetails().errorCode());
                assertTrue(refused.awsErrorDetails().errorMessage().startsWith(
                        "Credential should be scoped to a valid region"), refused.awsErrorDetails().errorMessage());
            }
        }
        try (KmsClient kms = kms("ap-southeast-7")) {
            assertNotNull(kms.listKeys().keys());
        }
    }

    @Test
    void givenWrongContext_whenDecryptFails_thenItsRecordNamesTheKey_andTheErrorIsAwsBodyExactly() throws Exception {
        String key = newKey();
        SdkBytes blob;
        try (KmsClient kms = kms(REGION)) {
            blob = kms.encrypt(r -> r.keyId(key).plaintext(SdkBytes.fromUtf8String("secret"))
                    .encryptionContext(Map.of("purpose", "a"))).ciphertextBlob();
            InvalidCiphertextException refused = assertThrows(InvalidCiphertextException.class,
                    () -> kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(Map.of("purpose", "b"))));
            assertNull(refused.awsErrorDetails().errorMessage());
        }
        HttpResponse<String> refused = call(Map.of("X-Amz-Target", "TrentService.Decrypt",
                "Content-Type", "application/x-amz-json-1.1"), "{\"CiphertextBlob\":\""
                + Base64.getEncoder().encodeToString(blob.asByteArray())
                + "\",\"EncryptionContext\":{\"purpose\":\"c\"}}");
        // AWS's body exactly: the type and no message, so botocore shows '' as it does for AWS
        assertEquals("{\"__type\":\"InvalidCiphertextException\"}", refused.body());
        JsonNode record = auditRecord(refused);
        assertEquals("InvalidCiphertextException", record.path("errorCode").asText());
        assertEquals(key, record.path("resources").path(0).path("ARN").asText());
        assertEquals("AWS::KMS::Key", record.path("resources").path(0).path("type").asText());
    }

    @Test
    void givenBodiesThatAreNotJson_whenSent_thenSerializationException_audited() throws Exception {
        for (String body : List.of("{", "[]", "\"x\"", "{\"KeyId\":}", "{\"Plaintext\":5}")) {
            HttpResponse<String> refused = call(ENCRYPT, body);
            assertEquals(400, refused.statusCode(), body + " -> " + refused.body());
            assertEquals("SerializationException", JSON.readTree(refused.body()).get("__type").asText(), body);
            assertEquals("SerializationException", auditRecord(refused).path("errorCode").asText());
        }
        HttpResponse<String> badBase64 = call(ENCRYPT, "{\"KeyId\":\"alias/x\",\"Plaintext\":\"***\"}");
        assertEquals(400, badBase64.statusCode(), badBase64.body());
        assertEquals("SerializationException", JSON.readTree(badBase64.body()).get("__type").asText());
    }

    @Test
    void givenEveryByteOfACiphertextBlobFlipped_whenDecrypted_thenEachInvalidCiphertext_neverPlaintext() {
        String key = newKey();
        try (KmsClient kms = kms(REGION)) {
            byte[] blob = kms.encrypt(r -> r.keyId(key).plaintext(SdkBytes.fromUtf8String("secret"))
                    .encryptionContext(Map.of("purpose", "every-byte"))).ciphertextBlob().asByteArray();
            for (int at = 0; at < blob.length; at++) {
                byte[] tampered = blob.clone();
                tampered[at] ^= 0x01;
                InvalidCiphertextException refused = assertThrows(InvalidCiphertextException.class,
                        () -> kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(tampered))
                                .encryptionContext(Map.of("purpose", "every-byte"))), "byte " + at);
                assertEquals(400, refused.statusCode());
            }
            for (int length : new int[] {1, blob.length - 1}) {
                byte[] cut = java.util.Arrays.copyOf(blob, length);
                assertThrows(InvalidCiphertextException.class, () -> kms.decrypt(r -> r.ciphertextBlob(
                        SdkBytes.fromByteArray(cut)).encryptionContext(Map.of("purpose", "every-byte"))));
            }
            assertEquals("secret", kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(blob))
                    .encryptionContext(Map.of("purpose", "every-byte"))).plaintext().asUtf8String());
        }
    }

    @Test
    void givenExpiredOrGarbledSignatures_whenSent_thenInvalidSignature_andNotAudited() throws Exception {
        SignedHttp signer = new SignedHttp(LocalIdentity.credentials(), REGION, "kms");
        Map<String, String> listKeys = Map.of("X-Amz-Target", "TrentService.ListKeys",
                "Content-Type", "application/x-amz-json-1.1");
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> expired = signer.sign("POST", endpoint, listKeys, body,
                java.time.Instant.now().minus(Duration.ofMinutes(10)));
        HttpResponse<String> late = SignedHttp.sendRaw("POST", endpoint, expired, body);
        assertEquals(403, late.statusCode());
        assertEquals("InvalidSignatureException", JSON.readTree(late.body()).get("__type").asText());
        assertTrue(JSON.readTree(late.body()).get("message").asText().startsWith("Signature expired"));

        Map<String, List<String>> garbled = new java.util.HashMap<>(signer.sign("POST", endpoint, listKeys, body,
                java.time.Instant.now()));
        String authorization = garbled.get("Authorization").get(0);
        for (String bad : List.of(authorization.substring(0, authorization.length() - 1)
                + (authorization.endsWith("0") ? "1" : "0"), authorization.replace("Signature=", "Signature=zz"),
                authorization.replace("Credential=", "Credential=x"), "AWS4-HMAC-SHA256 garbage")) {
            garbled.put("Authorization", List.of(bad));
            HttpResponse<String> refused = SignedHttp.sendRaw("POST", endpoint, garbled, body);
            assertTrue(refused.statusCode() == 400 || refused.statusCode() == 403, bad + " -> " + refused.body());
            assertTrue(JSON.readTree(refused.body()).get("__type").asText().matches(
                    "InvalidSignatureException|IncompleteSignatureException|UnrecognizedClientException"),
                    bad + " -> " + refused.body());
        }
        try (KmsClient kms = kms(REGION)) {
            assertNotNull(kms.listKeys().keys());
        }
    }

    private static JsonNode auditRecord(HttpResponse<String> response) throws Exception {
        String requestId = response.headers().firstValue("x-amzn-RequestId").orElseThrow(
                () -> new AssertionError("no request ID: " + response.body()));
        List<ConsumerRecord<String, String>> records = new TopicProbe(KafkaBroker.bootstrapServers())
                .readUntil(Topics.AUDIT_RECORDS, Duration.ofSeconds(20),
                        seen -> seen.stream().anyMatch(r -> r.value().contains(requestId)));
        return JSON.readTree(records.stream().filter(r -> r.value().contains(requestId)).findFirst()
                .orElseThrow(() -> new AssertionError("no audit record of " + requestId)).value()).get("payload");
    }
}
