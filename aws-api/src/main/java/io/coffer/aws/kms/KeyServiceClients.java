package io.coffer.aws.kms;

import io.coffer.aws.auth.RequestAuthenticator;
import io.coffer.aws.auth.ServiceCredentials;
import io.coffer.aws.tls.ClientTls;
import io.coffer.kernel.Caller;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The AWS SDK's own KMS client aimed at key-service, one per endpoint and region, signed with this service's
 * identity. Calls made {@link #onBehalfOf} a caller name the caller in signed headers, so key-service authorizes
 * and audits the caller, invoked by this service.
 */
@ApplicationScoped
public class KeyServiceClients {

    private final StaticCredentialsProvider credentials;
    private final ClientTls tls;
    private final Map<String, KmsClient> clients = new ConcurrentHashMap<>();

    public KeyServiceClients(ServiceCredentials service, ClientTls tls) {
        this.credentials = StaticCredentialsProvider.create(service.asAws());
        this.tls = tls;
    }

    public KmsClient client(URI keyService, String region) {
        return clients.computeIfAbsent(keyService + " " + region, key -> KmsClient.builder()
                .endpointOverride(keyService).region(Region.of(region)).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder().tlsTrustManagersProvider(tls::trustManagers).build())
                .build());
    }

    /**
     * Request headers naming {@code caller} as the principal and {@code service} (or the service the caller came
     * through) as the one invoking on its behalf.
     */
    public static Consumer<AwsRequestOverrideConfiguration.Builder> onBehalfOf(Caller caller, String service) {
        return o -> {
            o.putHeader(RequestAuthenticator.ON_BEHALF_OF, caller.principal().accessKeyId());
            o.putHeader(RequestAuthenticator.INVOKED_BY, caller.invokedBy() != null ? caller.invokedBy() : service);
            if (caller.sourceIp() != null) {
                o.putHeader(RequestAuthenticator.CALLER_SOURCE_IP, caller.sourceIp());
            }
        };
    }

    @PreDestroy
    void close() {
        clients.values().forEach(KmsClient::close);
    }
}
