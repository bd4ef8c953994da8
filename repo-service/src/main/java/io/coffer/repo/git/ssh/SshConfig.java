package io.coffer.repo.git.ssh;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Git over SSH: where it listens, its host keys, and the limits that keep one client from taking it over. */
@ConfigMapping(prefix = "coffer.repo.ssh")
public interface SshConfig {

    /** Off, repo-service serves Git over HTTPS only. */
    @WithDefault("true")
    boolean enabled();

    @WithDefault("0.0.0.0")
    String host();

    /** 0 takes a free port (tests). */
    @WithDefault("2222")
    int port();

    /** Where the Ed25519 and RSA host keys are made on first start and kept. */
    @WithDefault("data/ssh-host-keys")
    String hostKeyDir();

    /** Base of {@code cloneUrlSsh} in repository metadata: the host and port users reach. */
    String cloneUrlBase();

    /** Connections at once, authenticated or not; one more is closed as it is accepted. */
    @WithDefault("200")
    int maxConnections();

    /**
     * Connections one source address may hold before they authenticate; one more from it is closed as it is
     * accepted, so one host cannot fill {@link #maxConnections()} with connections that never log in.
     */
    @WithDefault("10")
    int maxUnauthenticatedPerSource();

    /** Sessions one SSH key may hold at once. */
    @WithDefault("20")
    int maxSessionsPerKey();

    /** Git commands running at once (each holds one thread); one more is refused with a message. */
    @WithDefault("32")
    int maxOperations();

    /** Time to authenticate after connecting (stock ssh takes well under a second). */
    @WithDefault("PT10S")
    Duration authTimeout();

    /** A session or a Git command with no traffic this long is closed. */
    @WithDefault("PT2M")
    Duration idleTimeout();
}
