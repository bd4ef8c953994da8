package io.coffer.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.repo.api.CodeCommitApi;
import io.coffer.testsupport.KafkaBrokerResource;
import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.SignedHttp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
        Set<String> sdk = Arrays.stream(CodeCommitClient.class.getMethods())
                .filter(m -> m.getParameterCount() == 1 && m.getParameterTypes()[0].getSimpleName().endsWith("Request")
                        && m.getParameterTypes()[0].getPackageName().endsWith(".codecommit.model"))
                .map(m -> m.getParameterTypes()[0].getSimpleName().replaceFirst("Request$", ""))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> served = new TreeSet<>(api.operations().keySet());
        assertTrue(sdk.size() > 70, sdk.toString());
        assertTrue(sdk.containsAll(served), "served but not CodeCommit's: " + served.stream()
                .filter(op -> !sdk.contains(op)).toList());
        SignedHttp signer = new SignedHttp(LocalIdentity.credentials(), "us-east-2", "codecommit");
        for (String operation : sdk) {
            HttpResponse<String> response = signer.send("POST", endpoint, Map.of("X-Amz-Target",
                    "CodeCommit_20150413." + operation), "{}".getBytes(StandardCharsets.UTF_8));
            String type = response.statusCode() == 200 ? "" : JSON.readTree(response.body()).get("__type").asText();
            assertEquals(served.contains(operation), !type.equals("UnknownOperationException"), operation);
            assertTrue(response.statusCode() < 500, operation + ": " + response.body());
        }
        // README: "CodeCommit operations served (N of M): `A`, `B`, ..."
        String line = Files.readAllLines(Path.of("..", "README.md")).stream()
                .filter(l -> l.contains("CodeCommit operations served")).findFirst().orElseThrow();
        assertTrue(line.contains("(" + served.size() + " of " + sdk.size() + ")"), served.size() + " of "
                + sdk.size() + ": " + line);
        String listed = String.join("\n", Files.readAllLines(Path.of("..", "README.md")));
        listed = listed.substring(listed.indexOf(line) + line.length());
        listed = listed.substring(0, listed.indexOf("\n\n"));
        Set<String> inReadme = Pattern.compile("`([A-Za-z]+)`").matcher(line + listed).results()
                .map(m -> m.group(1)).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(served, inReadme);
    }
}
