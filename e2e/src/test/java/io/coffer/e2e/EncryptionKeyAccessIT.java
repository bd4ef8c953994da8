package io.coffer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.events.Topics;
import io.coffer.testsupport.KafkaBroker;
import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.SignedHttp;
import io.coffer.testsupport.TopicProbe;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.EncryptionKeyAccessDeniedException;

/**
 * The cases of CodeCommit's encryption guide, with the whole stack: "the user must not have any attached policies
 * that deny these actions for the aws/codecommit key". A user with an explicit Deny on any one of kms:Encrypt,
 * Decrypt, ReEncrypt*, GenerateDataKey, GenerateDataKeyWithoutPlaintext or DescribeKey for that key (by ARN, by
 * {@code *}, or by a condition on the encryption context) cannot create the first repository of a region, nor push
 * or clone; every refusal is in the audit trail; without the Deny the same user can.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EncryptionKeyAccessIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ACTIONS = List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*",
            "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey");
    /** How a Deny names the key: by ARN (the region's keys), by {@code *}, or by the repository context. */
    private static final List<String> FORMS = List.of("Arn", "Star", "Context");
    private static final Path WORK = Path.of("target", "key-access-e2e").toAbsolutePath();
    private static final String GIT_REGION = "eu-south-2";
    /** One region per denied user, none of them {@link #GIT_REGION}. */
    private static final List<String> USER_REGIONS = List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2",
            "af-south-1", "ap-east-1", "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
            "ap-southeast-4", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ca-central-1", "ca-west-1",
            "eu-central-1");

    private static CofferStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = new CofferStack();
        CofferStack.deleteTree(WORK);
        Files.createDirectories(WORK);
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    /** One user per action and form, each denied that one action in that form. */
    record DeniedUser(String action, String form, int index) {

        String name() {
            return "denied-" + index;
        }

        String accessKeyId() {
            return "AKIADENIED" + String.format("%010d", index);
        }

        String secret() {
            return "denied-secret-" + String.format("%026d", index);
        }

        /** A region of its own (one AWS has: no other is served), so its CreateRepository is the region's first. */
        String region() {
            return USER_REGIONS.get(index);
        }

        String denyStatement() {
            String statement = "{Effect: Deny, Action: \"" + action + "\", Resource: \"%s\"%s}";
            return switch (form) {
                case "Arn" -> statement.formatted("arn:aws:kms:*:111122223333:key/*", "");
                case "Star" -> statement.formatted("*", "");
                default -> statement.formatted("*",
                        ", Condition: {StringLike: {\"kms:EncryptionContext:aws:codecommit:id\": \"*\"}}");
            };
        }

        AwsCredentialsProvider credentials() {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId(), secret()));
        }
    }

    private static List<DeniedUser> deniedUsers() {
        List<DeniedUser> users = new ArrayList<>();
        for (String action : ACTIONS) {
            for (String form : FORMS) {
                // DescribeKey carries no encryption context, so a condition on it never applies (as in AWS)
                if (!(form.equals("Context") && action.equals("kms:DescribeKey"))) {
                    users.add(new DeniedUser(action, form, users.size()));
                }
            }
        }
        return users;
    }

    /**
     * The built-in identities plus {@code users} (YAML list items) and {@code policies}, in the local account.
     */
    private static String identities(String policies, String users) throws Exception {
        String base = CofferStack.builtInIdentities();
        return base.replaceFirst("\n    policies:\n", "\n    policies:\n" + policies.replace("$", "\\$"))
                .replaceFirst("\n    users:\n", "\n    users:\n" + users.replace("$", "\\$"));
    }

    private static String withDenies(List<DeniedUser> users, boolean denying) throws Exception {
        StringBuilder policies = new StringBuilder();
        StringBuilder entries = new StringBuilder();
        for (DeniedUser user : users) {
            policies.append("      - name: Deny").append(user.index()).append("\n        document: {Version: \"2012-10-17\", ")
                    .append("Statement: [").append(user.denyStatement()).append("]}\n");
            entries.append("      - name: ").append(user.name()).append("\n        policies: [")
                    .append("arn:aws:iam::aws:policy/AWSCodeCommitFullAccess")
                    .append(denying ? ", Deny" + user.index() : "").append("]\n        accessKeys:\n")
                    .append("          - {id: ").append(user.accessKeyId()).append(", secret: \"")
                    .append(user.secret()).append("\"}\n");
        }
        return identities(policies.toString(), entries.toString());
    }

    private static CodeCommitClient codeCommit(String region, AwsCredentialsProvider credentials) {
        return stack.codeCommit(region, credentials);
    }

    /** Audit records that match {@code query}, once audit-service has them (it ingests asynchronously). */
    private static List<JsonNode> awaitEvents(String region, String query, int atLeast) throws Exception {
        SignedHttp auditor = new SignedHttp(LocalIdentity.auditor(), region, "cloudtrail");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<JsonNode> events = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = auditor.send("GET", stack.audit.uri("/v1/events?" + query), Map.of(),
                    new byte[0]);
            assertEquals(200, response.statusCode(), response.body());
            events.clear();
            JSON.readTree(response.body()).get("events").forEach(events::add);
            if (events.size() >= atLeast) {
                return events;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("audit-service has " + events.size() + " events for " + query);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    @Order(1)
    void givenDenyOnAnyOneKmsAction_whenFirstRepositoryOfRegionIsCreated_thenRefusedNothingLeftAndAudited()
            throws Exception {
        List<DeniedUser> users = deniedUsers();
        stack.useIdentities(withDenies(users, true));
        for (DeniedUser user : users) {
            try (CodeCommitClient codeCommit = codeCommit(user.region(), user.credentials());
                    CodeCommitClient admin = codeCommit(user.region(), LocalIdentity.credentials())) {
                EncryptionKeyAccessDeniedException refused = assertThrows(EncryptionKeyAccessDeniedException.class,
                        () -> codeCommit.createRepository(r -> r.repositoryName("first")), user.toString());
                assertTrue(refused.awsErrorDetails().errorMessage().endsWith("with an explicit deny"),
                        refused.awsErrorDetails().errorMessage());
                assertTrue(admin.listRepositories(r -> { }).repositories().isEmpty(), "nothing left behind");
            }
        }
        for (DeniedUser user : users) {
            // the refused KMS call, with its error code, as the user invoked by CodeCommit; and the CodeCommit call
            String kmsAction = user.action().substring("kms:".length()).replace("*", "");
            JsonNode kms = awaitEvents(user.region(), "userName=" + user.name() + "&eventSource=kms.amazonaws.com"
                    + "&errorCode=AccessDeniedException", 1).get(0);
            assertEquals(kmsAction, kms.get("eventName").asText(), user.toString());
            assertEquals("codecommit.amazonaws.com", kms.path("userIdentity").path("invokedBy").asText(),
                    kms.toString());
            assertEquals("codecommit.amazonaws.com", kms.path("cloudTrailEvent").path("sourceIPAddress").asText());
            awaitEvents(user.region(), "userName=" + user.name() + "&eventName=CreateRepository"
                    + "&errorCode=EncryptionKeyAccessDeniedException", 1);
        }

        // the change is recorded once, though two key-service replicas saw it, and carries no secret
        List<ConsumerRecord<String, String>> recorded = new TopicProbe(KafkaBroker.bootstrapServers()).readUntil(
                Topics.IDENTITY_EVENTS, Duration.ofSeconds(20), seen -> seen.stream().anyMatch(r -> r.value()
                        .contains("\"PolicyAttached\"") && r.value().contains("\"" + users.get(0).name() + "\"")));
        assertEquals(1, recorded.stream().filter(r -> r.value().contains("\"UserCreated\"")
                && r.value().contains("\"" + users.get(0).name() + "\"")).count());
        assertTrue(recorded.stream().noneMatch(r -> r.value().contains(users.get(0).secret())));

        stack.useIdentities(withDenies(users, false));
        for (DeniedUser user : users) {
            try (CodeCommitClient codeCommit = codeCommit(user.region(), user.credentials())) {
                String keyArn = codeCommit.createRepository(r -> r.repositoryName("first")).repositoryMetadata()
                        .kmsKeyId();
                assertTrue(keyArn.startsWith("arn:aws:kms:" + user.region() + ":111122223333:key/"), keyArn);
            }
        }
    }

    @Test
    @Order(3)
    void givenBadIdentitiesFile_whenOffered_thenRefusedWithLineAndFieldAndThePreviousStaysInForce() throws Exception {
        String inForce = CofferStack.identitiesCheck(stack.repo).path("data").path("version").asText();
        stack.offerIdentities(CofferStack.builtInIdentities().replace("groups: [developers]", "groups: [developerz]"));
        for (ServiceProcess service : stack.running()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            JsonNode check = CofferStack.identitiesCheck(service);
            while (!check.path("data").has("refused") && System.nanoTime() < deadline) {
                Thread.sleep(50);
                check = CofferStack.identitiesCheck(service);
            }
            assertTrue(check.path("data").path("refused").asText().matches(
                    "line \\d+: accounts\\[0]\\.users\\[1]\\.groups: no group developerz in account 111122223333"),
                    check.toString());
            assertEquals(inForce, check.path("data").path("version").asText(), service.toString());
        }
        try (CodeCommitClient developer = codeCommit(GIT_REGION, LocalIdentity.developer())) {
            developer.getRepository(r -> r.repositoryName("guarded"));
        }
        stack.useIdentities(CofferStack.builtInIdentities());
    }

    private static StockGit git(String user, String accessKeyId, String secret) throws Exception {
        return new StockGit(WORK.resolve("home-" + user), GIT_REGION, accessKeyId, secret);
    }

    private static final String PULLER_KEY = "AKIAPULLER0000000001";
    private static final String PULLER_SECRET = "puller-secret-000000000000000";

    private static String pullerIdentities(String keyArn, boolean denying) throws Exception {
        String policies = "      - name: DenyDecryptOfTheKey\n        document: {Version: \"2012-10-17\", Statement: "
                + "[{Effect: Deny, Action: \"kms:Decrypt\", Resource: \"" + keyArn + "\"}]}\n";
        String users = "      - name: puller\n        policies: [arn:aws:iam::aws:policy/AWSCodeCommitPowerUser"
                + (denying ? ", DenyDecryptOfTheKey" : "") + "]\n        accessKeys:\n          - {id: " + PULLER_KEY
                + ", secret: " + PULLER_SECRET + "}\n";
        return identities(policies, users);
    }

    @Test
    @Order(2)
    void givenDenyOnDecryptOfTheRepositorysKeyByArn_whenCloningOrPushing_thenRefusedAndAudited_andWithoutItAllowed()
            throws Exception {
        String keyArn;
        try (CodeCommitClient admin = codeCommit(GIT_REGION, LocalIdentity.credentials())) {
            keyArn = admin.createRepository(r -> r.repositoryName("guarded")).repositoryMetadata().kmsKeyId();
        }
        String url = stack.repo.uri("/v1/repos/guarded").toString();
        StockGit admin = git("admin", LocalIdentity.ACCESS_KEY_ID, LocalIdentity.SECRET_ACCESS_KEY);
        Path source = WORK.resolve("source");
        admin.ok(WORK, "init", "-q", source.toString());
        Files.writeString(source.resolve("README.md"), "guarded\n");
        admin.ok(source, "add", "README.md");
        admin.ok(source, "commit", "-q", "-m", "first");
        admin.ok(source, "remote", "add", "origin", url);
        admin.ok(source, "push", "-q", "origin", "main");

        stack.useIdentities(pullerIdentities(keyArn, true));
        StockGit puller = git("puller", PULLER_KEY, PULLER_SECRET);
        StockGit.Result clone = puller.run(WORK, "clone", "-q", url, WORK.resolve("denied-clone").toString());
        assertNotEquals(0, clone.exitCode());
        assertTrue(clone.err().contains("An encryption key could not be accessed")
                && clone.err().contains("kms:Decrypt"), clone.err());
        StockGit.Result push = puller.run(source, "push", "-q", url, "main:refs/heads/puller");
        assertNotEquals(0, push.exitCode());
        assertTrue(push.err().contains("An encryption key could not be accessed"), push.err());

        // the auditor may read the trail but not the code: codecommit:GitPull is not in its policy
        StockGit auditor = git("auditor", LocalIdentity.AUDITOR_ACCESS_KEY_ID, LocalIdentity.AUDITOR_SECRET);
        StockGit.Result notAllowed = auditor.run(WORK, "clone", "-q", url, WORK.resolve("auditor-clone").toString());
        assertNotEquals(0, notAllowed.exitCode());
        assertTrue(notAllowed.err().contains("not authorized to perform: codecommit:GitPull"), notAllowed.err());

        JsonNode pull = awaitEvents(GIT_REGION, "userName=puller&eventName=GitPull"
                + "&errorCode=EncryptionKeyAccessDeniedException", 1).get(0);
        assertEquals("codecommit.amazonaws.com", pull.get("eventSource").asText());
        awaitEvents(GIT_REGION, "userName=puller&eventName=GitPush&errorCode=EncryptionKeyAccessDeniedException", 1);
        awaitEvents(GIT_REGION, "userName=puller&eventName=Decrypt&errorCode=AccessDeniedException&keyId="
                + enc(keyArn), 1);
        awaitEvents(GIT_REGION, "userName=auditor&eventName=GitPull&errorCode=AccessDeniedException", 1);

        stack.useIdentities(pullerIdentities(keyArn, false));
        Path cloned = WORK.resolve("allowed-clone");
        puller.ok(WORK, "clone", "-q", url, cloned.toString());
        assertEquals("guarded", Files.readString(cloned.resolve("README.md")).trim());
        puller.ok(source, "push", "-q", url, "main:refs/heads/puller");
        assertTrue(Stream.of(admin.ok(source, "ls-remote", "origin").split("\n"))
                .anyMatch(line -> line.endsWith("refs/heads/puller")));
    }
}
