package io.coffer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.SignedHttp;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.CodeCommitException;

/**
 * The bad-input suite of the whole stack, one API after another (CodeCommit, CloudTrail, Git over HTTPS, and the
 * limits every JSON API shares): each refusal has the status and {@code __type} AWS gives, nothing is stored, the
 * refusal is on the audit trail where AWS would record it, and every service answers the next call. The KMS cases
 * are in key-service's KmsHostileInputTest, the SSH floods in GitOverSshIT.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {

    private static final String REGION = "ca-central-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> CREATE_REPOSITORY = Map.of(
            "X-Amz-Target", "CodeCommit_20150413.CreateRepository", "Content-Type", "application/x-amz-json-1.1");

    private static CofferStack stack;
    private static CodeCommitClient codeCommit;

    @BeforeAll
    static void start() throws Exception {
        stack = new CofferStack();
        codeCommit = stack.codeCommit(REGION, LocalIdentity.credentials());
    }

    @AfterAll
    static void stop() throws Exception {
        if (codeCommit != null) {
            codeCommit.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static HttpResponse<String> codeCommitCall(Map<String, String> headers, String body) {
        return new SignedHttp(LocalIdentity.credentials(), REGION, "codecommit").send("POST", stack.repo.uri("/"),
                headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String type(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("__type").asText();
    }

    @Test
    @Order(1)
    void givenNulOrLoneSurrogatesInCodeCommitStrings_whenSent_thenAwsErrors_auditedAndNothingStored()
            throws Exception {
        Map<String, String> cases = Map.of(
                "{\"repositoryName\":\"hostile-nul\",\"repositoryDescription\":\"a\\u0000b\"}", "ValidationException",
                "{\"repositoryName\":\"hostile-tag\",\"tags\":{\"team\":\"\\u0000\"}}", "ValidationException",
                "{\"repositoryName\":\"hostile-sur\",\"repositoryDescription\":\"\\ud800\"}", "SerializationException",
                "{\"repositoryName\":\"hostile-\\u0000\"}", "ValidationException");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> refused = codeCommitCall(CREATE_REPOSITORY, c.getKey());
            assertEquals(400, refused.statusCode(), c.getKey() + " -> " + refused.body());
            assertEquals(c.getValue(), type(refused), c.getKey());
        }
        assertTrue(codeCommit.listRepositories().repositories().stream()
                .noneMatch(r -> r.repositoryName().startsWith("hostile-")), "nothing was created");
        // each refusal is on the trail, with what was sent made storable
        JsonNode events = awaitEvents("?eventName=CreateRepository&region=" + REGION, 4);
        for (JsonNode event : events.path("events")) {
            assertTrue(event.path("errorCode").asText().endsWith("Exception"), event.toString());
            assertFalse(event.toString().contains("\\u0000"), event.toString());
        }
        assertEquals("hostile-ok", codeCommit.createRepository(r -> r.repositoryName("hostile-ok")
                .repositoryDescription("caf\u00e9 \ud83d\ude00")).repositoryMetadata().repositoryName());
        assertEquals("caf\u00e9 \ud83d\ude00", codeCommit.getRepository(r -> r.repositoryName("hostile-ok"))
                .repositoryMetadata().repositoryDescription());
    }

    @Test
    @Order(2)
    void givenNulInCloudTrailQueries_whenSent_thenValidationException_andTheServiceStillAnswers() throws Exception {
        SignedHttp cloudTrail = new SignedHttp(LocalIdentity.credentials(), REGION, "cloudtrail");
        HttpResponse<String> lookup = cloudTrail.send("POST", stack.audit.uri("/"), Map.of("X-Amz-Target",
                "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents", "Content-Type",
                "application/x-amz-json-1.1"), ("{\"LookupAttributes\":[{\"AttributeKey\":\"Username\","
                + "\"AttributeValue\":\"admin\\u0000\"}]}").getBytes(StandardCharsets.UTF_8));
        assertEquals(400, lookup.statusCode(), lookup.body());
        assertEquals("ValidationException", type(lookup));
        for (String query : List.of("?userName=a%00b", "?eventName=%00", "?repositoryId=x&region=%00")) {
            HttpResponse<String> refused = cloudTrail.send("GET", stack.audit.uri("/v1/events" + query), Map.of(),
                    new byte[0]);
            assertEquals(400, refused.statusCode(), query + " -> " + refused.body());
            assertEquals("ValidationException", type(refused), query);
        }
        assertEquals(200, cloudTrail.send("GET", stack.audit.uri("/v1/events?userName=admin"), Map.of(), new byte[0])
                .statusCode());
    }

    @Test
    @Order(3)
    void givenRegionsAwsDoesNotServe_whenCreatingRepositories_thenInvalidSignature_andNothingCreated() {
        for (String region : List.of("xx-nowhere-9", "us-east-1:999999999999")) {
            try (CodeCommitClient elsewhere = stack.codeCommit(region, LocalIdentity.credentials())) {
                CodeCommitException refused = assertThrows(CodeCommitException.class,
                        () -> elsewhere.createRepository(r -> r.repositoryName("hostile-region")));
                assertEquals(403, refused.statusCode());
                assertEquals("InvalidSignatureException", refused.awsErrorDetails().errorCode(), region);
            }
        }
        assertTrue(codeCommit.listRepositories().repositories().stream()
                .noneMatch(r -> r.repositoryName().equals("hostile-region")));
    }

    @Test
    @Order(4)
    void givenBodiesOverTheLimit_whenSentToEveryJsonApi_thenAwsShapedRefusals_andEveryServiceAnswersNext()
            throws Exception {
        for (ServiceProcess service : List.of(stack.repo, stack.keyA, stack.audit)) {
            String declared = raw(service.uri("/"), "Content-Length: 52428800\r\n");
            assertTrue(declared.startsWith("HTTP/1.1 413"), service + ": " + declared);
            assertTrue(declared.contains("{\"__type\":\"RequestEntityTooLargeException\""), service + ": " + declared);
            String chunked = raw(service.uri("/"), "Transfer-Encoding: chunked\r\n");
            assertTrue(chunked.startsWith("HTTP/1.1 411"), service + ": " + chunked);
            assertTrue(chunked.contains("{\"__type\":\"LengthRequiredException\""), service + ": " + chunked);
        }
        // one just over CodeCommit's limit (10 MiB: CreateCommit carries up to 7 MB of files, base64-encoded), as an
        // SDK would send it: read and answered, not cut off
        HttpResponse<String> over = codeCommitCall(CREATE_REPOSITORY, "{\"repositoryName\":\"hostile-big\","
                + "\"repositoryDescription\":\"" + "d".repeat(10 * 1024 * 1024) + "\"}");
        assertEquals(413, over.statusCode(), over.body());
        assertEquals("RequestEntityTooLargeException", type(over));
        assertTrue(stack.codeCommit(REGION, LocalIdentity.credentials()).listRepositories().hasRepositories());
        for (ServiceProcess service : List.of(stack.repo, stack.keyA, stack.keyB, stack.crypto, stack.audit)) {
            assertEquals(200, LocalTls.HTTP.send(HttpRequest.newBuilder(service.uri("/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode(), service + " is ready");
        }
    }

    @Test
    @Order(5)
    void givenGitRequestsGitWouldNotSend_whenSent_thenPlainTextAnswers_neverAnErrorPage() throws Exception {
        codeCommit.createRepository(r -> r.repositoryName("hostile-git"));
        String host = "localhost:" + stack.repo.port();
        for (String path : List.of("/v1/repos/hostile-git/no/such/path", "/v1/repos/hostile-git/objects/info/packs",
                "/v1/repos/a%00b/info/refs?service=git-upload-pack", "/v1/repos/no-such-repository/info/refs")) {
            String signedPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            int cut = signedPath.indexOf('/', "/v1/repos/".length());
            String repositoryPath = cut < 0 ? signedPath : signedPath.substring(0, cut);
            HttpResponse<String> answer = LocalTls.HTTP.send(HttpRequest.newBuilder(stack.repo.uri(path))
                    .header("Authorization", GitPasswords.basic(REGION, host,
                            java.net.URLDecoder.decode(repositoryPath, StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(answer.statusCode() >= 400 && answer.statusCode() < 500, path + " -> " + answer.statusCode());
            assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
                    path + " -> " + answer.headers().map());
            assertFalse(answer.body().contains("<html"), path + " -> " + answer.body());
        }
    }

    @Test
    @Order(6)
    void givenMetrics_whenAskedOnThePublicPort_thenNotServed_andTheManagementPortNamesNoRepository()
            throws Exception {
        for (ServiceProcess service : List.of(stack.repo, stack.keyA, stack.crypto, stack.audit)) {
            assertEquals(404, LocalTls.HTTP.send(HttpRequest.newBuilder(service.uri("/q/metrics")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode(), service + " serves metrics publicly");
        }
        String metrics = LocalTls.HTTP.send(HttpRequest.newBuilder(stack.repo.managementUri("/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("http_server_requests"), "metrics are served on the management port");
        assertFalse(metrics.contains("hostile-git"), "a repository name is in the metrics");
    }

    @Test
    @Order(7)
    void givenClientsTricklingTheirHeaders_whenTheDeadlinePasses_thenClosed_whileOthersAreServed() throws Exception {
        List<SSLSocket> slow = new java.util.ArrayList<>();
        try {
            for (ServiceProcess service : List.of(stack.repo, stack.keyA, stack.audit)) {
                SSLSocket socket = (SSLSocket) SSLSocketFactory.getDefault().createSocket("localhost", service.port());
                socket.startHandshake();
                socket.getOutputStream().write("POST / HTTP/1.1\r\nHost: localhost\r\n".getBytes(
                        StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            long start = System.nanoTime();
            List<SSLSocket> open = new java.util.ArrayList<>(slow);
            while (!open.isEmpty() && System.nanoTime() - start < Duration.ofSeconds(30).toNanos()) {
                for (java.util.Iterator<SSLSocket> it = open.iterator(); it.hasNext();) {
                    try {
                        // one more header byte a second: never idle, never done
                        it.next().getOutputStream().write('x');
                    } catch (java.io.IOException closed) {
                        it.remove();
                    }
                }
                assertEquals(200, LocalTls.HTTP.send(HttpRequest.newBuilder(stack.repo.uri("/q/health/live")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode(), "others are served meanwhile");
                Thread.sleep(1000);
            }
            assertTrue(open.isEmpty(), open.size() + " trickling connections still open after 30 s");
            assertTrue(System.nanoTime() - start > Duration.ofSeconds(5).toNanos(), "closed before the deadline");
        } finally {
            for (SSLSocket socket : slow) {
                socket.close();
            }
        }
    }

    /** Sends headers of a JSON API request over TLS and reads the answer, without any body. */
    private static String raw(URI uri, String lengthHeader) throws Exception {
        try (SSLSocket socket = (SSLSocket) SSLSocketFactory.getDefault().createSocket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nContent-Type: application/x-amz-json-1.1\r\n"
                    + "X-Amz-Target: Any.Operation\r\n" + lengthHeader + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            int c;
            while (answer.indexOf("}") < 0 && (c = in.read()) >= 0) {
                answer.append((char) c);
            }
            return answer.toString();
        }
    }

    private static JsonNode awaitEvents(String query, int atLeast) throws Exception {
        SignedHttp cloudTrail = new SignedHttp(LocalIdentity.credentials(), REGION, "cloudtrail");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode events;
        do {
            events = JSON.readTree(cloudTrail.send("GET", stack.audit.uri("/v1/events" + query), Map.of(),
                    new byte[0]).body());
            if (events.path("events").size() >= atLeast) {
                return events;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("fewer than " + atLeast + " events for " + query + ": " + events);
    }
}
