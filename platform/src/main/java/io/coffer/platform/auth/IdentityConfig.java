package io.coffer.platform.auth;

import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;

/** The local default identity; replaced by the identities file of the identity issue. */
@ConfigMapping(prefix = "coffer.identity")
public interface IdentityConfig {

    String accountId();

    String userName();

    String accessKeyId();

    /** Never logged; used only to derive SigV4 signing keys. */
    String secretAccessKey();

    /**
     * Access keys of the service principals that may call on behalf of another caller (see
     * {@link RequestAuthenticator#ON_BEHALF_OF}); when unset, the local identity's own key, as a local run has one.
     */
    Optional<Set<String>> trustedServiceAccessKeyIds();
}
