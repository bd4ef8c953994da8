package io.coffer.key.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.aws.identity.Identities;
import io.coffer.aws.identity.IdentityDirectory;
import io.coffer.aws.identity.IdentityFile;
import io.coffer.events.Topics;
import io.coffer.testsupport.KafkaBroker;
import io.coffer.testsupport.KafkaBrokerResource;
import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Changes of the identities in force become IdentityDirectory events, exactly once, without secrets. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class IdentityChangesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    IdentityChangeRecorder recorder;
    @Inject
    Identities identities;

    private static String builtIn() throws Exception {
        try (InputStream in = Identities.class.getResourceAsStream("/META-INF/coffer/identities-local.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<JsonNode> identityEvents(String identitiesVersion, int atLeast) throws Exception {
        List<ConsumerRecord<String, String>> records = new TopicProbe(KafkaBroker.bootstrapServers()).readUntil(
                Topics.IDENTITY_EVENTS, Duration.ofSeconds(20), seen -> seen.stream()
                        .filter(r -> r.value().contains(identitiesVersion)).count() >= atLeast);
        List<JsonNode> events = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            assertFalse(record.value().contains(LocalIdentity.SECRET_ACCESS_KEY), "a secret in an event");
            assertFalse(record.value().contains("secret-EXAMPLE"), "a service secret in an event");
            JsonNode event = JSON.readTree(record.value());
            if (identitiesVersion.equals(event.get("correlationId").asText())) {
                events.add(event);
            }
        }
        return events;
    }

    private static boolean has(List<JsonNode> events, String type, String field, String value) {
        return events.stream().anyMatch(e -> e.get("type").asText().equals(type)
                && value.equals(e.get("payload").path(field).asText()));
    }

    @Test
    void givenIdentitiesInForceAtStart_thenEachUserKeyGroupAndAttachmentIsRecorded() throws Exception {
        List<JsonNode> events = identityEvents(identities.current().version(), 10);
        for (String user : List.of("admin", "developer", "auditor")) {
            assertTrue(has(events, "UserCreated", "userName", user), user);
        }
        assertTrue(has(events, "AccessKeyCreated", "accessKeyId", LocalIdentity.ACCESS_KEY_ID));
        assertTrue(has(events, "ServicePrincipalCreated", "serviceName", "codecommit.amazonaws.com"));
        assertTrue(has(events, "PolicyAttached", "target", "group/developers"));
        assertTrue(has(events, "UserAddedToGroup", "groupName", "auditors"));
        assertEquals(events.get(0).get("type").asText(), "AccountCreated", "accounts before what they hold");
    }

    @Test
    void givenChangedIdentities_whenRecorded_thenOnlyTheChangesOnce() throws Exception {
        String changed = builtIn()
                .replace("secret: je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
                        "secret: je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n            status: Inactive")
                .replace("codecommit:DeleteRepository", "codecommit:Delete*")
                .replace("      - name: auditor\n        groups: [auditors]\n", "      - name: auditor\n        groups: []\n");
        IdentityDirectory next = IdentityFile.parse(changed.getBytes(StandardCharsets.UTF_8));
        assertEquals(3, recorder.record(next));
        assertEquals(0, recorder.record(next), "a version is recorded once");
        List<JsonNode> events = identityEvents(next.version(), 3);
        assertEquals(3, events.size(), events.toString());
        assertTrue(has(events, "AccessKeyStatusChanged", "status", "Inactive"));
        assertTrue(has(events, "PolicyUpdated", "policyName", "Developers"));
        assertTrue(has(events, "UserRemovedFromGroup", "userName", "auditor"));
        // back to the file in force, so other tests see what they expect
        recorder.record(identities.current());
    }
}
