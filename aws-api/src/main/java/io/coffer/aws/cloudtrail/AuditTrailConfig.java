package io.coffer.aws.cloudtrail;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** How a service sends its CloudTrail records ({@link AuditTrail}). */
@ConfigMapping(prefix = "coffer.audit")
public interface AuditTrailConfig {

    /** How long a call waits for Kafka to acknowledge its record before it fails closed. */
    @WithDefault("PT10S")
    Duration publishTimeout();

    /** The direct producer's linger: more records per request to Kafka, for that much latency. */
    @WithDefault("PT0S")
    Duration linger();

    /** The Kafka cluster of the audit topic, when it is not the services' own ({@code kafka.bootstrap.servers}). */
    Optional<String> bootstrapServers();

    /** False only to measure the audit trail's cost in benchmarks: then no call is recorded at all. */
    @WithDefault("true")
    boolean enabled();

    /**
     * audit-service's digest settings ({@code coffer.audit.digest.*}, read by its DigestConfig). A deployment may
     * give them to every service, so every service must know them as part of the {@code coffer.audit} namespace
     * (Quarkus refuses unknown keys under a mapped prefix); only audit-service uses them.
     */
    Map<String, String> digest();
}
