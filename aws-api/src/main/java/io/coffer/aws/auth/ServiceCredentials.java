package io.coffer.aws.auth;

import io.coffer.aws.identity.IdentityConfig;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * This service's own access key, a service principal's in the identities file: it signs calls made on a user's
 * behalf. Only services that make such calls need one.
 */
@ApplicationScoped
public class ServiceCredentials {

    private final IdentityConfig config;

    public ServiceCredentials(IdentityConfig config) {
        this.config = config;
    }

    public String accessKeyId() {
        return config.serviceAccessKeyId().orElseThrow(() -> new IllegalStateException(
                "coffer.identity.service-access-key-id is not set (env COFFER_IDENTITY_SERVICE_ACCESS_KEY_ID)"));
    }

    /** Never logged; used only to derive SigV4 signing keys. */
    public String secretAccessKey() {
        return config.serviceSecretAccessKey().orElseThrow(() -> new IllegalStateException(
                "coffer.identity.service-secret-access-key is not set (env COFFER_IDENTITY_SERVICE_SECRET_ACCESS_KEY)"));
    }

    public AwsBasicCredentials asAws() {
        return AwsBasicCredentials.create(accessKeyId(), secretAccessKey());
    }
}
