package io.coffer.console.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PolicyDocumentsTest {

    private static final String ROOT_CAN_DO_ALL = """
            {"Version": "2012-10-17", "Statement": [{"Sid": "Root", "Effect": "Allow",
              "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]}
            """;

    @Test
    void givenTheDefaultKeyPolicyShape_whenChecked_thenNoProblem() {
        assertNull(PolicyDocuments.problem(ROOT_CAN_DO_ALL));
    }

    @Test
    void givenBrokenJson_whenChecked_thenTheProblemSaysWhere() {
        String problem = PolicyDocuments.problem("{\"Version\": \"2012-10-17\",\n \"Statement\": [}");
        assertTrue(problem.startsWith("Not JSON: "), problem);
        assertTrue(problem.endsWith("(line 2, column 16)"), problem);
    }

    @Test
    void givenAStatementWithoutItsParts_whenChecked_thenTheStatementIsNamed() {
        assertEquals("Statement 1: Effect must be Allow or Deny.", PolicyDocuments.problem(
                ROOT_CAN_DO_ALL.replace("\"Allow\"", "\"Permit\"")));
        assertEquals("Statement 1: an Action (or NotAction) is required.", PolicyDocuments.problem(
                ROOT_CAN_DO_ALL.replace("\"Action\"", "\"Actions\"")));
        assertEquals("Statement 1: a key policy statement names a Principal.", PolicyDocuments.problem(
                ROOT_CAN_DO_ALL.replace("\"Principal\"", "\"Principals\"")));
        assertEquals("A policy needs a Statement: one statement or a list of them.",
                PolicyDocuments.problem("{\"Version\": \"2012-10-17\", \"Statement\": []}"));
        assertEquals("Version must be 2012-10-17.", PolicyDocuments.problem(
                ROOT_CAN_DO_ALL.replace("2012-10-17", "2024-01-01")));
    }
}
