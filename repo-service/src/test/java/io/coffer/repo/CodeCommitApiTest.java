package io.coffer.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.repo.api.CodeCommitApi;
import io.coffer.testsupport.KafkaBrokerResource;
import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.SdkOperations;
import io.coffer.testsupport.SignedHttp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.CodeCommitException;
import software.amazon.awssdk.services.codecommit.model.InvalidRepositoryNameException;
import software.amazon.awssdk.services.codecommit.model.RepositoryDoesNotExistException;

/**
 * repo-service on its own, with the official AWS SDK CodeCommit client, real Kafka and PostgreSQL: what it answers
 * before it needs key-service. Creating repositories needs key-service (the caller's use of the key is checked
 * there), so those tests run with the whole stack in the e2e module (RepositorySagaIT).
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class CodeCommitApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI endpoint;

    @Inject
    CodeCommitApi api;

    private CodeCommitClient client(String region) {
        return CodeCommitClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(LocalIdentity.credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Test
    void givenUnknownName_whenGetRepository_thenRepositoryDoesNotExist() {
        try (CodeCommitClient codeCommit = client("us-east-2")) {
            var e = assertThrows(RepositoryDoesNotExistException.class,
                    () -> codeCommit.getRepository(r -> r.repositoryName("nope")));
            assertEquals(400, e.statusCode());
        }
    }

    @Test
    void givenInvalidNames_whenCreateRepository_thenInvalidRepositoryName() {
        try (CodeCommitClient codeCommit = client("us-east-2")) {
            for (String name : List.of("has space", "ends.git", "x".repeat(101), "semi;colon")) {
                assertThrows(InvalidRepositoryNameException.class,
                        () -> codeCommit.createRepository(r -> r.repositoryName(name)), name);
            }
        }
    }

    @Test
    void givenWrongSecret_whenCalling_then403InvalidSignature() {
        try (CodeCommitClient codeCommit = CodeCommitClient.builder().endpointOverride(endpoint)
                .region(Region.US_EAST_2).credentialsProvider(LocalIdentity.wrongSecret())
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            CodeCommitException e = assertThrows(CodeCommitException.class,
                    () -> codeCommit.getRepository(r -> r.repositoryName("any")));
            assertEquals(403, e.statusCode());
            assertEquals("InvalidSignatureException", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void givenUnsignedOrTamperedOrStaleRequests_whenCalling_thenAwsShapedAuthErrors() throws Exception {
        URI uri = endpoint;
        byte[] body = "{\"repositoryName\":\"any\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("Content-Type", "application/x-amz-json-1.1",
                "X-Amz-Target", "CodeCommit_20150413.GetRepository");

        HttpResponse<String> unsigned = SignedHttp.sendRaw("POST", uri,
                Map.of("Content-Type", List.of("application/x-amz-json-1.1"),
                        "X-Amz-Target", List.of("CodeCommit_20150413.GetRepository")), body);
        assertEquals(403, unsigned.statusCode());
        assertEquals("MissingAuthenticationTokenException", JSON.readTree(unsigned.body()).get("__type").asText());

        SignedHttp signer = new SignedHttp(LocalIdentity.credentials(), "us-east-2", "codecommit");
        byte[] tampered = "{\"repositoryName\":\"other\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> changedBody = SignedHttp.sendRaw("POST", uri,
                signer.sign("POST", uri, headers, body, Instant.now()), tampered);
        assertEquals(403, changedBody.statusCode());
        assertEquals("InvalidSignatureException", JSON.readTree(changedBody.body()).get("__type").asText());

        HttpResponse<String> stale = SignedHttp.sendRaw("POST", uri,
                signer.sign("POST", uri, headers, body, Instant.now().minus(Duration.ofMinutes(6))), body);
        assertEquals(403, stale.statusCode());
        assertTrue(JSON.readTree(stale.body()).get("message").asText().startsWith("Signature expired"));

        HttpResponse<String> wrongService = new SignedHttp(LocalIdentity.credentials(), "us-east-2", "kms")
                .send("POST", uri, headers, body);
        assertEquals(403, wrongService.statusCode());

        HttpResponse<String> unknownKey = new SignedHttp(
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("AKIAUNKNOWNKEY000000",
                                "secret")), "us-east-2", "codecommit").send("POST", uri, headers, body);
        assertEquals(403, unknownKey.statusCode());
        assertEquals("UnrecognizedClientException", JSON.readTree(unknownKey.body()).get("__type").asText());

        HttpResponse<String> ok = signer.send("POST", uri, headers, body);
        assertEquals("RepositoryDoesNotExistException", JSON.readTree(ok.body()).get("__type").asText());
    }

    @Test
    void givenMalformedBodies_whenCalling_thenSerializationOrUnknownOperation() throws Exception {
        SignedHttp signer = new SignedHttp(LocalIdentity.credentials(), "us-east-2", "codecommit");
        HttpResponse<String> notJson = signer.send("POST", endpoint, Map.of("X-Amz-Target",
                "CodeCommit_20150413.GetRepository"), "{not json".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, notJson.statusCode());
        assertEquals("SerializationException", JSON.readTree(notJson.body()).get("__type").asText());

        HttpResponse<String> wrongType = signer.send("POST", endpoint, Map.of("X-Amz-Target",
                "CodeCommit_20150413.GetRepository"), "{\"repositoryName\":{\"a\":1}}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, wrongType.statusCode());
        assertEquals("SerializationException", JSON.readTree(wrongType.body()).get("__type").asText());
        // a number or a boolean is not a name: nothing is created under a guessed one
        for (String body : List.of("{\"repositoryName\":5}", "{\"repositoryName\":true}")) {
            HttpResponse<String> coerced = signer.send("POST", endpoint, Map.of("X-Amz-Target",
                    "CodeCommit_20150413.CreateRepository"), body.getBytes(StandardCharsets.UTF_8));
            assertEquals(400, coerced.statusCode(), body);
            assertEquals("SerializationException", JSON.readTree(coerced.body()).get("__type").asText(), body);
            assertEquals("Request body does not match the CreateRepository request: repositoryName has the wrong "
                    + "type", JSON.readTree(coerced.body()).get("message").asText());
        }

        HttpResponse<String> unknownOp = signer.send("POST", endpoint, Map.of("X-Amz-Target",
                "CodeCommit_20150413.DropEverything"), "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, unknownOp.statusCode());
        assertEquals("UnknownOperationException", JSON.readTree(unknownOp.body()).get("__type").asText());
    }

    @Test
    void givenEveryOperationOfTheSdk_whenCalled_thenServedOnesAnswerUnknownOnesSaySoAndTheReadmeListsThem()
            throws Exception {
        Set<String> sdk = SdkOperations.of(CodeCommitClient.class);
        Set<String> served = new TreeSet<>(api.operations().keySet());
        assertTrue(sdk.size() > 70, sdk.toString());
        assertTrue(sdk.containsAll(served), "served but not CodeCommit's: " + served.stream()
                .filter(op -> !sdk.contains(op)).toList());
        SdkOperations.probe(new SignedHttp(LocalIdentity.credentials(), "us-east-2", "codecommit"), endpoint,
                "CodeCommit_20150413", sdk).forEach((operation, type) -> assertEquals(served.contains(operation),
                        !type.equals("UnknownOperationException"), operation));
        SdkOperations.ReadmeList readme = SdkOperations.readme("CodeCommit operations served");
        assertTrue(readme.line().contains("(" + served.size() + " of " + sdk.size() + ")"), served.size() + " of "
                + sdk.size() + ": " + readme.line());
        assertEquals(served, readme.operations());
    }
}
