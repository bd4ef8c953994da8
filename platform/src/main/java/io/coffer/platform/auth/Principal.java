package io.coffer.platform.auth;

/** An IAM user and the access key it signed with. */
public record Principal(String accountId, String userName, String accessKeyId) {

    public String arn() {
        return "arn:aws:iam::" + accountId + ":user/" + userName;
    }
}
