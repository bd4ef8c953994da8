package io.coffer.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.coffer.testsupport.LocalIdentity;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/** With the audit trail unreachable, no KMS call is answered: it fails with KMSInternalException instead. */
@QuarkusTest
@TestProfile(AuditFailClosedTest.AuditClusterDown.class)
class AuditFailClosedTest {

    /** Audit records go to a port where no broker listens; everything else is as usual. */
    public static class AuditClusterDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("coffer.audit.bootstrap-servers", "127.0.0.1:1", "coffer.audit.publish-timeout", "PT1S");
        }
    }

    @TestHTTPResource("/")
    URI endpoint;

    @Test
    void givenAuditTrailUnreachable_whenCryptographicCall_thenRefusedWithKmsInternalException() {
        try (KmsClient kms = KmsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(LocalIdentity.credentials()).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                .build()) {
            KmsException e = assertThrows(KmsException.class, () -> kms.generateRandom(r -> r.numberOfBytes(32)));
            assertEquals(500, e.statusCode());
            assertEquals("KMSInternalException", e.awsErrorDetails().errorCode());
        }
    }
}
