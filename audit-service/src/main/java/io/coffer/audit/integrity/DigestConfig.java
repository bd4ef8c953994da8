package io.coffer.audit.integrity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** {@code coffer.audit.digest}: how often the chain is sealed by a signed digest, and with which key. */
@ConfigMapping(prefix = "coffer.audit.digest")
public interface DigestConfig {

    /** PEM file of the Ed25519 signing key (PKCS#8); a mounted secret in production. */
    Path signingKeyFile();

    /** Whether a missing key file is created with a new key (local runs). */
    @WithDefault("false")
    boolean signingKeyGenerate();

    /** How often a digest is sealed, e.g. {@code 1h} or {@code 5m}; nothing is sealed if nothing arrived. */
    @WithDefault("1h")
    String interval();
}
