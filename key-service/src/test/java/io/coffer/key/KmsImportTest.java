package io.coffer.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coffer.key.maintenance.KeyMaintenance;
import io.coffer.testsupport.KafkaBrokerResource;
import io.coffer.testsupport.LocalIdentity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.RFC5649WrapEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyMaterialException;
import software.amazon.awssdk.services.kms.model.InvalidImportTokenException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/** Imported key material through the official KmsClient, wrapped by the JDK and Bouncy Castle as a customer would. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class KmsImportTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @TestHTTPResource("/")
    URI endpoint;

    @Inject
    KeyMaintenance maintenance;

    private KmsClient kms() {
        return KmsClient.builder().endpointOverride(endpoint).region(Region.of("ap-south-1"))
                .credentialsProvider(LocalIdentity.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** RSAES-OAEP with SHA-256 to the wrapping key, as the customer's side does it. */
    private static byte[] oaep(byte[] wrappingKey, byte[] material) throws Exception {
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(wrappingKey));
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                PSource.PSpecified.DEFAULT));
        return cipher.doFinal(material);
    }

    private GetParametersForImportResponse parameters(KmsClient kms, String keyId, AlgorithmSpec algorithm) {
        return kms.getParametersForImport(r -> r.keyId(keyId).wrappingAlgorithm(algorithm)
                .wrappingKeySpec(WrappingKeySpec.RSA_3072));
    }

    @Test
    void givenExternalSymmetricKey_whenMaterialImportedDeletedAndReimported_thenOnlyTheSameMaterialComesBack()
            throws Exception {
        try (KmsClient kms = kms()) {
            KeyMetadata key = kms.createKey(r -> r.origin(OriginType.EXTERNAL)).keyMetadata();
            assertEquals(KeyState.PENDING_IMPORT, key.keyState());
            assertEquals(OriginType.EXTERNAL, key.origin());
            assertThrows(KmsInvalidStateException.class, () -> kms.encrypt(r -> r.keyId(key.keyId())
                    .plaintext(SdkBytes.fromUtf8String("p"))));
            byte[] material = new byte[32];
            RANDOM.nextBytes(material);

            GetParametersForImportResponse first = parameters(kms, key.keyId(), AlgorithmSpec.RSAES_OAEP_SHA_256);
            byte[] wrapped = oaep(first.publicKey().asByteArray(), material);
            Instant validTo = Instant.now().plus(Duration.ofDays(30));
            kms.importKeyMaterial(r -> r.keyId(key.keyId()).importToken(first.importToken())
                    .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped)).validTo(validTo)
                    .expirationModel(ExpirationModelType.KEY_MATERIAL_EXPIRES));
            KeyMetadata imported = kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata();
            assertEquals(KeyState.ENABLED, imported.keyState());
            assertEquals(ExpirationModelType.KEY_MATERIAL_EXPIRES, imported.expirationModel());
            assertEquals(validTo.getEpochSecond(), imported.validTo().getEpochSecond());
            SdkBytes blob = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromUtf8String("imported")))
                    .ciphertextBlob();
            // the token was used up
            assertThrows(InvalidImportTokenException.class, () -> kms.importKeyMaterial(r -> r.keyId(key.keyId())
                    .importToken(first.importToken()).encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped))
                    .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)));
            assertThrows(UnsupportedOperationException.class, () -> kms.enableKeyRotation(r -> r.keyId(key.keyId())));

            kms.deleteImportedKeyMaterial(r -> r.keyId(key.keyId()));
            assertEquals(KeyState.PENDING_IMPORT, kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata()
                    .keyState());
            assertThrows(KmsInvalidStateException.class, () -> kms.decrypt(r -> r.ciphertextBlob(blob)));

            byte[] other = new byte[32];
            RANDOM.nextBytes(other);
            GetParametersForImportResponse second = parameters(kms, key.keyId(), AlgorithmSpec.RSAES_OAEP_SHA_256);
            byte[] wrongMaterial = oaep(second.publicKey().asByteArray(), other);
            assertThrows(IncorrectKeyMaterialException.class, () -> kms.importKeyMaterial(r -> r.keyId(key.keyId())
                    .importToken(second.importToken()).encryptedKeyMaterial(SdkBytes.fromByteArray(wrongMaterial))
                    .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)));
            byte[] sameMaterial = oaep(second.publicKey().asByteArray(), material);
            kms.importKeyMaterial(r -> r.keyId(key.keyId()).importToken(second.importToken())
                    .encryptedKeyMaterial(SdkBytes.fromByteArray(sameMaterial))
                    .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE));
            assertEquals("imported", kms.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String());
            assertNull(kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().validTo());
        }
    }


    @Test
    void givenExternalEccSigningKey_whenItsPrivateKeyIsImportedWithRsaAesKeyWrap_thenKmsSignaturesVerifyWithIt()
            throws Exception {
        try (KmsClient kms = kms()) {
            String keyId = kms.createKey(r -> r.origin(OriginType.EXTERNAL).keySpec(KeySpec.ECC_NIST_P256)
                    .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().keyId();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair ours = generator.generateKeyPair();
            GetParametersForImportResponse parameters = parameters(kms, keyId, AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256);
            byte[] aesKey = new byte[32];
            RANDOM.nextBytes(aesKey);
            RFC5649WrapEngine wrap = new RFC5649WrapEngine(AESEngine.newInstance());
            wrap.init(true, new KeyParameter(aesKey));
            byte[] pkcs8 = ours.getPrivate().getEncoded();
            byte[] wrappedKey = oaep(parameters.publicKey().asByteArray(), aesKey);
            byte[] wrappedMaterial = wrap.wrap(pkcs8, 0, pkcs8.length);
            byte[] both = ByteBuffer.allocate(wrappedKey.length + wrappedMaterial.length).put(wrappedKey)
                    .put(wrappedMaterial).array();
            kms.importKeyMaterial(r -> r.keyId(keyId).importToken(parameters.importToken())
                    .encryptedKeyMaterial(SdkBytes.fromByteArray(both))
                    .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE));

            assertArrayEquals(ours.getPublic().getEncoded(), kms.getPublicKey(r -> r.keyId(keyId)).publicKey()
                    .asByteArray());
            byte[] message = "imported signer".getBytes(StandardCharsets.UTF_8);
            byte[] signature = kms.sign(r -> r.keyId(keyId).message(SdkBytes.fromByteArray(message))
                    .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)).signature().asByteArray();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(ours.getPublic());
            verifier.update(message);
            assertTrue(verifier.verify(signature));
        }
    }

    @Test
    void givenImportedMaterialWithValidTo_whenItPasses_thenMaintenanceDeletesItAndTokensAreChecked()
            throws Exception {
        try (KmsClient kms = kms()) {
            String keyId = kms.createKey(r -> r.origin(OriginType.EXTERNAL)).keyMetadata().keyId();
            GetParametersForImportResponse parameters = parameters(kms, keyId, AlgorithmSpec.RSAES_OAEP_SHA_1);
            assertThrows(InvalidImportTokenException.class, () -> kms.importKeyMaterial(r -> r.keyId(keyId)
                    .importToken(SdkBytes.fromByteArray(new byte[16])).encryptedKeyMaterial(SdkBytes.fromByteArray(
                            new byte[384])).expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)));
            PublicKey wrappingKey = KeyFactory.getInstance("RSA").generatePublic(
                    new X509EncodedKeySpec(parameters.publicKey().asByteArray()));
            Cipher sha1 = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
            sha1.init(Cipher.ENCRYPT_MODE, wrappingKey);
            byte[] material = new byte[32];
            RANDOM.nextBytes(material);
            byte[] wrapped = sha1.doFinal(material);
            kms.importKeyMaterial(r -> r.keyId(keyId).importToken(parameters.importToken())
                    .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped)).validTo(Instant.now().plusSeconds(60)));
            assertEquals(KeyState.ENABLED, kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState());

            maintenance.runDue(Instant.now().plusSeconds(120));
            assertEquals(KeyState.PENDING_IMPORT, kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState());
            String symmetric = kms.createKey(r -> { }).keyMetadata().keyId();
            assertThrows(UnsupportedOperationException.class, () -> parameters(kms, symmetric,
                    AlgorithmSpec.RSAES_OAEP_SHA_256));
        }
    }
}
