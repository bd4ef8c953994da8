package io.coffer.key.identity;

/**
 * What changed in the identities in force, as one event of the {@code IdentityDirectory} aggregate (topic
 * {@code coffer.identity.events}). The event type says what happened ({@code UserCreated}, {@code AccessKeyCreated},
 * {@code AccessKeyStatusChanged}, {@code PolicyAttached} …); the fields name what it happened to, and are null where
 * they do not apply. Never carries a secret.
 *
 * @param target        for PolicyAttached/PolicyDetached: {@code user/<name>} or {@code group/<name>}
 * @param policyDigest  SHA-256 of the policy as in force, for PolicyCreated/PolicyUpdated
 * @param identitiesVersion SHA-256 of the identities file that made the change
 */
public record IdentityChanged(String accountId, String userName, String groupName, String policyName,
        String target, String accessKeyId, String status, String serviceName, String policyDigest,
        String identitiesVersion) {

    /** The same change, as recorded from another version of the file. */
    IdentityChanged recordedFrom(String version) {
        return new IdentityChanged(accountId, userName, groupName, policyName, target, accessKeyId, status,
                serviceName, policyDigest, version);
    }
}
