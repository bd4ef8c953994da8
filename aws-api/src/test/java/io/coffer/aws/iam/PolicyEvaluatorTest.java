package io.coffer.aws.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * IAM's documented evaluation logic, case by case: effects × actions × resources × conditions, identity-based and
 * key policies together.
 */
class PolicyEvaluatorTest {

    static final String USER = "arn:aws:iam::111122223333:user/alice";
    static final String ACCOUNT = "111122223333";
    static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    static final String OTHER_KEY = "arn:aws:kms:us-east-1:111122223333:key/ffffffff-12ab-34cd-56ef-1234567890ab";

    static PolicyDocument identity(String statements) {
        return PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}",
                PolicyDocument.Kind.IDENTITY);
    }

    static PolicyDocument keyPolicy(String statements) {
        return PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}",
                PolicyDocument.Kind.RESOURCE);
    }

    static AuthorizationRequest request(String action, String resource, Map<String, List<String>> context) {
        Map<String, List<String>> all = new HashMap<>(context);
        all.put("aws:PrincipalArn", List.of(USER));
        all.put("aws:username", List.of("alice"));
        return new AuthorizationRequest(USER, ACCOUNT, action, resource, all);
    }

    static Decision decide(String identityStatements, String action, String resource,
            Map<String, List<String>> context) {
        return PolicyEvaluator.evaluate(request(action, resource, context),
                identityStatements == null ? List.of() : List.of(identity(identityStatements)), null);
    }

    static Stream<Arguments> effectsActionsResources() {
        String allowKms = "{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}";
        return Stream.of(
                // nothing applies: implicit deny
                Arguments.of(null, "kms:Decrypt", KEY, Decision.IMPLICIT_DENY),
                Arguments.of(allowKms, "kms:Decrypt", KEY, Decision.ALLOWED),
                Arguments.of(allowKms, "codecommit:GitPush", KEY, Decision.IMPLICIT_DENY),
                // action names are case-insensitive, wildcards * and ?
                Arguments.of("{\"Effect\":\"Allow\",\"Action\":\"KMS:decrypt\",\"Resource\":\"*\"}", "kms:Decrypt",
                        KEY, Decision.ALLOWED),
                Arguments.of("{\"Effect\":\"Allow\",\"Action\":\"kms:GenerateDataKey*\",\"Resource\":\"*\"}",
                        "kms:GenerateDataKeyWithoutPlaintext", KEY, Decision.ALLOWED),
                Arguments.of("{\"Effect\":\"Allow\",\"Action\":\"kms:?ncrypt\",\"Resource\":\"*\"}", "kms:Encrypt",
                        KEY, Decision.ALLOWED),
                Arguments.of("{\"Effect\":\"Allow\",\"Action\":\"kms:?ncrypt\",\"Resource\":\"*\"}", "kms:Decrypt",
                        KEY, Decision.IMPLICIT_DENY),
                // resources: exact ARN, wildcard, another ARN; ARNs are case-sensitive
                Arguments.of("{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"" + KEY + "\"}",
                        "kms:Decrypt", KEY, Decision.ALLOWED),
                Arguments.of("{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"" + KEY + "\"}",
                        "kms:Decrypt", OTHER_KEY, Decision.IMPLICIT_DENY),
                Arguments.of("{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"arn:aws:kms:*:111122223333:key/*\"}",
                        "kms:Decrypt", KEY, Decision.ALLOWED),
                Arguments.of("{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"" + KEY.replace("1234abcd", "1234ABCD") + "\"}",
                        "kms:Decrypt", KEY, Decision.IMPLICIT_DENY),
                // explicit Deny beats any Allow, in any order
                Arguments.of(allowKms + ",{\"Effect\":\"Deny\",\"Action\":\"kms:Decrypt\",\"Resource\":\"" + KEY + "\"}",
                        "kms:Decrypt", KEY, Decision.EXPLICIT_DENY),
                Arguments.of("{\"Effect\":\"Deny\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}," + allowKms,
                        "kms:Decrypt", KEY, Decision.EXPLICIT_DENY),
                Arguments.of(allowKms + ",{\"Effect\":\"Deny\",\"Action\":\"kms:Decrypt\",\"Resource\":\"" + KEY + "\"}",
                        "kms:Decrypt", OTHER_KEY, Decision.ALLOWED),
                Arguments.of(allowKms + ",{\"Effect\":\"Deny\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}",
                        "kms:Encrypt", KEY, Decision.ALLOWED),
                // NotAction / NotResource
                Arguments.of("{\"Effect\":\"Allow\",\"NotAction\":\"kms:ScheduleKeyDeletion\",\"Resource\":\"*\"}",
                        "kms:Decrypt", KEY, Decision.ALLOWED),
                Arguments.of("{\"Effect\":\"Allow\",\"NotAction\":\"kms:ScheduleKeyDeletion\",\"Resource\":\"*\"}",
                        "kms:ScheduleKeyDeletion", KEY, Decision.IMPLICIT_DENY),
                Arguments.of(allowKms + ",{\"Effect\":\"Deny\",\"Action\":\"kms:*\",\"NotResource\":\"" + KEY + "\"}",
                        "kms:Decrypt", OTHER_KEY, Decision.EXPLICIT_DENY),
                Arguments.of(allowKms + ",{\"Effect\":\"Deny\",\"Action\":\"kms:*\",\"NotResource\":\"" + KEY + "\"}",
                        "kms:Decrypt", KEY, Decision.ALLOWED),
                // policy variables
                Arguments.of("{\"Effect\":\"Allow\",\"Action\":\"codecommit:*\","
                        + "\"Resource\":\"arn:aws:codecommit:*:111122223333:${aws:username}-*\"}",
                        "codecommit:GitPush", "arn:aws:codecommit:us-east-1:111122223333:alice-tools",
                        Decision.ALLOWED),
                Arguments.of("{\"Effect\":\"Allow\",\"Action\":\"codecommit:*\","
                        + "\"Resource\":\"arn:aws:codecommit:*:111122223333:${aws:username}-*\"}",
                        "codecommit:GitPush", "arn:aws:codecommit:us-east-1:111122223333:bob-tools",
                        Decision.IMPLICIT_DENY));
    }

    @ParameterizedTest
    @MethodSource("effectsActionsResources")
    void givenIdentityPolicies_whenEvaluated_thenDecisionIsAwsLogic(String statements, String action, String resource,
            Decision expected) {
        assertEquals(expected, decide(statements, action, resource, Map.of()));
    }

    static Stream<Arguments> conditions() {
        Map<String, List<String>> viaCodeCommit = Map.of("kms:ViaService", List.of("codecommit.us-east-1.amazonaws.com"),
                "kms:EncryptionContext:aws:codecommit:id", List.of("repo-1"),
                "aws:SourceIp", List.of("10.1.2.3"), "aws:CurrentTime", List.of("2026-11-26T10:00:00Z"),
                "aws:SecureTransport", List.of("true"), "kms:EncryptionContextKeys", List.of("aws:codecommit:id"));
        return Stream.of(
                Arguments.of("{\"StringEquals\":{\"kms:ViaService\":\"codecommit.us-east-1.amazonaws.com\"}}",
                        viaCodeCommit, true),
                Arguments.of("{\"StringEquals\":{\"kms:ViaService\":[\"s3.us-east-1.amazonaws.com\","
                        + "\"codecommit.us-east-1.amazonaws.com\"]}}", viaCodeCommit, true),
                Arguments.of("{\"StringEquals\":{\"kms:ViaService\":\"codecommit.us-east-1.amazonaws.com\"}}",
                        Map.of(), false),
                // condition key names are case-insensitive, values are not (for StringEquals)
                Arguments.of("{\"StringEquals\":{\"KMS:VIASERVICE\":\"codecommit.us-east-1.amazonaws.com\"}}",
                        viaCodeCommit, true),
                Arguments.of("{\"StringEquals\":{\"kms:ViaService\":\"CODECOMMIT.us-east-1.amazonaws.com\"}}",
                        viaCodeCommit, false),
                Arguments.of("{\"StringEqualsIgnoreCase\":{\"kms:ViaService\":\"CODECOMMIT.us-east-1.amazonaws.com\"}}",
                        viaCodeCommit, true),
                Arguments.of("{\"StringLike\":{\"kms:EncryptionContext:aws:codecommit:id\":\"repo-?\"}}",
                        viaCodeCommit, true),
                Arguments.of("{\"StringNotEquals\":{\"kms:EncryptionContext:aws:codecommit:id\":\"repo-1\"}}",
                        viaCodeCommit, false),
                // a negated operator holds when the key is absent; IfExists holds when absent
                Arguments.of("{\"StringNotEquals\":{\"kms:EncryptionContext:aws:codecommit:id\":\"repo-1\"}}",
                        Map.of(), true),
                Arguments.of("{\"StringEqualsIfExists\":{\"kms:ViaService\":\"nope\"}}", Map.of(), true),
                Arguments.of("{\"StringEqualsIfExists\":{\"kms:ViaService\":\"nope\"}}", viaCodeCommit, false),
                Arguments.of("{\"Null\":{\"kms:ViaService\":\"true\"}}", Map.of(), true),
                Arguments.of("{\"Null\":{\"kms:ViaService\":\"true\"}}", viaCodeCommit, false),
                Arguments.of("{\"Null\":{\"kms:ViaService\":\"false\"}}", viaCodeCommit, true),
                Arguments.of("{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}", viaCodeCommit, true),
                Arguments.of("{\"IpAddress\":{\"aws:SourceIp\":[\"192.168.0.0/16\",\"10.1.2.3\"]}}", viaCodeCommit,
                        true),
                Arguments.of("{\"NotIpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}", viaCodeCommit, false),
                Arguments.of("{\"IpAddress\":{\"aws:SourceIp\":\"2001:db8::/32\"}}",
                        Map.of("aws:SourceIp", List.of("2001:db8::1")), true),
                Arguments.of("{\"DateLessThan\":{\"aws:CurrentTime\":\"2027-01-01T00:00:00Z\"}}", viaCodeCommit, true),
                Arguments.of("{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2027-01-01T00:00:00Z\"}}", viaCodeCommit,
                        false),
                Arguments.of("{\"NumericLessThan\":{\"kms:GrantCount\":\"5\"}}",
                        Map.of("kms:GrantCount", List.of("3")), true),
                Arguments.of("{\"NumericLessThan\":{\"kms:GrantCount\":\"5\"}}",
                        Map.of("kms:GrantCount", List.of("5")), false),
                Arguments.of("{\"Bool\":{\"aws:SecureTransport\":\"true\"}}", viaCodeCommit, true),
                Arguments.of("{\"Bool\":{\"aws:SecureTransport\":\"false\"}}", viaCodeCommit, false),
                Arguments.of("{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::111122223333:user/*\"}}", Map.of(), true),
                Arguments.of("{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:user/bob\"}}", Map.of(), false),
                Arguments.of("{\"ArnEquals\":{\"aws:PrincipalArn\":\"" + USER + "\"}}", Map.of(), true),
                // several keys of one operator, and several operators: all must hold
                Arguments.of("{\"StringEquals\":{\"kms:ViaService\":\"codecommit.us-east-1.amazonaws.com\","
                        + "\"kms:EncryptionContext:aws:codecommit:id\":\"repo-2\"}}", viaCodeCommit, false),
                Arguments.of("{\"StringEquals\":{\"kms:ViaService\":\"codecommit.us-east-1.amazonaws.com\"},"
                        + "\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}", viaCodeCommit, true),
                // set operators on a multi-valued key
                Arguments.of("{\"ForAllValues:StringEquals\":{\"kms:EncryptionContextKeys\":[\"aws:codecommit:id\","
                        + "\"purpose\"]}}", viaCodeCommit, true),
                Arguments.of("{\"ForAllValues:StringEquals\":{\"kms:EncryptionContextKeys\":\"purpose\"}}",
                        viaCodeCommit, false),
                Arguments.of("{\"ForAllValues:StringEquals\":{\"kms:EncryptionContextKeys\":\"purpose\"}}", Map.of(),
                        true),
                Arguments.of("{\"ForAnyValue:StringEquals\":{\"kms:EncryptionContextKeys\":\"aws:codecommit:id\"}}",
                        viaCodeCommit, true),
                Arguments.of("{\"ForAnyValue:StringEquals\":{\"kms:EncryptionContextKeys\":\"aws:codecommit:id\"}}",
                        Map.of(), false));
    }

    @ParameterizedTest
    @MethodSource("conditions")
    void givenConditions_whenEvaluated_thenAllowOnlyWhereTheyHold(String condition,
            Map<String, List<String>> context, boolean holds) {
        String allow = "{\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\",\"Condition\":" + condition
                + "}";
        assertEquals(holds ? Decision.ALLOWED : Decision.IMPLICIT_DENY, decide(allow, "kms:Decrypt", KEY, context));
        String deny = "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Action\":"
                + "\"kms:Decrypt\",\"Resource\":\"*\",\"Condition\":" + condition + "}";
        assertEquals(holds ? Decision.EXPLICIT_DENY : Decision.ALLOWED, decide(deny, "kms:Decrypt", KEY, context));
    }

    static final String CODECOMMIT_KEY_POLICY = "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
            + "\"Action\":[\"kms:Encrypt\",\"kms:Decrypt\",\"kms:ReEncrypt*\",\"kms:GenerateDataKey*\","
            + "\"kms:DescribeKey\"],\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"kms:ViaService\":"
            + "\"codecommit.us-east-1.amazonaws.com\",\"kms:CallerAccount\":\"111122223333\"}}},"
            + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},"
            + "\"Action\":[\"kms:Describe*\",\"kms:Get*\",\"kms:List*\"],\"Resource\":\"*\"}";
    static final Map<String, List<String>> VIA_CODECOMMIT = Map.of("kms:ViaService",
            List.of("codecommit.us-east-1.amazonaws.com"), "kms:CallerAccount", List.of(ACCOUNT));

    @Test
    void givenCodeCommitKeyPolicy_whenUsedViaCodeCommit_thenAllowedWithoutAnyIdentityPolicy() {
        assertEquals(Decision.ALLOWED, PolicyEvaluator.evaluate(request("kms:GenerateDataKey", KEY, VIA_CODECOMMIT),
                List.of(), keyPolicy(CODECOMMIT_KEY_POLICY)));
    }

    @Test
    void givenCodeCommitKeyPolicy_whenUsedDirectly_thenDeniedEvenForAnAdministrator() {
        PolicyDocument admin = identity("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}");
        assertEquals(Decision.IMPLICIT_DENY, PolicyEvaluator.evaluate(
                request("kms:Decrypt", KEY, Map.of("kms:CallerAccount", List.of(ACCOUNT))), List.of(admin),
                keyPolicy(CODECOMMIT_KEY_POLICY)));
    }

    @Test
    void givenCodeCommitKeyPolicy_whenIdentityPolicyDeniesOneAction_thenThatActionIsDeniedViaCodeCommitToo() {
        PolicyDocument deny = identity("{\"Effect\":\"Deny\",\"Action\":\"kms:ReEncrypt*\",\"Resource\":\"" + KEY
                + "\"}");
        assertEquals(Decision.EXPLICIT_DENY, PolicyEvaluator.evaluate(request("kms:ReEncryptFrom", KEY,
                VIA_CODECOMMIT), List.of(deny), keyPolicy(CODECOMMIT_KEY_POLICY)));
        assertEquals(Decision.ALLOWED, PolicyEvaluator.evaluate(request("kms:Decrypt", KEY, VIA_CODECOMMIT),
                List.of(deny), keyPolicy(CODECOMMIT_KEY_POLICY)));
    }

    @Test
    void givenAccountRootInKeyPolicy_whenIdentityPolicyAllows_thenAllowedElseNot() {
        PolicyDocument defaultKeyPolicy = keyPolicy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"arn:aws:iam::111122223333:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}");
        PolicyDocument allow = identity("{\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}");
        assertEquals(Decision.ALLOWED, PolicyEvaluator.evaluate(request("kms:Decrypt", KEY, Map.of()),
                List.of(allow), defaultKeyPolicy));
        assertEquals(Decision.IMPLICIT_DENY, PolicyEvaluator.evaluate(request("kms:Decrypt", KEY, Map.of()),
                List.of(), defaultKeyPolicy));
        assertEquals(Decision.IMPLICIT_DENY, PolicyEvaluator.evaluate(request("kms:Encrypt", KEY, Map.of()),
                List.of(allow), defaultKeyPolicy));
    }

    @Test
    void givenKeyPolicyThatNamesTheUser_whenNoIdentityPolicy_thenAllowed_andItsDenyWinsOverAdmin() {
        PolicyDocument policy = keyPolicy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + USER + "\"},"
                + "\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Principal\":\"*\","
                + "\"Action\":\"kms:ScheduleKeyDeletion\",\"Resource\":\"*\"}");
        PolicyDocument admin = identity("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}");
        assertEquals(Decision.ALLOWED, PolicyEvaluator.evaluate(request("kms:Decrypt", KEY, Map.of()), List.of(),
                policy));
        assertEquals(Decision.EXPLICIT_DENY, PolicyEvaluator.evaluate(request("kms:ScheduleKeyDeletion", KEY,
                Map.of()), List.of(admin), policy));
    }

    @Test
    void givenKeyPolicyForAnotherUser_whenEvaluated_thenItDoesNotApply() {
        PolicyDocument policy = keyPolicy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"arn:aws:iam::111122223333:user/bob\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}");
        assertEquals(Decision.IMPLICIT_DENY, PolicyEvaluator.evaluate(request("kms:Decrypt", KEY, Map.of()),
                List.of(), policy));
    }
}
