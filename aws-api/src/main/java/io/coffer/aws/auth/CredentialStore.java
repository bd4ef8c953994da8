package io.coffer.aws.auth;

import io.coffer.aws.identity.Identities;
import io.coffer.aws.identity.IdentityDirectory;
import io.coffer.aws.identity.SshPublicKey;
import io.coffer.kernel.Principal;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Looks up active credentials (access keys and SSH public keys) in the identities in force. */
@ApplicationScoped
public class CredentialStore {

    private final Identities identities;

    public CredentialStore(Identities identities) {
        this.identities = identities;
    }

    /**
     * The principal owning {@code accessKeyId} and its secret, if the key exists and is active. An inactive key is
     * treated as unknown, as AWS does: the caller learns nothing about it.
     */
    public Optional<AccessKey> find(String accessKeyId) {
        return identities.current().accessKey(accessKeyId).filter(IdentityDirectory.AccessKey::active)
                .map(key -> new AccessKey(key.ofService() ? null : new Principal(key.accountId(), key.userName(),
                        key.id()), key.secret(), key.service()));
    }

    /**
     * The user an active SSH public key belongs to; the principal's credential ID is the SSH key ID. An inactive key
     * is treated as unknown.
     */
    public Optional<SshKey> findSshKey(String sshKeyId) {
        return identities.current().sshPublicKey(sshKeyId).filter(SshPublicKey::active)
                .map(key -> new SshKey(new Principal(key.accountId(), key.userName(), key.id()), key));
    }

    /**
     * The user behind a credential ID a service names when it acts for that user: an access key's or an SSH public
     * key's (a Git-over-SSH caller has no access key).
     */
    public Optional<Principal> principal(String credentialId) {
        return find(credentialId).map(AccessKey::principal).or(() -> findSshKey(credentialId).map(SshKey::principal));
    }

    /** An active SSH public key and its user. */
    public record SshKey(Principal principal, SshPublicKey key) {
    }

    /**
     * An access key with its secret; the secret must not be logged or returned.
     *
     * @param principal the IAM user, or {@code null} for a service principal's key
     * @param service   the service principal's name, or {@code null} for a user's key
     */
    public record AccessKey(Principal principal, IdentityDirectory.SecretAccessKey secret, String service) {
    }
}
