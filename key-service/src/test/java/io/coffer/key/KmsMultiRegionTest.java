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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.MultiRegionKeyType;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/**
 * Multi-Region keys through the official KmsClient in two regions: a replica made through Kafka decrypts what the
 * primary encrypted (and the other way), follows the primary's rotations, and can become the primary.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class KmsMultiRegionTest {

    private static final Map<String, String> CONTEXT = Map.of("app", "multi-region");

    @TestHTTPResource("/")
    URI endpoint;

    private KmsClient kms(String region) {
        return KmsClient.builder().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(LocalIdentity.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** The key's metadata in that region once {@code until} holds (the replicator works from Kafka). */
    private static KeyMetadata await(KmsClient kms, String keyId, Predicate<KeyMetadata> until) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        KeyMetadata key = kms.describeKey(r -> r.keyId(keyId)).keyMetadata();
        while (!until.test(key) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            key = kms.describeKey(r -> r.keyId(keyId)).keyMetadata();
        }
        assertTrue(until.test(key), key.toString());
        return key;
    }

    @Test
    void givenMultiRegionPrimary_whenReplicated_thenEachRegionDecryptsTheOthersCiphertextAcrossRotations()
            throws Exception {
        try (KmsClient east = kms("us-east-1"); KmsClient west = kms("eu-west-1"); KmsClient tokyo =
                kms("ap-northeast-1")) {
            KeyMetadata primary = east.createKey(r -> r.multiRegion(true).description("mrk")).keyMetadata();
            String keyId = primary.keyId();
            assertTrue(keyId.matches("mrk-[0-9a-f]{32}"), keyId);
            assertEquals(MultiRegionKeyType.PRIMARY, primary.multiRegionConfiguration().multiRegionKeyType());
            SdkBytes fromEast = east.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("from east"))
                    .encryptionContext(CONTEXT)).ciphertextBlob();

            KeyMetadata replica = east.replicateKey(r -> r.keyId(primary.arn()).replicaRegion("eu-west-1"))
                    .replicaKeyMetadata();
            assertEquals("arn:aws:kms:eu-west-1:111122223333:key/" + keyId, replica.arn());
            assertTrue(List.of(KeyState.CREATING, KeyState.ENABLED).contains(replica.keyState()));
            KeyMetadata ready = await(west, keyId, k -> k.keyState() == KeyState.ENABLED);
            assertEquals(MultiRegionKeyType.REPLICA, ready.multiRegionConfiguration().multiRegionKeyType());
            assertEquals(primary.arn(), ready.multiRegionConfiguration().primaryKey().arn());
            assertEquals(primary.currentKeyMaterialId(), ready.currentKeyMaterialId());

            assertEquals("from east", west.decrypt(r -> r.ciphertextBlob(fromEast).encryptionContext(CONTEXT))
                    .plaintext().asUtf8String());
            SdkBytes fromWest = west.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("from west"))
                    .encryptionContext(CONTEXT)).ciphertextBlob();
            assertEquals("from west", east.decrypt(r -> r.ciphertextBlob(fromWest).encryptionContext(CONTEXT))
                    .plaintext().asUtf8String());

            // a rotation of the primary reaches the replica through Kafka
            east.rotateKeyOnDemand(r -> r.keyId(keyId));
            String rotated = east.describeKey(r -> r.keyId(keyId)).keyMetadata().currentKeyMaterialId();
            await(west, keyId, k -> rotated.equals(k.currentKeyMaterialId()));
            SdkBytes afterRotation = east.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("rotated"))
                    .encryptionContext(CONTEXT)).ciphertextBlob();
            assertEquals("rotated", west.decrypt(r -> r.ciphertextBlob(afterRotation).encryptionContext(CONTEXT))
                    .plaintext().asUtf8String());

            assertThrows(UnsupportedOperationException.class, () -> west.rotateKeyOnDemand(r -> r.keyId(keyId)));
            assertThrows(AlreadyExistsException.class, () -> east.replicateKey(r -> r.keyId(keyId)
                    .replicaRegion("eu-west-1")));
            assertThrows(KmsInvalidStateException.class, () -> east.scheduleKeyDeletion(r -> r.keyId(keyId)));
            String single = east.createKey(r -> { }).keyMetadata().keyId();
            assertThrows(UnsupportedOperationException.class, () -> east.replicateKey(r -> r.keyId(single)
                    .replicaRegion("eu-west-1")));

            // the replica becomes the primary; the new primary replicates on
            east.updatePrimaryRegion(r -> r.keyId(keyId).primaryRegion("eu-west-1"));
            assertEquals(MultiRegionKeyType.PRIMARY, west.describeKey(r -> r.keyId(keyId)).keyMetadata()
                    .multiRegionConfiguration().multiRegionKeyType());
            assertEquals(MultiRegionKeyType.REPLICA, east.describeKey(r -> r.keyId(keyId)).keyMetadata()
                    .multiRegionConfiguration().multiRegionKeyType());
            west.replicateKey(r -> r.keyId(keyId).replicaRegion("ap-northeast-1"));
            await(tokyo, keyId, k -> k.keyState() == KeyState.ENABLED);
            assertEquals("rotated", tokyo.decrypt(r -> r.ciphertextBlob(afterRotation).encryptionContext(CONTEXT))
                    .plaintext().asUtf8String());
            assertEquals("from east", tokyo.decrypt(r -> r.ciphertextBlob(fromEast).encryptionContext(CONTEXT))
                    .plaintext().asUtf8String());
        }
    }
}
