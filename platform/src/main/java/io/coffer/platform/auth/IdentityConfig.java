package io.coffer.platform.auth;

import io.smallrye.config.ConfigMapping;

/** The local default identity; replaced by the identities file of the identity issue. */
@ConfigMapping(prefix = "coffer.identity")
public interface IdentityConfig {

    String accountId();

    String userName();

    String accessKeyId();

    /** Never logged; used only to derive SigV4 signing keys. */
    String secretAccessKey();
}
