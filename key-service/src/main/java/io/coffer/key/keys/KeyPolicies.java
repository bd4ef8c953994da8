package io.coffer.key.keys;

/** The key policies KMS gives keys that are created without one. */
public final class KeyPolicies {

    public static final String DEFAULT_NAME = "default";

    private KeyPolicies() {
    }

    /** KMS's default policy: the account's IAM policies decide. */
    public static String defaultPolicy(String accountId) {
        return """
                {"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions",\
                "Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"kms:*","Resource":"*"}]}"""
                .formatted(accountId);
    }

    /** The policy of an aws/codecommit key: use only through CodeCommit, by principals of the account. */
    public static String codeCommitPolicy(String accountId, String region) {
        return """
                {"Version":"2012-10-17","Id":"auto-codecommit-1","Statement":[{"Sid":"Allow access through AWS \
                CodeCommit for all principals in the account that are authorized to use AWS CodeCommit",\
                "Effect":"Allow","Principal":{"AWS":"*"},"Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*",\
                "kms:GenerateDataKey*","kms:DescribeKey"],"Resource":"*","Condition":{"StringEquals":\
                {"kms:ViaService":"codecommit.%s.amazonaws.com","kms:CallerAccount":"%s"}}},{"Sid":"Allow direct \
                access to key metadata to the account","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},\
                "Action":["kms:Describe*","kms:Get*","kms:List*"],"Resource":"*"}]}"""
                .formatted(region, accountId, accountId);
    }
}
