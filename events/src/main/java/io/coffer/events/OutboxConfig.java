package io.coffer.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the outbox relay finds rows to publish ({@link OutboxRelay}). */
@ConfigMapping(prefix = "coffer.outbox")
public interface OutboxConfig {

    /** The relay's poll when nothing signals it, e.g. for rows another replica committed. */
    @WithDefault("PT0.5S")
    Duration pollInterval();
}
