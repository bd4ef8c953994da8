package io.coffer.testsupport;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The identities of the built-in local identities file (aws-api's {@code META-INF/coffer/identities-local.yaml}),
 * which every service uses in tests: the administrator, a developer, an auditor and repo-service's service principal.
 */
public final class LocalIdentity {

    public static final String ACCOUNT_ID = "111122223333";
    public static final String ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    public static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public static final String ARN = "arn:aws:iam::" + ACCOUNT_ID + ":user/admin";

    public static final String DEVELOPER_ACCESS_KEY_ID = "AKIAI44QH8DHBEXAMPLE";
    public static final String DEVELOPER_SECRET = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
    public static final String AUDITOR_ACCESS_KEY_ID = "AKIAJAUDITOREXAMPLE1";
    public static final String AUDITOR_SECRET = "AuditorSecretKeyForLocalRunsEXAMPLEKEY1";
    /** The auditor's second key, which is Inactive. */
    public static final String AUDITOR_INACTIVE_ACCESS_KEY_ID = "AKIAJAUDITOREXAMPLE2";
    public static final String AUDITOR_INACTIVE_SECRET = "AuditorRetiredKeyForLocalRunsEXAMPLEKEY2";
    /** repo-service's service principal, which may act for a user as {@code codecommit.amazonaws.com}. */
    public static final String REPO_SERVICE_ACCESS_KEY_ID = "CFSVCREPOSERVICE0001";
    public static final String REPO_SERVICE_SECRET = "coffer-local-repo-service-secret-EXAMPLE";

    private LocalIdentity() {
    }

    public static StaticCredentialsProvider developer() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(DEVELOPER_ACCESS_KEY_ID, DEVELOPER_SECRET));
    }

    public static StaticCredentialsProvider auditor() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(AUDITOR_ACCESS_KEY_ID, AUDITOR_SECRET));
    }

    public static StaticCredentialsProvider repoService() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(REPO_SERVICE_ACCESS_KEY_ID,
                REPO_SERVICE_SECRET));
    }

    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
    }

    /** Credentials with the right key ID and a wrong secret, so every signature is wrong. */
    public static StaticCredentialsProvider wrongSecret() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, "not-the-secret"));
    }
}
