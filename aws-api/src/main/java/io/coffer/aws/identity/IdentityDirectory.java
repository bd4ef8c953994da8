package io.coffer.aws.identity;

import io.coffer.aws.iam.PolicyDocument;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One consistent version of every account, user, group, access key, service principal and policy, as one
 * identities file declared them. Immutable: a reload swaps the whole directory, so a request is authorized against
 * one version from start to end.
 *
 * @param version     SHA-256 (hex) of the file's bytes; events and logs name a directory by it
 * @param accessKeys    every access key, users' and services', by key ID
 * @param sshPublicKeys every user's SSH public key, by SSH key ID
 */
public record IdentityDirectory(String version, Map<String, Account> accounts, Map<String, AccessKey> accessKeys,
        Map<String, ServicePrincipal> services, Map<String, SshPublicKey> sshPublicKeys) {

    public IdentityDirectory {
        accounts = Map.copyOf(accounts);
        accessKeys = Map.copyOf(accessKeys);
        services = Map.copyOf(services);
        sshPublicKeys = Map.copyOf(sshPublicKeys);
    }

    public Optional<AccessKey> accessKey(String accessKeyId) {
        return Optional.ofNullable(accessKeys.get(accessKeyId));
    }

    public Optional<SshPublicKey> sshPublicKey(String sshKeyId) {
        return Optional.ofNullable(sshPublicKeys.get(sshKeyId));
    }

    public Optional<User> user(String accountId, String userName) {
        Account account = accounts.get(accountId);
        return account == null ? Optional.empty() : Optional.ofNullable(account.users().get(userName));
    }

    /** An account and what it owns: customer-managed policies, groups and users, each by name. */
    public record Account(String id, Map<String, PolicyDocument> policies, Map<String, Group> groups,
            Map<String, User> users) {

        public Account {
            policies = Map.copyOf(policies);
            groups = Map.copyOf(groups);
            users = Map.copyOf(users);
        }
    }

    /** A group and the names of the policies attached to it. */
    public record Group(String accountId, String name, List<String> policies) {

        public Group {
            policies = List.copyOf(policies);
        }
    }

    /**
     * An IAM user.
     *
     * @param attachedPolicies names of policies attached to the user itself (not through groups)
     * @param effectivePolicies every identity-based policy that applies: the user's and its groups', resolved
     */
    public record User(String accountId, String name, List<String> groups, List<String> attachedPolicies,
            List<PolicyDocument> effectivePolicies) {

        public User {
            groups = List.copyOf(groups);
            attachedPolicies = List.copyOf(attachedPolicies);
            effectivePolicies = List.copyOf(effectivePolicies);
        }

        public String arn() {
            return "arn:aws:iam::" + accountId + ":user/" + name;
        }
    }

    /**
     * A Coffer service that calls other services on a user's behalf (forward access), e.g. repo-service as
     * {@code codecommit.amazonaws.com}. It has no policies of its own: it can do nothing except in a user's name.
     */
    public record ServicePrincipal(String name) {
    }

    /**
     * An access key: of a user (then {@code service} is null) or of a service principal (then {@code accountId} and
     * {@code userName} are null). The secret is never printed.
     */
    public record AccessKey(String id, SecretAccessKey secret, boolean active, String accountId, String userName,
            String service) {

        public boolean ofService() {
            return service != null;
        }
    }

    /** A secret access key: only SigV4 key derivation reads it; it is not printed, logged or serialized. */
    public static final class SecretAccessKey {

        private final String value;

        public SecretAccessKey(String value) {
            this.value = value;
        }

        /** For SigV4 signing-key derivation only. */
        public String reveal() {
            return value;
        }

        @Override
        public String toString() {
            return "SecretAccessKey[redacted]";
        }
    }
}
