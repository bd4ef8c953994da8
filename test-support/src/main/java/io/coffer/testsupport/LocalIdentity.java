package io.coffer.testsupport;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The local default identity every service accepts out of the box (see README, "Configuration"). */
public final class LocalIdentity {

    public static final String ACCOUNT_ID = "111122223333";
    public static final String ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    public static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public static final String ARN = "arn:aws:iam::" + ACCOUNT_ID + ":user/admin";

    private LocalIdentity() {
    }

    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
    }

    /** Credentials with the right key ID and a wrong secret, so every signature is wrong. */
    public static StaticCredentialsProvider wrongSecret() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, "not-the-secret"));
    }
}
