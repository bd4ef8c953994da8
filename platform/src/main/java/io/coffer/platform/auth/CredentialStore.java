package io.coffer.platform.auth;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Looks up access keys. For now one configured user; the identity issue brings accounts, users and policies. */
@ApplicationScoped
public class CredentialStore {

    private final IdentityConfig config;

    public CredentialStore(IdentityConfig config) {
        this.config = config;
    }

    /** The principal owning {@code accessKeyId} and its secret, if the key exists. */
    public Optional<AccessKey> find(String accessKeyId) {
        // constant-time, so the comparison does not reveal how much of a guessed key ID matched
        if (!MessageDigest.isEqual(config.accessKeyId().getBytes(StandardCharsets.UTF_8),
                accessKeyId.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return Optional.of(new AccessKey(new Principal(config.accountId(), config.userName(), config.accessKeyId()),
                config.secretAccessKey()));
    }

    /** An access key with its secret; the secret must not be logged or returned. */
    public record AccessKey(Principal principal, String secret) {

        @Override
        public String toString() {
            return "AccessKey[" + principal.accessKeyId() + "]";
        }
    }
}
