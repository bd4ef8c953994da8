package io.coffer.key;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** key-service's configuration: the root key, and how the key store is read and maintained. */
@ConfigMapping(prefix = "coffer.key")
public interface KeyConfig {

    /**
     * The file holding the base64 256-bit root key that wraps all key material at rest (an HSM stand-in). Set as
     * {@code coffer.root-key-file} ({@code COFFER_ROOT_KEY_FILE}); see application.properties.
     */
    Path rootKeyFile();

    /**
     * Create the root key file on first start if it is missing: local runs; production mounts one and says false.
     * Set as {@code coffer.root-key-generate}.
     */
    boolean rootKeyGenerate();

    /** Hot-path reads of the key store give up after this: DependencyTimeoutException (503, retryable). */
    @WithDefault("PT5S")
    Duration readTimeout();

    /**
     * How long a replica may serve a key's state from memory to cryptographic calls (its own changes evict at once;
     * another replica's are seen within this time).
     */
    @WithDefault("PT1S")
    Duration stateCacheTtl();

    /** How often due key deletions and automatic rotations run. */
    @WithDefault("1m")
    String maintenanceInterval();
}
