package io.coffer.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.encryptionsdk.CryptoResult;
import io.coffer.testsupport.KafkaBrokerResource;
import io.coffer.testsupport.LocalIdentity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/** The AWS Encryption SDK for Java, unmodified, with an AWS KMS keyring whose KmsClient points at key-service. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class EncryptionSdkInteropTest {

    @TestHTTPResource("/")
    URI endpoint;

    @Test
    void givenKmsKeyring_whenEncryptionSdkEncryptsAndDecrypts_thenRoundTripUnderKeyService() {
        try (KmsClient kms = KmsClient.builder().endpointOverride(endpoint).region(Region.US_WEST_2)
                .credentialsProvider(LocalIdentity.credentials()).httpClient(UrlConnectionHttpClient.create()).build()) {
            String keyArn = kms.createKey(r -> r.description("encryption sdk")).keyMetadata().arn();
            IKeyring keyring = MaterialProviders.builder()
                    .MaterialProvidersConfig(MaterialProvidersConfig.builder().build()).build()
                    .CreateAwsKmsKeyring(CreateAwsKmsKeyringInput.builder().kmsKeyId(keyArn).kmsClient(kms).build());
            AwsCrypto crypto = AwsCrypto.builder()
                    .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
                    .withEncryptionAlgorithm(CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY)
                    .build();
            byte[] plaintext = "pack data, say".repeat(1000).getBytes(StandardCharsets.UTF_8);
            Map<String, String> context = Map.of("aws:codecommit:id", "0b1c2d3e");

            CryptoResult<byte[], ?> encrypted = crypto.encryptData(keyring, plaintext, context);
            CryptoResult<byte[], ?> decrypted = crypto.decryptData(keyring, encrypted.getResult(), context);
            assertArrayEquals(plaintext, decrypted.getResult());
            assertEquals("0b1c2d3e", decrypted.getEncryptionContext().get("aws:codecommit:id"));

            assertThrows(RuntimeException.class, () -> crypto.decryptData(keyring, encrypted.getResult(),
                    Map.of("aws:codecommit:id", "another-repository")));
        }
    }
}
