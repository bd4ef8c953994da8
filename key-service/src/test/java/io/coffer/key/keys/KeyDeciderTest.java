package io.coffer.key.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.coffer.events.contract.AliasCreated;
import io.coffer.events.contract.AliasDeleted;
import io.coffer.events.contract.AliasUpdated;
import io.coffer.events.contract.GrantCreated;
import io.coffer.events.contract.GrantRetired;
import io.coffer.events.contract.KeyDeletionCancelled;
import io.coffer.events.contract.KeyDeletionScheduled;
import io.coffer.events.contract.KeyDisabled;
import io.coffer.events.contract.KeyEnabled;
import io.coffer.events.contract.KeyEvent;
import io.coffer.events.contract.KeyMaterialDestroyed;
import io.coffer.events.contract.KeyPolicyChanged;
import io.coffer.events.contract.KeyProvisioned;
import io.coffer.events.contract.KeyRotated;
import io.coffer.events.contract.KeyRotationDisabled;
import io.coffer.events.contract.KeyRotationEnabled;
import io.coffer.events.contract.KeyTagged;
import io.coffer.kernel.AwsException;
import io.coffer.key.keys.KeyDecider.CancelDeletion;
import io.coffer.key.keys.KeyDecider.CreateGrant;
import io.coffer.key.keys.KeyDecider.DestroyMaterial;
import io.coffer.key.keys.KeyDecider.DisableKey;
import io.coffer.key.keys.KeyDecider.DisableRotation;
import io.coffer.key.keys.KeyDecider.EnableKey;
import io.coffer.key.keys.KeyDecider.EnableRotation;
import io.coffer.key.keys.KeyDecider.EndGrant;
import io.coffer.key.keys.KeyDecider.KeyCommand;
import io.coffer.key.keys.KeyDecider.PointAlias;
import io.coffer.key.keys.KeyDecider.PutPolicy;
import io.coffer.key.keys.KeyDecider.RemoveAlias;
import io.coffer.key.keys.KeyDecider.Rotate;
import io.coffer.key.keys.KeyDecider.ScheduleDeletion;
import io.coffer.key.keys.KeyDecider.TagKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Key aggregate's decisions, given/when/then: events in, a command, events or a KMS error out. No I/O. */
class KeyDeciderTest {

    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00.123Z");
    private static final Instant NOW = Instant.parse("2026-03-01T08:30:00.456789Z");

    private static KeyProvisioned customerKey() {
        return new KeyProvisioned("k-1", "arn:aws:kms:eu-west-3:111122223333:key/k-1", "111122223333", "eu-west-3",
                "CUSTOMER", "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", "", null, null, T0, "{}", Map.of(), "AWS_KMS", null);
    }

    private static KeyProvisioned awsManagedKey() {
        return new KeyProvisioned("k-2", "arn:aws:kms:eu-west-3:111122223333:key/k-2", "111122223333", "eu-west-3",
                "AWS", "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", "", KeyProvisioned.CODECOMMIT_ALIAS, "repo-1", T0, "{}",
                Map.of(), "AWS_KMS", null);
    }

    /** The key folded from {@code given}, then what {@code command} decides. */
    private static List<KeyEvent> given(List<KeyEvent> given, KeyCommand command) {
        KeyState state = null;
        long version = 0;
        for (KeyEvent event : given) {
            state = KeyState.evolve(state, event, ++version);
        }
        return KeyDecider.decide(command, state);
    }

    private static String refused(List<KeyEvent> given, KeyCommand command) {
        return assertThrows(AwsException.class, () -> given(given, command)).errorType();
    }

    @Test
    void givenADisabledKey_whenEnabled_thenKeyEnabled_andGivenAnEnabledOne_thenNothing() {
        assertEquals(List.of(new KeyEnabled()), given(List.of(customerKey(), new KeyDisabled()), new EnableKey()));
        assertEquals(List.of(), given(List.of(customerKey()), new EnableKey()));
    }

    @Test
    void givenAnEnabledKey_whenDisabledTwice_thenOneKeyDisabled() {
        assertEquals(List.of(new KeyDisabled()), given(List.of(customerKey()), new DisableKey()));
        assertEquals(List.of(), given(List.of(customerKey(), new KeyDisabled()), new DisableKey()));
    }

    @Test
    void givenTheAwsManagedKey_whenDisabledDeletedRepoliciedTaggedOrAliased_thenRefused() {
        List<KeyEvent> managed = List.of(awsManagedKey());
        assertEquals("AccessDeniedException", refused(managed, new DisableKey()));
        assertEquals("AccessDeniedException", refused(managed, new ScheduleDeletion(7, NOW)));
        assertEquals("AccessDeniedException", refused(managed, new PutPolicy("{}")));
        assertEquals("AccessDeniedException", refused(managed, new TagKey(Map.of("a", "b"))));
        assertEquals("AccessDeniedException", refused(managed, new DisableRotation()));
        assertEquals("UnsupportedOperationException", refused(managed, new Rotate(true, NOW)));
        assertEquals("NotAuthorizedException", refused(managed, new PointAlias("alias/mine", null, NOW)));
    }

    @Test
    void givenAnEnabledKey_whenDeletionScheduled_thenDueAfterTheWindowToTheMillisecond() {
        assertEquals(List.of(new KeyDeletionScheduled(Instant.parse("2026-03-08T08:30:00.456Z"), 7)),
                given(List.of(customerKey()), new ScheduleDeletion(7, NOW)));
    }

    @Test
    void givenAKeyPendingDeletion_whenUsedForChanges_thenKmsInvalidState() {
        List<KeyEvent> pending = List.of(customerKey(), new KeyDeletionScheduled(NOW, 7));
        for (KeyCommand command : List.of(new EnableKey(), new DisableKey(), new ScheduleDeletion(7, NOW),
                new EnableRotation(90, NOW), new Rotate(true, NOW), new PointAlias("alias/a", null, NOW))) {
            assertEquals("KMSInvalidStateException", refused(pending, command), command.toString());
        }
    }

    @Test
    void givenAKeyPendingDeletion_whenCancelled_thenKeyDeletionCancelled_andGivenNone_thenInvalidState() {
        assertEquals(List.of(new KeyDeletionCancelled()),
                given(List.of(customerKey(), new KeyDeletionScheduled(NOW, 7)), new CancelDeletion()));
        assertEquals("KMSInvalidStateException", refused(List.of(customerKey()), new CancelDeletion()));
    }

    @Test
    void givenADueDeletion_whenMaintenanceDestroys_thenKeyMaterialDestroyed_andGivenNoneDue_thenIllegal() {
        List<KeyEvent> pending = List.of(customerKey(), new KeyDeletionScheduled(NOW, 7));
        Instant due = NOW.plus(Duration.ofDays(7));
        assertEquals(List.of(new KeyMaterialDestroyed(due)), given(pending, new DestroyMaterial(due)));
        assertThrows(IllegalStateException.class, () -> given(pending, new DestroyMaterial(NOW.minusSeconds(1))));
    }

    @Test
    void givenADisabledKey_whenRotationEnabledOrRotated_thenKmsDisabled() {
        List<KeyEvent> disabled = List.of(customerKey(), new KeyDisabled());
        assertEquals("DisabledException", refused(disabled, new EnableRotation(90, NOW)));
        assertEquals("DisabledException", refused(disabled, new Rotate(true, NOW)));
    }

    @Test
    void givenRotationEnabled_whenRotatedOnDemandThenAutomatically_thenVersionsTwoAndThree() {
        List<KeyEvent> history = new ArrayList<>(List.of(customerKey(),
                new KeyRotationEnabled(90, NOW.plus(Duration.ofDays(90)))));
        List<KeyEvent> onDemand = given(history, new Rotate(true, NOW));
        assertEquals(List.of(new KeyRotated(2, Instant.parse("2026-03-01T08:30:00.456Z"), "ON_DEMAND")), onDemand);
        history.addAll(onDemand);
        assertEquals(List.of(new KeyRotated(3, T0, "AUTOMATIC")), given(history, new Rotate(false, T0)));
        assertEquals(List.of(new KeyRotationDisabled()), given(history, new DisableRotation()));
    }

    @Test
    void givenTheAwsManagedKey_whenItsYearlyRotationIsDue_thenRotated() {
        assertEquals(List.of(new KeyRotated(2, NOW.minusNanos(789_000), "AUTOMATIC")),
                given(List.of(awsManagedKey()), new Rotate(false, NOW)));
    }

    @Test
    void givenACustomerKey_whenAnAliasIsPointedAtItAndRemoved_thenCreatedUpdatedDeleted() {
        List<KeyEvent> key = List.of(customerKey());
        Instant at = NOW.minusNanos(789_000);
        assertEquals(List.of(new AliasCreated("alias/a", at)), given(key, new PointAlias("alias/a", null, NOW)));
        assertEquals(List.of(new AliasUpdated("alias/a", "k-0", at)),
                given(key, new PointAlias("alias/a", "k-0", NOW)));
        assertEquals(List.of(new AliasDeleted("alias/a")), given(key, new RemoveAlias("alias/a")));
    }

    @Test
    void givenACustomerKey_whenPolicyPutAndTagged_thenTheirEvents() {
        List<KeyEvent> key = List.of(customerKey());
        assertEquals(List.of(new KeyPolicyChanged("{\"Version\":\"2012-10-17\"}")),
                given(key, new PutPolicy("{\"Version\":\"2012-10-17\"}")));
        assertEquals(List.of(new KeyTagged(Map.of("team", "git"))), given(key, new TagKey(Map.of("team", "git"))));
    }

    private static GrantCreated grant(String grantId, String name) {
        return new GrantCreated(grantId, name, "arn:aws:iam::111122223333:user/developer", null,
                List.of("Encrypt", "Decrypt"), null, Map.of("project", "tour"), "arn:aws:iam::111122223333:root", T0);
    }

    @Test
    void givenANamedGrant_whenTheSameGrantIsCreatedAgain_thenNothing_andAnotherNameIsANewGrant() {
        GrantCreated first = grant("a".repeat(64), "g");
        assertEquals(List.of(), given(List.of(customerKey(), first), new CreateGrant(grant("b".repeat(64), "g"))));
        GrantCreated other = grant("c".repeat(64), "h");
        assertEquals(List.of(other), given(List.of(customerKey(), first), new CreateGrant(other)));
    }

    @Test
    void givenAGrant_whenRetiredThenRevoked_thenGrantRetired_andTheSecondEndIsNotFound() {
        GrantCreated grant = grant("a".repeat(64), null);
        assertEquals(List.of(new GrantRetired(grant.grantId())),
                given(List.of(customerKey(), grant), new EndGrant(grant.grantId(), false)));
        assertEquals("NotFoundException", refused(List.of(customerKey(), grant, new GrantRetired(grant.grantId())),
                new EndGrant(grant.grantId(), true)));
        assertEquals("KMSInvalidStateException", refused(List.of(customerKey(),
                new KeyDeletionScheduled(NOW, 7)), new CreateGrant(grant)));
    }

    @Test
    void givenAGrantWithAContextSubset_whenAsked_thenOnlyItsGranteeOperationsAndContextsAreAllowed() {
        Grant grant = Grant.of(grant("a".repeat(64), null));
        String developer = "arn:aws:iam::111122223333:user/developer";
        assertEquals(true, grant.allows(developer, "Encrypt", Map.of("project", "tour", "more", "x")));
        assertEquals(false, grant.allows(developer, "Encrypt", Map.of("project", "other")));
        assertEquals(false, grant.allows(developer, "Encrypt", null));
        assertEquals(false, grant.allows(developer, "Sign", Map.of("project", "tour")));
        assertEquals(false, grant.allows("arn:aws:iam::111122223333:user/admin", "Encrypt", Map.of("project", "tour")));
    }

    @Test
    void givenTenOnDemandRotations_whenRotatedAgain_thenLimitExceeded_andAnRsaKeyNeverRotates() {
        List<KeyEvent> history = new ArrayList<>(List.of(customerKey()));
        for (int version = 2; version <= 11; version++) {
            history.add(new KeyRotated(version, NOW, "ON_DEMAND"));
        }
        assertEquals("LimitExceededException", refused(history, new Rotate(true, NOW)));
        KeyProvisioned rsa = new KeyProvisioned("k-3", "arn:aws:kms:eu-west-3:111122223333:key/k-3", "111122223333",
                "eu-west-3", "CUSTOMER", "RSA_2048", "SIGN_VERIFY", "", null, null, T0, "{}", Map.of(), null, null);
        assertEquals("UnsupportedOperationException", refused(List.of(rsa), new EnableRotation(365, NOW)));
        assertEquals("UnsupportedOperationException", refused(List.of(rsa), new Rotate(true, NOW)));
    }
}
