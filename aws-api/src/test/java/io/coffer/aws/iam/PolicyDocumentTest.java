package io.coffer.aws.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyDocumentTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"Version\":\"2012-10-17\"}|Statement",
            "{\"Version\":\"2013-01-01\",\"Statement\":[]}|Version",
            "{\"Statement\":{\"Effect\":\"Permit\",\"Action\":\"*\",\"Resource\":\"*\"}}|Statement.Effect",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Resource\":\"*\"}]}|Statement[0]",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"NotAction\":\"*\",\"Resource\":\"*\"}]}|Statement[0]",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms Decrypt\",\"Resource\":\"*\"}]}|Statement[0].Action",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"bucket\"}]}|Statement[0].Resource",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Principal\":\"*\"}]}|Statement[0].Principal",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringEqualz\":{\"a:b\":\"c\"}}}]}|Statement[0].Condition.StringEqualz",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"example.com\"}}}]}|Statement[0].Condition.IpAddress.aws:SourceIp",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"aws:CurrentTime\":\"soon\"}}}]}|Statement[0].Condition.DateLessThan.aws:CurrentTime",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Extra\":1}]}|Statement[0].Extra",
    })
    void givenMalformedIdentityPolicy_whenParsed_thenRefusedNamingTheElement(String json, String field) {
        MalformedPolicyException e = assertThrows(MalformedPolicyException.class,
                () -> PolicyDocument.parse(json, PolicyDocument.Kind.IDENTITY));
        assertEquals(field, e.field());
    }

    @Test
    void givenDuplicateKeys_whenParsed_thenRefused() {
        assertThrows(MalformedPolicyException.class, () -> PolicyDocument.parse(
                "{\"Statement\":[{\"Effect\":\"Deny\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
                PolicyDocument.Kind.IDENTITY));
    }

    @Test
    void givenKeyPolicyWithoutPrincipal_whenParsed_thenRefused() {
        MalformedPolicyException e = assertThrows(MalformedPolicyException.class, () -> PolicyDocument.parse(
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}]}",
                PolicyDocument.Kind.RESOURCE));
        assertTrue(e.getMessage().contains("Principal"), e.getMessage());
    }

    @Test
    void givenHostileWildcardPattern_whenMatched_thenAnswersQuickly() {
        String pattern = "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b";
        long start = System.nanoTime();
        assertEquals(false, Wildcard.matches(pattern, "a".repeat(5000)));
        assertTrue(System.nanoTime() - start < 2_000_000_000L);
    }
}
