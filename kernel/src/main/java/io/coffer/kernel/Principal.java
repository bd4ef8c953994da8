package io.coffer.kernel;

/**
 * An IAM user and the credential it authenticated with.
 *
 * @param accessKeyId the access key it signed with, or the SSH public key ID ({@code APKA…}) of a Git-over-SSH caller
 */
public record Principal(String accountId, String userName, String accessKeyId) {

    public String arn() {
        return "arn:aws:iam::" + accountId + ":user/" + userName;
    }
}
