package io.coffer.platform.auth;

import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Where identities come from, and this service's own credentials for calls to other services. */
@ConfigMapping(prefix = "coffer.identity")
public interface IdentityConfig {

    /**
     * The identities file (YAML or JSON): accounts, users, groups, access keys, policies, service principals.
     * Required outside dev and test, where {@link #builtInLocal()} may stand in.
     */
    Optional<Path> file();

    /** Use the built-in local identities (README, "Configuration") when no file is set: dev and test only. */
    @WithDefault("false")
    boolean builtInLocal();

    /** The key that opens the file's {@code sealedSecret} entries ({@link io.coffer.platform.identity.SealedSecrets}). */
    Optional<Path> secretsKeyFile();

    /** How often the file is checked for changes. */
    @WithDefault("2s")
    Duration reloadInterval();

    /** This service's access key for calls on a user's behalf; a service principal's key in the identities file. */
    Optional<String> serviceAccessKeyId();

    /** Never logged; used only to derive SigV4 signing keys. */
    Optional<String> serviceSecretAccessKey();
}
