package io.coffer.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How every service's Kafka handlers retry a failing event. */
@ConfigMapping(prefix = "coffer.consumer")
public interface ConsumerConfig {

    /** Attempts of a failing handler before the record goes to {@code <topic>.dlq}. */
    @WithDefault("3")
    int maxAttempts();

    /** The wait after the first failed attempt; each further one waits longer. */
    @WithDefault("PT0.2S")
    Duration backoff();
}
