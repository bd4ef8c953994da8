package io.coffer.aws.identity;

import io.coffer.aws.iam.PolicyDocument;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS-managed policies an identities file may attach by ARN ({@code arn:aws:iam::aws:policy/<name>}), with the
 * statements that matter here: Coffer's CodeCommit, KMS and CloudTrail actions.
 */
final class ManagedPolicies {

    static final String ARN_PREFIX = "arn:aws:iam::aws:policy/";

    private static final Map<String, String> DOCUMENTS = Map.of(
            "AdministratorAccess", """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""",
            "AWSCodeCommitFullAccess", """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"codecommit:*","Resource":"*"}]}""",
            "AWSCodeCommitPowerUser", """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"codecommit:*","Resource":"*"},\
                    {"Effect":"Deny","Action":"codecommit:DeleteRepository","Resource":"*"}]}""",
            "AWSCodeCommitReadOnly", """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["codecommit:BatchGet*",\
                    "codecommit:Describe*","codecommit:Get*","codecommit:GitPull","codecommit:List*"],"Resource":"*"}]}""",
            "AWSCloudTrail_ReadOnlyAccess", """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudtrail:Get*",\
                    "cloudtrail:Describe*","cloudtrail:List*","cloudtrail:LookupEvents"],"Resource":"*"}]}""",
            "AWSKeyManagementServicePowerUser", """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:CreateAlias","kms:CreateKey",\
                    "kms:DeleteAlias","kms:Describe*","kms:GenerateRandom","kms:Get*","kms:List*","kms:TagResource",\
                    "kms:UntagResource"],"Resource":"*"}]}""");

    private static final Map<String, PolicyDocument> PARSED = parsed();

    private ManagedPolicies() {
    }

    static Optional<PolicyDocument> byArn(String arn) {
        return arn.startsWith(ARN_PREFIX) ? Optional.ofNullable(PARSED.get(arn.substring(ARN_PREFIX.length())))
                : Optional.empty();
    }

    private static Map<String, PolicyDocument> parsed() {
        Map<String, PolicyDocument> parsed = new HashMap<>();
        DOCUMENTS.forEach((name, json) -> parsed.put(name, PolicyDocument.parse(json, PolicyDocument.Kind.IDENTITY)));
        return Map.copyOf(parsed);
    }
}
