package io.coffer.console.aws;

import io.coffer.console.ConsoleConfig;
import io.coffer.kernel.TrustedRoots;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Makes the official SDK clients a signed-in user's pages call through: each signs with that user's own access key,
 * so the services authenticate, authorize and audit the console's calls exactly as the user's own SDK calls. One
 * HTTP client (trusting the configured CA) is shared by all of them.
 */
@ApplicationScoped
public class ServiceClients {

    /** Appears as the userAgent of the console's calls in the audit trail. */
    static final String USER_AGENT = "coffer-console";

    private final ConsoleConfig config;
    private final SdkHttpClient http;

    public ServiceClients(ConsoleConfig config) throws IOException, GeneralSecurityException {
        this.config = config;
        var trust = TrustedRoots.trustManagers(config.trustCaFile());
        this.http = UrlConnectionHttpClient.builder().tlsTrustManagersProvider(() -> trust).build();
    }

    /** The clients for one user in one region; {@link UserClients#close()} when the session ends. */
    public UserClients forUser(String accessKeyId, String secretAccessKey, String region) {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
        Region r = Region.of(region);
        // a refused or failed call is the user's answer, shown as it is: no retries behind their back
        ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
                .retryStrategy(retry -> retry.maxAttempts(1))
                .putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, USER_AGENT).build();
        CodeCommitClient codeCommit = CodeCommitClient.builder().endpointOverride(config.repoServiceUrl())
                .region(r).credentialsProvider(credentials).httpClient(http).overrideConfiguration(overrides).build();
        KmsClient kms = KmsClient.builder().endpointOverride(config.keyServiceUrl())
                .region(r).credentialsProvider(credentials).httpClient(http).overrideConfiguration(overrides).build();
        CloudTrailClient cloudTrail = CloudTrailClient.builder().endpointOverride(config.auditServiceUrl())
                .region(r).credentialsProvider(credentials).httpClient(http).overrideConfiguration(overrides).build();
        SignedRequests signed = new SignedRequests(http, credentials, r.id());
        return new UserClients(codeCommit, kms, cloudTrail, signed, config.repoServiceUrl(),
                config.auditServiceUrl());
    }

    @PreDestroy
    void close() {
        http.close();
    }

    /** The clients one session uses. */
    public record UserClients(CodeCommitClient codeCommit, KmsClient kms, CloudTrailClient cloudTrail,
            SignedRequests signed, URI repoService, URI auditService) implements AutoCloseable {

        @Override
        public void close() {
            codeCommit.close();
            kms.close();
            cloudTrail.close();
        }
    }
}
