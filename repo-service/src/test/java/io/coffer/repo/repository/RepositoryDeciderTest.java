package io.coffer.repo.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coffer.events.contract.RepositoryCreated;
import io.coffer.events.contract.RepositoryDeleted;
import io.coffer.events.contract.RepositoryDescriptionUpdated;
import io.coffer.events.contract.RepositoryEncryptionKeyUpdated;
import io.coffer.events.contract.RepositoryEvent;
import io.coffer.events.contract.RepositoryRenamed;
import io.coffer.events.contract.RepositoryTagged;
import io.coffer.events.contract.RepositoryUntagged;
import io.coffer.kernel.AwsException;
import io.coffer.repo.repository.RepositoryDecider.CreateRepository;
import io.coffer.repo.repository.RepositoryDecider.Delete;
import io.coffer.repo.repository.RepositoryDecider.Rename;
import io.coffer.repo.repository.RepositoryDecider.Tag;
import io.coffer.repo.repository.RepositoryDecider.Untag;
import io.coffer.repo.repository.RepositoryDecider.UpdateDescription;
import io.coffer.repo.repository.RepositoryDecider.UpdateEncryptionKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Repository aggregate's decisions, given its events and a command: no database, no broker. */
class RepositoryDeciderTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final String ID = "6f1d4a2e-0000-4000-8000-000000000001";
    private static final String KEY = "arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private static RepositoryCreated created(String name) {
        return new RepositoryCreated(ID, name, "first", RepositoryDecider.arn("us-east-2", "111122223333", name),
                "111122223333", "us-east-2", Map.of(), T0, null);
    }

    private static CreateRepository create(String name, Map<String, String> tags, boolean taken) {
        return new CreateRepository(ID, name, "first", tags, "111122223333", "us-east-2", null, taken, T0);
    }

    /** Given these events, when the command is decided: the events it makes. */
    private static List<RepositoryEvent> given(List<RepositoryEvent> history,
            RepositoryDecider.RepositoryCommand when) {
        return RepositoryDecider.decide(when, RepositoryState.fold(history));
    }

    private static String errorOf(Runnable decision) {
        return assertThrows(AwsException.class, decision::run).errorType();
    }

    @Test
    void givenNoRepository_whenCreated_thenRepositoryCreatedWithItsArn() {
        List<RepositoryEvent> events = given(List.of(), create("demo", Map.of("team", "a"), false));
        assertEquals(List.of(new RepositoryCreated(ID, "demo", "first",
                "arn:aws:codecommit:us-east-2:111122223333:demo", "111122223333", "us-east-2", Map.of("team", "a"), T0,
                null)), events);
    }

    @Test
    void givenATakenName_whenCreated_thenNameExists() {
        assertEquals("RepositoryNameExistsException", errorOf(() -> given(List.of(), create("demo", Map.of(), true))));
    }

    @Test
    void givenBadTags_whenCreated_thenRefusedAsCodeCommitDoes() {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 51; i++) {
            many.put("k" + i, "v");
        }
        assertEquals("TooManyTagsException", errorOf(() -> given(List.of(), create("demo", many, false))));
        assertEquals("InvalidSystemTagUsageException",
                errorOf(() -> given(List.of(), create("demo", Map.of("aws:x", "v"), false))));
        assertEquals("InvalidRepositoryNameException", errorOf(() -> given(List.of(), create("bad name!", Map.of(),
                false))));
    }

    @Test
    void givenARepository_whenItsDescriptionChanges_thenDescriptionUpdated() {
        assertEquals(List.of(new RepositoryDescriptionUpdated("second", T1)),
                given(List.of(created("demo")), new UpdateDescription("demo", "second", T1)));
    }

    @Test
    void givenARepository_whenRenamed_thenRenamedWithTheNewArn() {
        assertEquals(List.of(new RepositoryRenamed("demo", "next", "arn:aws:codecommit:us-east-2:111122223333:next",
                T1)), given(List.of(created("demo")), new Rename("demo", "next", false, T1)));
    }

    @Test
    void givenARepository_whenRenamedToItsOwnName_thenNothingHappens() {
        assertTrue(given(List.of(created("demo")), new Rename("demo", "demo", false, T1)).isEmpty());
    }

    @Test
    void givenARepository_whenRenamedToATakenName_thenNameExists() {
        assertEquals("RepositoryNameExistsException",
                errorOf(() -> given(List.of(created("demo")), new Rename("demo", "other", true, T1))));
    }

    @Test
    void givenARenamedRepository_whenItsKeyChanges_thenKeyUpdatedWithTheOriginal() {
        List<RepositoryEvent> history = List.of(created("demo"), new RepositoryRenamed("demo", "next",
                "arn:aws:codecommit:us-east-2:111122223333:next", T1));
        assertEquals(List.of(new RepositoryEncryptionKeyUpdated(KEY, "arn:aws:kms:original", T1)),
                given(history, new UpdateEncryptionKey("next", KEY, "arn:aws:kms:original", T1)));
        assertEquals(2, RepositoryState.fold(history).version());
        assertEquals("next", RepositoryState.fold(history).name());
    }

    @Test
    void givenARepository_whenDeleted_thenDeletedUnderItsCurrentName() {
        List<RepositoryEvent> history = List.of(created("demo"), new RepositoryRenamed("demo", "next",
                "arn:aws:codecommit:us-east-2:111122223333:next", T1));
        assertEquals(List.of(new RepositoryDeleted("next", T1)), given(history, new Delete("next", T1)));
    }

    @Test
    void givenADeletedRepository_whenDeletedAgain_thenNothingHappens() {
        assertTrue(given(List.of(created("demo"), new RepositoryDeleted("demo", T1)), new Delete("demo", T1))
                .isEmpty());
    }

    @Test
    void givenADeletedRepository_whenChanged_thenDoesNotExist() {
        List<RepositoryEvent> history = List.of(created("demo"), new RepositoryDeleted("demo", T1));
        assertEquals("RepositoryDoesNotExistException",
                errorOf(() -> given(history, new UpdateDescription("demo", "x", T1))));
        assertEquals("RepositoryDoesNotExistException",
                errorOf(() -> given(history, new Rename("demo", "x", false, T1))));
    }

    @Test
    void givenARepository_whenCreatedAgain_thenRefused() {
        assertThrows(IllegalStateException.class, () -> given(List.of(created("demo")), create("demo", Map.of(),
                false)));
    }

    @Test
    void givenTaggedRepository_whenTaggedAgain_thenOnlyAChangeIsAnEventAndFiftyIsTheLimit() {
        List<RepositoryEvent> history = List.of(created("demo"), new RepositoryTagged(Map.of("team", "a")));
        assertEquals(List.of(new RepositoryTagged(Map.of("team", "b"))),
                given(history, new Tag("demo", Map.of("team", "b"), T1)));
        assertTrue(given(history, new Tag("demo", Map.of("team", "a"), T1)).isEmpty(), "nothing changes");
        Map<String, String> fifty = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            fifty.put("k" + i, "v");
        }
        assertEquals("TooManyTagsException", errorOf(() -> given(history, new Tag("demo", fifty, T1))));
        assertEquals("TagsMapRequiredException", errorOf(() -> given(history, new Tag("demo", Map.of(), T1))));
        assertEquals("InvalidSystemTagUsageException",
                errorOf(() -> given(history, new Tag("demo", Map.of("aws:x", "v"), T1))));
        assertEquals("InvalidTagsMapException",
                errorOf(() -> given(history, new Tag("demo", Map.of("k", "v".repeat(257)), T1))));
    }

    @Test
    void givenTaggedRepository_whenUntagged_thenOnlyKeysItHasAreRemoved() {
        List<RepositoryEvent> history = List.of(created("demo"), new RepositoryTagged(Map.of("team", "a", "env",
                "dev")));
        assertEquals(List.of(new RepositoryUntagged(List.of("team"))),
                given(history, new Untag("demo", List.of("team", "absent", "team"), T1)));
        assertTrue(given(history, new Untag("demo", List.of("absent"), T1)).isEmpty());
        assertEquals("TagKeysListRequiredException", errorOf(() -> given(history, new Untag("demo", List.of(),
                T1))));
        assertEquals(Map.of("env", "dev"), RepositoryState.fold(List.of(created("demo"),
                new RepositoryTagged(Map.of("team", "a", "env", "dev")), new RepositoryUntagged(List.of("team"))))
                .tags());
    }
}
