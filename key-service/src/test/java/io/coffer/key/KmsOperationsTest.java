package io.coffer.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coffer.events.Topics;
import io.coffer.key.kms.KmsApi;
import io.coffer.testsupport.KafkaBroker;
import io.coffer.testsupport.KafkaBrokerResource;
import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.SdkOperations;
import io.coffer.testsupport.SignedHttp;
import io.coffer.testsupport.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.DryRunOperationException;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.LimitExceededException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.RecipientInfo;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.Tag;
import software.amazon.awssdk.services.kms.model.TagException;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/** KMS's breadth: every TrentService operation probed, the error matrix other suites check, and key upkeep. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class KmsOperationsTest {

    @TestHTTPResource("/")
    URI endpoint;

    @Inject
    KmsApi api;

    private KmsClient kms() {
        return KmsClient.builder().endpointOverride(endpoint).region(Region.of("ca-central-1"))
                .credentialsProvider(LocalIdentity.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static KmsException refused(Runnable call) {
        return assertThrows(KmsException.class, call::run);
    }

    @Test
    void givenEveryOperationOfTheSdk_whenCalled_thenServedOnesAnswerUnknownOnesSaySoAndTheReadmeListsThem()
            throws Exception {
        Set<String> sdk = SdkOperations.of(KmsClient.class);
        Set<String> served = new TreeSet<>(api.operations().keySet());
        assertTrue(sdk.size() > 50, sdk.toString());
        assertTrue(sdk.containsAll(served), "served but not KMS's: " + served.stream()
                .filter(op -> !sdk.contains(op)).toList());
        Map<String, String> answers = SdkOperations.probe(new SignedHttp(LocalIdentity.credentials(),
                "ca-central-1", "kms"), endpoint, "TrentService", sdk);
        answers.forEach((operation, type) -> {
            assertEquals(served.contains(operation), !type.equals("UnknownOperationException"), operation);
            if (operation.contains("CustomKeyStore")) {
                assertEquals("UnsupportedOperationException", type, operation);
            }
        });
        SdkOperations.ReadmeList readme = SdkOperations.readme("KMS operations served");
        assertTrue(readme.line().contains("(" + served.size() + " of " + sdk.size() + ")"), served.size() + " of "
                + sdk.size() + ": " + readme.line());
        assertEquals(served, readme.operations());
    }

    @Test
    void givenInvalidEnumsSpecsTagsAndAliases_whenCalled_thenTheErrorsAwsGives() {
        try (KmsClient kms = kms()) {
            KmsException spec = refused(() -> kms.createKey(r -> r.keySpec("RSA_1024")));
            assertEquals("ValidationException", spec.awsErrorDetails().errorCode());
            assertTrue(spec.awsErrorDetails().errorMessage().contains("Member must satisfy enum value set"));
            assertEquals("ValidationException", refused(() -> kms.createKey(r -> r.keyUsage("SIGN"))).awsErrorDetails()
                    .errorCode());
            assertEquals("ValidationException", refused(() -> kms.createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256)))
                    .awsErrorDetails().errorCode());
            assertEquals("ValidationException", refused(() -> kms.createKey(r -> r.keySpec(KeySpec.ECC_SECG_P256_K1)
                    .keyUsage(KeyUsageType.KEY_AGREEMENT))).awsErrorDetails().errorCode());
            assertThrows(UnsupportedOperationException.class, () -> kms.createKey(r -> r.keySpec(KeySpec.SM2)
                    .keyUsage(KeyUsageType.SIGN_VERIFY)));

            String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
            kms.createAlias(r -> r.aliasName("alias/ops-" + keyId).targetKeyId(keyId));
            // an alias where only a key ID or ARN is allowed is looked up as a key, and not found
            assertThrows(NotFoundException.class, () -> kms.enableKeyRotation(r -> r.keyId("alias/ops-" + keyId)));
            assertEquals("ValidationException", refused(() -> kms.tagResource(r -> r.keyId(keyId)
                    .tags(Tag.builder().tagKey("k".repeat(129)).tagValue("v").build()))).awsErrorDetails().errorCode());
            assertEquals("ValidationException", refused(() -> kms.tagResource(r -> r.keyId(keyId)
                    .tags(Tag.builder().tagKey("k").tagValue("v".repeat(257)).build()))).awsErrorDetails()
                    .errorCode());
            assertThrows(TagException.class, () -> kms.tagResource(r -> r.keyId(keyId).tags(
                    Tag.builder().tagKey("team").tagValue("a").build(),
                    Tag.builder().tagKey("team").tagValue("b").build())));
            assertThrows(TagException.class, () -> kms.tagResource(r -> r.keyId(keyId)
                    .tags(Tag.builder().tagKey("AWS:owner").tagValue("x").build())));
            assertTrue(kms.listResourceTags(r -> r.keyId(keyId)).tags().isEmpty());
        }
    }

    /** The messages suites match on verbatim; the plaintext ones are as AWS answered moto's aws_verified tests. */
    @Test
    void givenMembersOutOfBoundsAndBadAliases_whenCalled_thenAwsWordingExactly() {
        try (KmsClient kms = kms()) {
            String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
            assertEquals("1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must "
                    + "have length greater than or equal to 1", message(() -> kms.encrypt(r -> r.keyId(keyId)
                    .plaintext(SdkBytes.fromByteArray(new byte[0])))));
            assertEquals("1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must "
                    + "have length less than or equal to 4096", message(() -> kms.encrypt(r -> r.keyId(keyId)
                    .plaintext(SdkBytes.fromByteArray(new byte[4097])))));
            assertEquals("1 validation error detected: Value '6' at 'pendingWindowInDays' failed to satisfy "
                    + "constraint: Member must have value greater than or equal to 7",
                    message(() -> kms.scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(6))));
            assertEquals("1 validation error detected: Value 'alias/my-alias!' at 'aliasName' failed to satisfy "
                    + "constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$",
                    message(() -> kms.createAlias(r -> r.aliasName("alias/my-alias!").targetKeyId(keyId))));
            assertEquals("Alias must start with the prefix \"alias/\". Please see "
                    + "https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html",
                    message(() -> kms.createAlias(r -> r.aliasName("wrongprefix/my-alias").targetKeyId(keyId))));
            assertEquals("alias/my:alias contains invalid characters for an alias",
                    message(() -> kms.createAlias(r -> r.aliasName("alias/my:alias").targetKeyId(keyId))));
            assertEquals("NotAuthorizedException", refused(() -> kms.createAlias(r -> r.aliasName("alias/aws/s3")
                    .targetKeyId(keyId))).awsErrorDetails().errorCode());
            assertEquals("1 validation error detected: Value '" + "k".repeat(129) + "' at 'tags.2.member.tagKey' "
                    + "failed to satisfy constraint: Member must have length less than or equal to 128",
                    message(() -> kms.tagResource(r -> r.keyId(keyId).tags(Tag.builder().tagKey("a").tagValue("")
                            .build(), Tag.builder().tagKey("k".repeat(129)).tagValue("v").build()))));
            assertEquals("NumberOfBytes is required.", message(() -> kms.generateRandom(r -> { })));
            assertEquals("You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.",
                    message(() -> kms.createKey(r -> r.keySpec(KeySpec.HMAC_256))));
        }
    }

    /** The words and codes LocalStack's suite recorded from AWS. */
    @Test
    void givenKeysUsedAsKmsRefuses_whenCalled_thenAwsCodesAndWords() {
        try (KmsClient kms = kms()) {
            KeyMetadata hmac = kms.createKey(r -> r.keySpec(KeySpec.HMAC_224)
                    .keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)).keyMetadata();
            KeyMetadata signing = kms.createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256)
                    .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata();
            KeyMetadata rsa = kms.createKey(r -> r.keySpec(KeySpec.RSA_2048)
                    .keyUsage(KeyUsageType.ENCRYPT_DECRYPT)).keyMetadata();
            KeyMetadata external = kms.createKey(r -> r.origin(OriginType.EXTERNAL)).keyMetadata();
            SdkBytes message = SdkBytes.fromUtf8String("m");

            KmsException usage = refused(() -> kms.encrypt(r -> r.keyId(signing.keyId()).plaintext(message)));
            assertEquals("InvalidKeyUsageException", usage.awsErrorDetails().errorCode());
            assertEquals(signing.arn() + " key usage is SIGN_VERIFY which is not valid for Encrypt.",
                    usage.awsErrorDetails().errorMessage());
            KmsException incompatible = refused(() -> kms.generateMac(r -> r.keyId(hmac.keyId()).message(message)
                    .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)));
            assertEquals("Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224.",
                    incompatible.awsErrorDetails().errorMessage());
            KmsException incorrect = refused(() -> kms.decrypt(r -> r.keyId(hmac.keyId())
                    .ciphertextBlob(SdkBytes.fromByteArray(new byte[64]))));
            assertEquals("IncorrectKeyException", incorrect.awsErrorDetails().errorCode());
            KmsException invalidSignature = refused(() -> kms.verify(r -> r.keyId(signing.keyId()).message(message)
                    .signature(SdkBytes.fromByteArray(new byte[70]))
                    .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)));
            assertEquals("KMSInvalidSignatureException", invalidSignature.awsErrorDetails().errorCode());
            assertNull(invalidSignature.awsErrorDetails().errorMessage());
            assertEquals("Digest is invalid length for algorithm ECDSA_SHA_256.", message(() -> kms.sign(r -> r
                    .keyId(signing.keyId()).message(message).messageType(MessageType.DIGEST)
                    .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))));
            assertEquals("Algorithm RSAES_OAEP_SHA_1 and key spec RSA_2048 cannot encrypt data larger than 214 bytes.",
                    message(() -> kms.encrypt(r -> r.keyId(rsa.keyId()).plaintext(SdkBytes.fromByteArray(
                            new byte[215])).encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1))));
            KmsException rotateRsa = refused(() -> kms.rotateKeyOnDemand(r -> r.keyId(rsa.keyId())));
            assertEquals("UnsupportedOperationException", rotateRsa.awsErrorDetails().errorCode());
            KmsException pendingImport = refused(() -> kms.rotateKeyOnDemand(r -> r.keyId(external.keyId())));
            assertEquals("KMSInvalidStateException", pendingImport.awsErrorDetails().errorCode());
            assertEquals(external.arn() + " is pending import.", pendingImport.awsErrorDetails().errorMessage());
            KmsException otherRegion = refused(() -> kms.describeKey(r -> r.keyId(
                    rsa.arn().replace(":ca-central-1:", ":ap-southeast-1:"))));
            assertEquals("Invalid arn ap-southeast-1", otherRegion.awsErrorDetails().errorMessage());
        }
    }

    private static String message(Runnable call) {
        KmsException refused = refused(call);
        assertEquals("ValidationException", refused.awsErrorDetails().errorCode(), refused.getMessage());
        return refused.awsErrorDetails().errorMessage();
    }

    @Test
    void givenKeysOfEachKind_whenRotatingAndDescribing_thenRotationRulesPerSpecAndMaterialIds() {
        try (KmsClient kms = kms()) {
            KeyMetadata key = kms.createKey(r -> r.description("before")).keyMetadata();
            assertTrue(key.currentKeyMaterialId().matches("[0-9a-f]{64}"), key.currentKeyMaterialId());
            for (int i = 0; i < 10; i++) {
                kms.rotateKeyOnDemand(r -> r.keyId(key.keyId()));
            }
            assertThrows(LimitExceededException.class, () -> kms.rotateKeyOnDemand(r -> r.keyId(key.keyId())));
            KeyMetadata rotated = kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata();
            assertNotEquals(key.currentKeyMaterialId(), rotated.currentKeyMaterialId());
            assertEquals(rotated.currentKeyMaterialId(), kms.listKeyRotations(r -> r.keyId(key.keyId())).rotations()
                    .get(9).keyMaterialId());

            kms.updateKeyDescription(r -> r.keyId(key.keyId()).description("after"));
            assertEquals("after", kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().description());
            assertEquals(List.of("default"), kms.listKeyPolicies(r -> r.keyId(key.keyId())).policyNames());

            String rsa = kms.createKey(r -> r.keySpec(KeySpec.RSA_4096).keyUsage(KeyUsageType.SIGN_VERIFY))
                    .keyMetadata().keyId();
            String hmac = kms.createKey(r -> r.keySpec(KeySpec.HMAC_256).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC))
                    .keyMetadata().keyId();
            for (String unrotatable : List.of(rsa, hmac)) {
                assertThrows(UnsupportedOperationException.class,
                        () -> kms.enableKeyRotation(r -> r.keyId(unrotatable)));
                assertThrows(UnsupportedOperationException.class,
                        () -> kms.rotateKeyOnDemand(r -> r.keyId(unrotatable)));
                assertThrows(UnsupportedOperationException.class,
                        () -> kms.getKeyRotationStatus(r -> r.keyId(unrotatable)));
            }
            assertThrows(UnsupportedOperationException.class, () -> kms.getPublicKey(r -> r.keyId(hmac)));
            assertThrows(UnsupportedOperationException.class, () -> kms.getPublicKey(r -> r.keyId(key.keyId())));
        }
    }

    @Test
    void givenDryRunRecipientAndPredefinedAliases_whenCalled_thenAsKms() {
        try (KmsClient kms = kms()) {
            String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
            String signing = kms.createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY))
                    .keyMetadata().keyId();
            SdkBytes blob = kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("p")))
                    .ciphertextBlob();
            DryRunOperationException dry = assertThrows(DryRunOperationException.class,
                    () -> kms.decrypt(r -> r.ciphertextBlob(blob).dryRun(true)));
            assertEquals(400, dry.statusCode());
            assertThrows(DryRunOperationException.class, () -> kms.encrypt(r -> r.keyId(keyId)
                    .plaintext(SdkBytes.fromUtf8String("p")).dryRun(true)));
            assertThrows(DryRunOperationException.class, () -> kms.sign(r -> r.keyId(signing)
                    .message(SdkBytes.fromUtf8String("m")).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)
                    .dryRun(true)));
            // a dry run still answers what a real call would refuse
            assertThrows(software.amazon.awssdk.services.kms.model.InvalidKeyUsageException.class,
                    () -> kms.sign(r -> r.keyId(keyId).message(SdkBytes.fromUtf8String("m"))
                            .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256).dryRun(true)));
            RecipientInfo enclave = RecipientInfo.builder().keyEncryptionAlgorithm("RSAES_OAEP_SHA_256")
                    .attestationDocument(SdkBytes.fromUtf8String("not an attestation")).build();
            assertThrows(UnsupportedOperationException.class,
                    () -> kms.decrypt(r -> r.ciphertextBlob(blob).recipient(enclave)));
            assertThrows(UnsupportedOperationException.class,
                    () -> kms.generateDataKey(r -> r.keyId(keyId).numberOfBytes(32).recipient(enclave)));

            List<AliasListEntry> aliases = kms.listAliasesPaginator(r -> r.limit(5)).aliases().stream().toList();
            AliasListEntry s3 = aliases.stream().filter(a -> a.aliasName().equals("alias/aws/s3")).findFirst()
                    .orElseThrow();
            assertNull(s3.targetKeyId());
            assertEquals("arn:aws:kms:ca-central-1:111122223333:alias/aws/s3", s3.aliasArn());
            assertEquals(aliases.size(), aliases.stream().map(AliasListEntry::aliasName).distinct().count());
        }
    }

    @Test
    void givenAKeyUsedForEncrypt_whenGetKeyLastUsage_thenTheOperationWithItsRequestAndCloudTrailEventIds() {
        try (KmsClient kms = kms()) {
            KeyMetadata key = kms.createKey(r -> { }).keyMetadata();
            var unused = kms.getKeyLastUsage(r -> r.keyId(key.keyId()));
            assertNull(unused.keyLastUsage());
            assertTrue(!unused.keyCreationDate().isBefore(unused.trackingStartDate()));
            var encrypted = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromUtf8String("p")));
            var used = kms.getKeyLastUsage(r -> r.keyId(key.arn())).keyLastUsage();
            assertEquals("ENCRYPT", used.operationAsString());
            assertEquals(encrypted.responseMetadata().requestId(), used.kmsRequestId());
            String eventId = used.cloudTrailEventId();
            List<ConsumerRecord<String, String>> records = new TopicProbe(KafkaBroker.bootstrapServers())
                    .readUntil(Topics.AUDIT_RECORDS, Duration.ofSeconds(20), seen -> seen.stream()
                            .anyMatch(r -> r.value().contains(eventId)));
            assertTrue(records.stream().anyMatch(r -> r.value().contains(eventId)
                    && r.value().contains("\"eventName\":\"Encrypt\"")), eventId);
            // a refused use is no use
            assertThrows(KmsException.class, () -> kms.decrypt(r -> r.keyId(key.keyId())
                    .ciphertextBlob(SdkBytes.fromUtf8String("garbage"))));
            assertEquals("ENCRYPT", kms.getKeyLastUsage(r -> r.keyId(key.keyId())).keyLastUsage()
                    .operationAsString());
        }
    }
}
