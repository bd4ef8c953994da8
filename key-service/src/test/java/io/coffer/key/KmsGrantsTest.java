package io.coffer.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coffer.testsupport.KafkaBrokerResource;
import io.coffer.testsupport.LocalIdentity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateGrantResponse;
import software.amazon.awssdk.services.kms.model.GrantListEntry;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.InvalidGrantIdException;
import software.amazon.awssdk.services.kms.model.InvalidGrantTokenException;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/** Grants through the official KmsClient: the developer user, whom no policy lets use KMS, works by grants alone. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class KmsGrantsTest {

    private static final String DEVELOPER = "arn:aws:iam::" + LocalIdentity.ACCOUNT_ID + ":user/developer";

    @TestHTTPResource("/")
    URI endpoint;

    private KmsClient kms(AwsCredentialsProvider credentials) {
        return KmsClient.builder().endpointOverride(endpoint).region(Region.of("sa-east-1"))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static String denied(Runnable call) {
        KmsException e = assertThrows(KmsException.class, call::run);
        assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode(), e.getMessage());
        return e.awsErrorDetails().errorMessage();
    }

    @Test
    void givenGrantToDeveloper_whenUsingTheKey_thenAllowedWithinItsConstraintsUntilRetired() {
        try (KmsClient admin = kms(LocalIdentity.credentials()); KmsClient developer = kms(LocalIdentity.developer())) {
            String keyId = admin.createKey(r -> { }).keyMetadata().keyId();
            Map<String, String> tour = Map.of("project", "tour", "stage", "dev");
            denied(() -> developer.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("p"))
                    .encryptionContext(tour)));

            CreateGrantResponse grant = admin.createGrant(r -> r.keyId(keyId).granteePrincipal(DEVELOPER)
                    .retiringPrincipal(LocalIdentity.ARN).name("tour-grant")
                    .operations(GrantOperation.ENCRYPT, GrantOperation.DECRYPT, GrantOperation.RETIRE_GRANT)
                    .constraints(c -> c.encryptionContextSubset(Map.of("project", "tour"))));
            assertTrue(grant.grantId().matches("[0-9a-f]{64}"));
            // the same named grant again is the same grant
            assertEquals(grant.grantId(), admin.createGrant(r -> r.keyId(keyId).granteePrincipal(DEVELOPER)
                    .retiringPrincipal(LocalIdentity.ARN).name("tour-grant")
                    .operations(GrantOperation.DECRYPT, GrantOperation.ENCRYPT, GrantOperation.RETIRE_GRANT)
                    .constraints(c -> c.encryptionContextSubset(Map.of("project", "tour")))).grantId());

            SdkBytes blob = developer.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("granted"))
                    .encryptionContext(tour).grantTokens(grant.grantToken())).ciphertextBlob();
            assertEquals("granted", developer.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(tour))
                    .plaintext().asUtf8String());
            denied(() -> developer.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("p"))
                    .encryptionContext(Map.of("project", "other"))));
            denied(() -> developer.generateDataKey(r -> r.keyId(keyId).numberOfBytes(32).encryptionContext(tour)));
            denied(() -> developer.listGrants(r -> r.keyId(keyId)));
            assertThrows(InvalidGrantTokenException.class, () -> developer.encrypt(r -> r.keyId(keyId)
                    .plaintext(SdkBytes.fromUtf8String("p")).encryptionContext(tour).grantTokens("not-a-token")));

            List<GrantListEntry> grants = admin.listGrants(r -> r.keyId(keyId)).grants();
            assertEquals(1, grants.size());
            assertEquals(DEVELOPER, grants.get(0).granteePrincipal());
            assertEquals(Map.of("project", "tour"), grants.get(0).constraints().encryptionContextSubset());
            assertEquals("arn:aws:iam::111122223333:root", grants.get(0).issuingAccount());
            assertTrue(admin.listRetirableGrants(r -> r.retiringPrincipal(LocalIdentity.ARN)).grants().stream()
                    .anyMatch(g -> g.grantId().equals(grant.grantId())));

            // the grantee retires it by its token (the grant allows RetireGrant); then the key is closed again
            developer.retireGrant(r -> r.grantToken(grant.grantToken()));
            denied(() -> developer.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("p"))
                    .encryptionContext(tour)));
            assertTrue(admin.listGrants(r -> r.keyId(keyId)).grants().isEmpty());
            assertThrows(NotFoundException.class, () -> admin.retireGrant(r -> r.grantToken(grant.grantToken())));
        }
    }

    @Test
    void givenKeyPolicyDenyingTheGrantee_whenGrantAllows_thenTheExplicitDenyWinsAndRevokeEndsTheGrant() {
        String policy = """
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                   "Action": "kms:*", "Resource": "*"},
                  {"Sid": "NeverDecrypt", "Effect": "Deny", "Principal": {"AWS": "%s"},
                   "Action": "kms:Decrypt", "Resource": "*"}]}""".formatted(DEVELOPER);
        try (KmsClient admin = kms(LocalIdentity.credentials()); KmsClient developer = kms(LocalIdentity.developer())) {
            String keyId = admin.createKey(r -> r.policy(policy)).keyMetadata().keyId();
            String grantId = admin.createGrant(r -> r.keyId(keyId).granteePrincipal(DEVELOPER)
                    .operations(GrantOperation.ENCRYPT, GrantOperation.DECRYPT)).grantId();
            SdkBytes blob = developer.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x")))
                    .ciphertextBlob();
            assertTrue(denied(() -> developer.decrypt(r -> r.ciphertextBlob(blob))).contains("explicit deny"));
            // only the retiring principal or a grantee the grant lets retire may retire without kms:RetireGrant
            denied(() -> developer.retireGrant(r -> r.keyId(keyId).grantId(grantId)));
            assertThrows(InvalidGrantIdException.class, () -> admin.revokeGrant(r -> r.keyId(keyId)
                    .grantId("not-a-grant-id")));
            assertThrows(NotFoundException.class, () -> admin.revokeGrant(r -> r.keyId(keyId)
                    .grantId("0".repeat(64))));
            admin.revokeGrant(r -> r.keyId(keyId).grantId(grantId));
            denied(() -> developer.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))));
            assertEquals("ValidationException", assertThrows(KmsException.class, () -> admin.createGrant(r -> r
                    .keyId(keyId).granteePrincipal(DEVELOPER).operationsWithStrings("Everything")))
                    .awsErrorDetails().errorCode());
        }
    }
}
