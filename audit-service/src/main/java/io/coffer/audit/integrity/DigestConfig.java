package io.coffer.audit.integrity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@code coffer.audit.digest}: how often the chain is sealed by a signed digest, and with which key. */
@ConfigMapping(prefix = "coffer.audit.digest")
public interface DigestConfig {

    /** PEM file of the Ed25519 signing key (PKCS#8); a mounted secret in production. */
    Path signingKeyFile();

    /** Whether a missing key file is created with a new key (local runs). */
    @WithDefault("false")
    boolean signingKeyGenerate();

    /** PEM public keys of earlier signing keys, so that the digests they signed still verify after a rotation. */
    Optional<List<Path>> retiredPublicKeyFiles();

    /** How often a digest is sealed, e.g. {@code 1h} or {@code 5m}; nothing is sealed if nothing arrived. */
    @WithDefault("1h")
    String interval();
}
