package io.coffer.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coffer.testsupport.KafkaBrokerResource;
import io.coffer.testsupport.LocalIdentity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/** STS's GetCallerIdentity on the KMS endpoint, through the SDK's own StsClient (Query protocol, XML answers). */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class CallerIdentityTest {

    @TestHTTPResource("/")
    URI endpoint;

    private StsClient sts(AwsCredentialsProvider credentials) {
        return StsClient.builder().endpointOverride(endpoint).region(Region.of("ca-central-1"))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Test
    void givenEachIdentity_whenGetCallerIdentity_thenItsAccountArnAndAStableUserId() {
        GetCallerIdentityResponse admin;
        try (StsClient sts = sts(LocalIdentity.credentials())) {
            admin = sts.getCallerIdentity();
            assertEquals(LocalIdentity.ACCOUNT_ID, admin.account());
            assertEquals(LocalIdentity.ARN, admin.arn());
            assertTrue(admin.userId().matches("AIDA[A-Z2-7]{17}"), admin.userId());
            assertEquals(admin.userId(), sts.getCallerIdentity().userId());
        }
        try (StsClient sts = sts(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                LocalIdentity.DEVELOPER_ACCESS_KEY_ID, LocalIdentity.DEVELOPER_SECRET)))) {
            GetCallerIdentityResponse developer = sts.getCallerIdentity();
            assertTrue(developer.arn().endsWith(":user/developer"), developer.arn());
            assertNotEquals(admin.userId(), developer.userId());
        }
    }

    @Test
    void givenAWrongSecretOrAnotherAction_whenCalled_thenStsErrorsInXml() {
        try (StsClient sts = sts(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                LocalIdentity.ACCESS_KEY_ID, "wrong" + LocalIdentity.SECRET_ACCESS_KEY)))) {
            StsException refused = assertThrows(StsException.class, sts::getCallerIdentity);
            assertEquals(403, refused.statusCode());
            assertEquals("InvalidSignatureException", refused.awsErrorDetails().errorCode());
        }
        try (StsClient sts = sts(LocalIdentity.credentials())) {
            StsException unknown = assertThrows(StsException.class, () -> sts.assumeRole(r -> r
                    .roleArn("arn:aws:iam::111122223333:role/any").roleSessionName("s")));
            assertEquals(400, unknown.statusCode());
            assertEquals("InvalidAction", unknown.awsErrorDetails().errorCode());
        }
    }
}
