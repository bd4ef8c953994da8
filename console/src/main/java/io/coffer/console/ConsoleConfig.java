package io.coffer.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Where the console finds the services it calls for its users, and how long a sign-in lasts. */
@ConfigMapping(prefix = "coffer.console")
public interface ConsoleConfig {

    /** repo-service: the CodeCommit API. */
    URI repoServiceUrl();

    /** key-service: the KMS API. */
    URI keyServiceUrl();

    /** audit-service: CloudTrail LookupEvents and the plain query API. */
    URI auditServiceUrl();

    /** A CA (PEM) trusted besides the JDK's roots when calling the services, e.g. the local CA of a local run. */
    Optional<Path> trustCaFile();

    /** The region the sign-in form proposes. */
    @WithDefault("us-east-2")
    String defaultRegion();

    /** A session unused this long is signed out. */
    @WithDefault("PT30M")
    Duration sessionIdleTimeout();

    /** A session is signed out this long after sign-in, used or not. */
    @WithDefault("PT8H")
    Duration sessionMaxAge();

    /** Files larger than this are not rendered in the page; they are offered raw, streamed. */
    @WithDefault("524288")
    int inlineFileBytes();
}
