package io.coffer.repo.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.events.contract.RepositoryTriggersUpdated.Trigger;
import io.coffer.kernel.AwsException;
import io.coffer.repo.git.refs.RefsUpdated.Update;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Which ref changes fire a trigger, what a trigger may be, and the notification and signature it sends. */
class TriggerRulesTest {

    private static final String ARN = "arn:aws:sns:us-east-1:111122223333:builds";
    private static final Update CREATED = new Update("refs/heads/main", null, "a".repeat(40), null);
    private static final Update UPDATED = new Update("refs/heads/dev", "a".repeat(40), "b".repeat(40), null);
    private static final Update DELETED = new Update("refs/heads/old", "c".repeat(40), null, null);
    private static final Update HEAD = new Update("HEAD", null, null, "refs/heads/main");

    private static Trigger trigger(List<String> branches, List<String> events) {
        return new Trigger("t", ARN, "", branches, events);
    }

    private static String errorOf(List<Trigger> triggers) {
        return assertThrows(AwsException.class, () -> TriggerRules.check(triggers, "us-east-1", ARN::equals))
                .errorType();
    }

    @Test
    void givenRefChanges_whenMatched_thenBranchesAndEventKindsChooseThemAndHeadNeverFires() {
        List<Update> all = List.of(CREATED, UPDATED, DELETED, HEAD);
        assertEquals(List.of(CREATED, UPDATED, DELETED), TriggerRules.firing(trigger(List.of(), List.of("all")), all));
        assertEquals(List.of(CREATED), TriggerRules.firing(trigger(List.of("main"), List.of("all")), all));
        assertEquals(List.of(UPDATED, DELETED), TriggerRules.firing(trigger(List.of(),
                List.of("updateReference", "deleteReference")), all));
        assertEquals(List.of(), TriggerRules.firing(trigger(List.of("main"), List.of("deleteReference")), all));
    }

    @Test
    void givenTriggers_whenChecked_thenCodeCommitsLimitsAndTheConfiguredDestinationsHold() {
        assertEquals("InvalidRepositoryTriggerDestinationArnException", errorOf(List.of(new Trigger("t",
                "arn:aws:sns:us-east-1:111122223333:other", "", List.of(), List.of("all")))));
        assertEquals("InvalidRepositoryTriggerRegionException", errorOf(List.of(new Trigger("t",
                "arn:aws:sns:eu-west-1:111122223333:builds", "", List.of(), List.of("all")))));
        assertEquals("InvalidRepositoryTriggerEventsException", errorOf(List.of(trigger(List.of(),
                List.of("all", "createReference")))));
        assertEquals("RepositoryTriggerEventsListRequiredException", errorOf(List.of(trigger(List.of(), List.of()))));
        assertEquals("InvalidRepositoryTriggerBranchNameException", errorOf(List.of(trigger(List.of("a..b"),
                List.of("all")))));
        assertEquals("InvalidRepositoryTriggerNameException", errorOf(List.of(trigger(List.of(), List.of("all")),
                trigger(List.of(), List.of("all")))));
        assertEquals(List.of(new Trigger("t", ARN, "", List.of(), List.of("all"))), TriggerRules.check(List.of(
                new Trigger("t", ARN, null, null, List.of("all"))), "us-east-1", ARN::equals));
    }

    @Test
    void givenFiring_whenNotified_thenTheRecordIsCodeCommitsAndTheSignatureIsAKnownAnswer() throws Exception {
        JsonNode record = new ObjectMapper().readTree(TriggerRules.notification("ReferenceChanges", "e1",
                "us-east-1", "arn:aws:codecommit:us-east-1:111122223333:demo", "cfg", new Trigger("t", ARN, "ci",
                        List.of(), List.of("all")), "arn:aws:iam::111122223333:user/ada",
                Instant.parse("2026-12-07T10:00:00Z"), List.of(CREATED, DELETED))).get("Records").get(0);
        assertEquals("2026-12-07T10:00:00.000+0000", record.get("eventTime").asText());
        assertEquals("a".repeat(40), record.get("codecommit").get("references").get(0).get("commit").asText());
        assertEquals(true, record.get("codecommit").get("references").get(0).get("created").asBoolean());
        assertEquals("c".repeat(40), record.get("codecommit").get("references").get(1).get("commit").asText());
        assertEquals(true, record.get("codecommit").get("references").get(1).get("deleted").asBoolean());
        assertEquals("ci", record.get("customData").asText());
        // HMAC-SHA256 of "<timestamp>.<body>", as Python's hmac module computes it for the same key and text
        assertEquals("9fe238c388f6ee9cefc8e3341436c9ab34c097248e7cd4e3b7f48d06610dd76f",
                TriggerDestinations.sign(new SecretKeySpec("Jefe".getBytes(StandardCharsets.UTF_8), "HmacSHA256"),
                        "1765100000", "{\"Records\":[]}"));
    }
}
