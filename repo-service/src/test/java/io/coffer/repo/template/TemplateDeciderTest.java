package io.coffer.repo.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coffer.events.contract.ApprovalRuleTemplateAssociated;
import io.coffer.events.contract.ApprovalRuleTemplateCreated;
import io.coffer.events.contract.ApprovalRuleTemplateDeleted;
import io.coffer.events.contract.ApprovalRuleTemplateEvent;
import io.coffer.kernel.AwsException;
import io.coffer.repo.template.TemplateDecider.Associate;
import io.coffer.repo.template.TemplateDecider.Create;
import io.coffer.repo.template.TemplateDecider.Delete;
import io.coffer.repo.template.TemplateDecider.Disassociate;
import io.coffer.repo.template.TemplateDecider.Rename;
import io.coffer.repo.template.TemplateDecider.TemplateCommand;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The ApprovalRuleTemplate aggregate's decisions, given its events and a command. */
class TemplateDeciderTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final String USER = "arn:aws:iam::111122223333:user/ada";
    private static final String RULE = """
            {"Version": "2018-11-08", "Statements": [{"Type": "Approvers", "NumberOfApprovalsNeeded": 2}]}""";
    private static final ApprovalRuleTemplateCreated CREATED = new ApprovalRuleTemplateCreated("t1", "two",
            "", RULE, USER, T0);

    private static List<ApprovalRuleTemplateEvent> given(List<ApprovalRuleTemplateEvent> history,
            TemplateCommand when) {
        return TemplateDecider.decide(when, TemplateState.fold(history));
    }

    private static String errorOf(Runnable decision) {
        return assertThrows(AwsException.class, decision::run).errorType();
    }

    @Test
    void givenNoTemplate_whenCreatedWithATakenNameBadRuleOrAtTheLimit_thenRefused() {
        assertEquals(List.of(CREATED), given(List.of(), new Create("t1", "two", null, RULE, USER, 0, false, T0)));
        assertEquals("ApprovalRuleTemplateNameAlreadyExistsException", errorOf(() -> given(List.of(),
                new Create("t1", "two", null, RULE, USER, 0, true, T0))));
        assertEquals("InvalidApprovalRuleTemplateContentException", errorOf(() -> given(List.of(),
                new Create("t1", "two", null, "{\"Version\": \"2012-10-17\"}", USER, 0, false, T0))));
        assertEquals("NumberOfRuleTemplatesExceededException", errorOf(() -> given(List.of(),
                new Create("t1", "two", null, RULE, USER, TemplateDecider.MAX_TEMPLATES, false, T0))));
        assertEquals("InvalidApprovalRuleTemplateNameException", errorOf(() -> given(List.of(),
                new Create("t1", "n".repeat(101), null, RULE, USER, 0, false, T0))));
    }

    @Test
    void givenAssociatedTemplate_whenDeleted_thenInUseUntilNoRepositoryIsLeft() {
        List<ApprovalRuleTemplateEvent> history = List.of(CREATED, new ApprovalRuleTemplateAssociated("r1", T0));
        assertEquals(Set.of("r1"), TemplateState.fold(history).repositoryIds());
        assertEquals(List.of(), given(history, new Associate("r1", 1, T0)));
        assertEquals("ApprovalRuleTemplateInUseException", errorOf(() -> given(history, new Delete(1, T0))));
        assertEquals(List.of(new ApprovalRuleTemplateDeleted("two", T0)), given(history, new Delete(0, T0)));
        assertEquals(1, given(history, new Disassociate("r1", T0)).size());
        assertEquals(List.of(), given(history, new Disassociate("r2", T0)));
    }

    @Test
    void givenTemplate_whenAssociatedWithAFullRepositoryOrRenamedOntoAnother_thenRefused() {
        assertEquals("MaximumRuleTemplatesAssociatedWithRepositoryException", errorOf(() -> given(List.of(CREATED),
                new Associate("r2", TemplateDecider.MAX_ON_REPOSITORY, T0))));
        assertEquals("ApprovalRuleTemplateNameAlreadyExistsException", errorOf(() -> given(List.of(CREATED),
                new Rename("taken", true, USER, T0))));
        assertTrue(given(List.of(CREATED), new Rename("two", true, USER, T0)).isEmpty());
    }
}
