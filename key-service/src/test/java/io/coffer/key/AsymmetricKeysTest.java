package io.coffer.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coffer.events.Topics;
import io.coffer.testsupport.KafkaBroker;
import io.coffer.testsupport.KafkaBrokerResource;
import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeyPairSpec;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeyAgreementAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidMacException;
import software.amazon.awssdk.services.kms.model.KmsInvalidSignatureException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * Asymmetric and HMAC keys through the official KmsClient: every signing algorithm, RSA encryption, MACs, ECDH and
 * data key pairs, with the results checked outside Coffer by the JDK, Bouncy Castle and the openssl command.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class AsymmetricKeysTest {

    private static final java.security.Provider BC = new BouncyCastleProvider();

    @TestHTTPResource("/")
    URI endpoint;

    private KmsClient kms() {
        return KmsClient.builder().endpointOverride(endpoint).region(Region.of("eu-west-3"))
                .credentialsProvider(LocalIdentity.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static SdkBytes bytes(String s) {
        return SdkBytes.fromString(s, StandardCharsets.UTF_8);
    }

    private static String errorCode(Runnable call) {
        return assertThrows(KmsException.class, call::run).awsErrorDetails().errorCode();
    }

    @Test
    void givenSigningKeysOfEverySpec_whenSigningRawAndDigest_thenKmsAndTheJdkVerifyAndTamperingFails()
            throws Exception {
        byte[] message = "release v1.4.2 sha256:0f3c".getBytes(StandardCharsets.UTF_8);
        try (KmsClient kms = kms()) {
            for (KeySpec spec : List.of(KeySpec.RSA_2048, KeySpec.RSA_3072, KeySpec.RSA_4096, KeySpec.ECC_NIST_P256,
                    KeySpec.ECC_NIST_P384, KeySpec.ECC_NIST_P521, KeySpec.ECC_SECG_P256_K1, KeySpec.ML_DSA_44,
                    KeySpec.ML_DSA_65, KeySpec.ML_DSA_87, KeySpec.ECC_NIST_EDWARDS25519)) {
                KeyMetadata key = kms.createKey(r -> r.keySpec(spec).keyUsage(KeyUsageType.SIGN_VERIFY))
                        .keyMetadata();
                assertEquals(spec, key.keySpec());
                assertNull(key.currentKeyMaterialId());
                assertTrue(key.encryptionAlgorithms().isEmpty());
                GetPublicKeyResponse publicKey = kms.getPublicKey(r -> r.keyId(key.keyId()));
                assertEquals(key.signingAlgorithms(), publicKey.signingAlgorithms());
                PublicKey outside = outsideKey(spec, publicKey.publicKey().asByteArray());
                for (SigningAlgorithmSpec algorithm : key.signingAlgorithms()) {
                    byte[] signature = kms.sign(r -> r.keyId(key.keyId()).message(SdkBytes.fromByteArray(message))
                            .signingAlgorithm(algorithm)).signature().asByteArray();
                    assertTrue(kms.verify(r -> r.keyId(key.keyId()).message(SdkBytes.fromByteArray(message))
                            .signature(SdkBytes.fromByteArray(signature)).signingAlgorithm(algorithm))
                            .signatureValid());
                    assertTrue(verifiesOutside(algorithm, outside, message, signature), spec + " " + algorithm);
                    byte[] tampered = signature.clone();
                    tampered[tampered.length / 2] ^= 1;
                    assertThrows(KmsInvalidSignatureException.class, () -> kms.verify(r -> r.keyId(key.keyId())
                            .message(SdkBytes.fromByteArray(message)).signature(SdkBytes.fromByteArray(tampered))
                            .signingAlgorithm(algorithm)));
                    if (algorithm != SigningAlgorithmSpec.ML_DSA_SHAKE_256
                            && algorithm != SigningAlgorithmSpec.ED25519_SHA_512) {
                        String hash = algorithm.toString().substring(algorithm.toString().length() - 3);
                        byte[] digest = MessageDigest.getInstance("SHA-" + hash).digest(message);
                        byte[] fromDigest = kms.sign(r -> r.keyId(key.keyId()).messageType(MessageType.DIGEST)
                                .message(SdkBytes.fromByteArray(digest)).signingAlgorithm(algorithm))
                                .signature().asByteArray();
                        assertTrue(verifiesOutside(algorithm, outside, message, fromDigest), algorithm.toString());
                        assertEquals("ValidationException", errorCode(() -> kms.sign(r -> r.keyId(key.keyId())
                                .messageType(MessageType.DIGEST).message(SdkBytes.fromByteArray(new byte[7]))
                                .signingAlgorithm(algorithm))));
                    }
                }
            }
        }
    }

    /** The JDK reads what it knows (RSA, the NIST curves); Bouncy Castle the rest (secp256k1, ML-DSA). */
    private static PublicKey outsideKey(KeySpec spec, byte[] der) throws Exception {
        X509EncodedKeySpec encoded = new X509EncodedKeySpec(der);
        if (spec == KeySpec.ECC_SECG_P256_K1) {
            return KeyFactory.getInstance("EC", BC).generatePublic(encoded);
        }
        if (spec.toString().startsWith("ML_DSA")) {
            return KeyFactory.getInstance("ML-DSA", BC).generatePublic(encoded);
        }
        if (spec == KeySpec.ECC_NIST_EDWARDS25519) {
            return KeyFactory.getInstance("Ed25519").generatePublic(encoded);
        }
        return KeyFactory.getInstance(spec.toString().startsWith("RSA") ? "RSA" : "EC").generatePublic(encoded);
    }

    private static boolean verifiesOutside(SigningAlgorithmSpec algorithm, PublicKey key, byte[] message,
            byte[] signature) throws Exception {
        String name = algorithm.toString();
        String hash = name.substring(name.length() - 3);
        Signature verifier;
        if (algorithm == SigningAlgorithmSpec.ED25519_PH_SHA_512) {
            // Bouncy Castle's own Ed25519ph signer, which computes the SHA-512 prehash itself
            var ph = new org.bouncycastle.crypto.signers.Ed25519phSigner(new byte[0]);
            ph.init(false, org.bouncycastle.crypto.util.PublicKeyFactory.createKey(key.getEncoded()));
            ph.update(message, 0, message.length);
            return ph.verifySignature(signature);
        }
        if (algorithm == SigningAlgorithmSpec.ED25519_SHA_512) {
            verifier = Signature.getInstance("Ed25519");
        } else if (name.startsWith("ML_DSA")) {
            verifier = Signature.getInstance("ML-DSA", BC);
        } else if (name.startsWith("RSASSA_PSS")) {
            verifier = Signature.getInstance("RSASSA-PSS");
            verifier.setParameter(new PSSParameterSpec("SHA-" + hash, "MGF1", new MGF1ParameterSpec("SHA-" + hash),
                    Integer.parseInt(hash) / 8, 1));
        } else if (name.startsWith("RSA")) {
            verifier = Signature.getInstance("SHA" + hash + "withRSA");
        } else {
            verifier = key.getClass().getName().contains("bouncycastle")
                    ? Signature.getInstance("SHA" + hash + "withECDSA", BC)
                    : Signature.getInstance("SHA" + hash + "withECDSA");
        }
        verifier.initVerify(key);
        verifier.update(message);
        return verifier.verify(signature);
    }

    @Test
    void givenEcdsaAndRsaPssSignatures_whenOpensslVerifies_thenVerifiedOk() throws Exception {
        Path dir = Files.createTempDirectory("kms-openssl");
        byte[] message = "signed by Coffer".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("message"), message);
        try (KmsClient kms = kms()) {
            for (SigningAlgorithmSpec algorithm : List.of(SigningAlgorithmSpec.ECDSA_SHA_256,
                    SigningAlgorithmSpec.RSASSA_PSS_SHA_256, SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256)) {
                KeySpec spec = algorithm == SigningAlgorithmSpec.ECDSA_SHA_256 ? KeySpec.ECC_NIST_P256
                        : KeySpec.RSA_2048;
                String keyId = kms.createKey(r -> r.keySpec(spec).keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata()
                        .keyId();
                byte[] der = kms.getPublicKey(r -> r.keyId(keyId)).publicKey().asByteArray();
                Files.writeString(dir.resolve("key.pem"), "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                        + "\n-----END PUBLIC KEY-----\n");
                Files.write(dir.resolve("signature"), kms.sign(r -> r.keyId(keyId)
                        .message(SdkBytes.fromByteArray(message)).signingAlgorithm(algorithm)).signature()
                        .asByteArray());
                List<String> command = new java.util.ArrayList<>(List.of("openssl", "dgst", "-sha256", "-verify",
                        "key.pem", "-signature", "signature"));
                if (algorithm == SigningAlgorithmSpec.RSASSA_PSS_SHA_256) {
                    command.addAll(List.of("-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32"));
                }
                command.add("message");
                Process openssl = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                        .start();
                String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, openssl.waitFor(), algorithm + ": " + output);
                assertTrue(output.contains("Verified OK"), output);
            }
        }
    }

    @Test
    void givenRsaEncryptionKey_whenTheJdkEncryptsToItsPublicKey_thenKmsDecryptsAndReEncrypts() throws Exception {
        try (KmsClient kms = kms()) {
            KeyMetadata key = kms.createKey(r -> r.keySpec(KeySpec.RSA_2048)
                    .keyUsage(KeyUsageType.ENCRYPT_DECRYPT)).keyMetadata();
            assertEquals(KeyUsageType.ENCRYPT_DECRYPT, key.keyUsage());
            assertEquals(List.of(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1, EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256),
                    key.encryptionAlgorithms());
            byte[] der = kms.getPublicKey(r -> r.keyId(key.keyId())).publicKey().asByteArray();
            Cipher jdk = Cipher.getInstance("RSA/ECB/OAEPPadding");
            jdk.init(Cipher.ENCRYPT_MODE, KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der)),
                    new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
            byte[] ciphertext = jdk.doFinal("a wrapped secret".getBytes(StandardCharsets.UTF_8));
            assertEquals("a wrapped secret", kms.decrypt(r -> r.keyId(key.keyId())
                    .ciphertextBlob(SdkBytes.fromByteArray(ciphertext))
                    .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)).plaintext().asUtf8String());

            SdkBytes sha1 = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(bytes("via kms"))
                    .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1)).ciphertextBlob();
            assertEquals(256, sha1.asByteArray().length);
            String symmetric = kms.createKey(r -> { }).keyMetadata().keyId();
            var moved = kms.reEncrypt(r -> r.ciphertextBlob(sha1).sourceKeyId(key.keyId())
                    .sourceEncryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1)
                    .destinationKeyId(symmetric).destinationEncryptionContext(Map.of("purpose", "test")));
            assertEquals(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1, moved.sourceEncryptionAlgorithm());
            assertEquals("via kms", kms.decrypt(r -> r.ciphertextBlob(moved.ciphertextBlob())
                    .encryptionContext(Map.of("purpose", "test"))).plaintext().asUtf8String());

            // the RSA key needs its algorithm named, takes no context, and holds at most k - 2hLen - 2 bytes
            assertThrows(InvalidKeyUsageException.class, () -> kms.encrypt(r -> r.keyId(key.keyId())
                    .plaintext(bytes("x"))));
            assertEquals("ValidationException", errorCode(() -> kms.encrypt(r -> r.keyId(key.keyId())
                    .plaintext(bytes("x")).encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)
                    .encryptionContext(Map.of("a", "b")))));
            assertEquals("ValidationException", errorCode(() -> kms.encrypt(r -> r.keyId(key.keyId())
                    .plaintext(SdkBytes.fromByteArray(new byte[191]))
                    .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256))));
            assertThrows(InvalidCiphertextException.class, () -> kms.decrypt(r -> r.keyId(key.keyId())
                    .ciphertextBlob(sha1).encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)));
            // without a key ID the blob must be one of key-service's own
            InvalidCiphertextException noKey = assertThrows(InvalidCiphertextException.class,
                    () -> kms.decrypt(r -> r.ciphertextBlob(sha1)));
            // no message, as AWS sends none: it says nothing of what was wrong
            assertNull(noKey.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void givenHmacKeysOfEverySpec_whenMacing_thenVerifiedAndAnyChangeIsInvalidMac() {
        try (KmsClient kms = kms()) {
            Map<KeySpec, MacAlgorithmSpec> specs = Map.of(KeySpec.HMAC_224, MacAlgorithmSpec.HMAC_SHA_224,
                    KeySpec.HMAC_256, MacAlgorithmSpec.HMAC_SHA_256, KeySpec.HMAC_384, MacAlgorithmSpec.HMAC_SHA_384,
                    KeySpec.HMAC_512, MacAlgorithmSpec.HMAC_SHA_512);
            for (Map.Entry<KeySpec, MacAlgorithmSpec> entry : specs.entrySet()) {
                KeyMetadata key = kms.createKey(r -> r.keySpec(entry.getKey())
                        .keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)).keyMetadata();
                assertEquals(List.of(entry.getValue()), key.macAlgorithms());
                SdkBytes mac = kms.generateMac(r -> r.keyId(key.keyId()).message(bytes("token"))
                        .macAlgorithm(entry.getValue())).mac();
                assertEquals(Integer.parseInt(entry.getValue().toString().substring(9)) / 8,
                        mac.asByteArray().length);
                assertTrue(kms.verifyMac(r -> r.keyId(key.keyId()).message(bytes("token")).mac(mac)
                        .macAlgorithm(entry.getValue())).macValid());
                assertThrows(KmsInvalidMacException.class, () -> kms.verifyMac(r -> r.keyId(key.keyId())
                        .message(bytes("tokem")).mac(mac).macAlgorithm(entry.getValue())));
                MacAlgorithmSpec other = entry.getValue() == MacAlgorithmSpec.HMAC_SHA_256
                        ? MacAlgorithmSpec.HMAC_SHA_512 : MacAlgorithmSpec.HMAC_SHA_256;
                assertThrows(InvalidKeyUsageException.class, () -> kms.generateMac(r -> r.keyId(key.keyId())
                        .message(bytes("token")).macAlgorithm(other)));
                assertThrows(InvalidKeyUsageException.class, () -> kms.encrypt(r -> r.keyId(key.keyId())
                        .plaintext(bytes("token"))));
            }
        }
    }

    @Test
    void givenKeyAgreementKey_whenDerivingWithAJdkPeer_thenBothHoldTheSameSecret() throws Exception {
        try (KmsClient kms = kms()) {
            KeyMetadata key = kms.createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256)
                    .keyUsage(KeyUsageType.KEY_AGREEMENT)).keyMetadata();
            assertEquals(List.of(KeyAgreementAlgorithmSpec.ECDH), key.keyAgreementAlgorithms());
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair peer = generator.generateKeyPair();
            byte[] secret = kms.deriveSharedSecret(r -> r.keyId(key.keyId())
                    .keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH)
                    .publicKey(SdkBytes.fromByteArray(peer.getPublic().getEncoded()))).sharedSecret().asByteArray();
            javax.crypto.KeyAgreement jdk = javax.crypto.KeyAgreement.getInstance("ECDH");
            jdk.init(peer.getPrivate());
            jdk.doPhase(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(
                    kms.getPublicKey(r -> r.keyId(key.keyId())).publicKey().asByteArray())), true);
            assertArrayEquals(jdk.generateSecret(), secret);

            generator.initialize(new ECGenParameterSpec("secp384r1"));
            byte[] otherCurve = generator.generateKeyPair().getPublic().getEncoded();
            assertEquals("ValidationException", errorCode(() -> kms.deriveSharedSecret(r -> r.keyId(key.keyId())
                    .keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH)
                    .publicKey(SdkBytes.fromByteArray(otherCurve)))));
            assertThrows(InvalidKeyUsageException.class, () -> kms.sign(r -> r.keyId(key.keyId())
                    .message(bytes("m")).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)));
        }
    }

    @Test
    void givenMlKemKey_whenEncapsulatingHereAndOutside_thenDecapsulateRecoversTheSecret() throws Exception {
        try (KmsClient kms = kms()) {
            KeyMetadata key = kms.createKey(r -> r.keySpec(KeySpec.ML_KEM_768)
                    .keyUsage(KeyUsageType.ENCAPSULATE_DECAPSULATE)).keyMetadata();
            assertEquals(List.of(software.amazon.awssdk.services.kms.model.EncapsulationAlgorithmSpec.ML_KEM),
                    key.encapsulationAlgorithms());
            var made = kms.encapsulate(r -> r.keyId(key.keyId()).encapsulationAlgorithm("ML_KEM"));
            assertEquals(32, made.sharedSecret().asByteArray().length);
            assertArrayEquals(made.sharedSecret().asByteArray(), kms.decapsulate(r -> r.keyId(key.keyId())
                    .encapsulationAlgorithm("ML_KEM").sharedSecretCiphertextBlob(made.sharedSecretCiphertextBlob()))
                    .sharedSecret().asByteArray());
            // a sender with only the public key, outside Coffer
            byte[] publicKey = kms.getPublicKey(r -> r.keyId(key.keyId())).publicKey().asByteArray();
            var outside = new org.bouncycastle.pqc.crypto.mlkem.MLKEMGenerator(new java.security.SecureRandom())
                    .generateEncapsulated(org.bouncycastle.pqc.crypto.util.PublicKeyFactory.createKey(publicKey));
            assertArrayEquals(outside.getSecret(), kms.decapsulate(r -> r.keyId(key.keyId())
                    .encapsulationAlgorithm("ML_KEM")
                    .sharedSecretCiphertextBlob(SdkBytes.fromByteArray(outside.getEncapsulation())))
                    .sharedSecret().asByteArray());
            assertThrows(InvalidCiphertextException.class, () -> kms.decapsulate(r -> r.keyId(key.keyId())
                    .encapsulationAlgorithm("ML_KEM").sharedSecretCiphertextBlob(SdkBytes.fromByteArray(new byte[9]))));
            assertThrows(InvalidKeyUsageException.class, () -> kms.encrypt(r -> r.keyId(key.keyId())
                    .plaintext(bytes("x"))));
        }
    }

    @Test
    void givenSymmetricKey_whenGeneratingDataKeyPairs_thenThePrivateKeyDecryptsAndMatchesThePublicKey()
            throws Exception {
        try (KmsClient kms = kms()) {
            KeyMetadata key = kms.createKey(r -> { }).keyMetadata();
            var pair = kms.generateDataKeyPair(r -> r.keyId(key.keyId()).keyPairSpec(DataKeyPairSpec.ECC_NIST_P384)
                    .encryptionContext(Map.of("app", "signer")));
            assertEquals(key.currentKeyMaterialId(), pair.keyMaterialId());
            byte[] privateKey = kms.decrypt(r -> r.ciphertextBlob(pair.privateKeyCiphertextBlob())
                    .encryptionContext(Map.of("app", "signer"))).plaintext().asByteArray();
            assertArrayEquals(pair.privateKeyPlaintext().asByteArray(), privateKey);
            Signature signer = Signature.getInstance("SHA384withECDSA");
            signer.initSign(KeyFactory.getInstance("EC").generatePrivate(
                    new java.security.spec.PKCS8EncodedKeySpec(privateKey)));
            signer.update(new byte[] {1, 2, 3});
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA384withECDSA");
            verifier.initVerify(KeyFactory.getInstance("EC").generatePublic(
                    new X509EncodedKeySpec(pair.publicKey().asByteArray())));
            verifier.update(new byte[] {1, 2, 3});
            assertTrue(verifier.verify(signature));

            var withoutPlaintext = kms.generateDataKeyPairWithoutPlaintext(r -> r.keyId(key.keyId())
                    .keyPairSpec(DataKeyPairSpec.RSA_2048));
            assertEquals("RSA", KeyFactory.getInstance("RSA").generatePrivate(
                    new java.security.spec.PKCS8EncodedKeySpec(kms.decrypt(r -> r.ciphertextBlob(
                            withoutPlaintext.privateKeyCiphertextBlob())).plaintext().asByteArray())).getAlgorithm());

            String rsa = kms.createKey(r -> r.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.ENCRYPT_DECRYPT))
                    .keyMetadata().keyId();
            assertThrows(InvalidKeyUsageException.class, () -> kms.generateDataKeyPair(r -> r.keyId(rsa)
                    .keyPairSpec(DataKeyPairSpec.RSA_2048)));
            assertThrows(InvalidKeyUsageException.class, () -> kms.generateDataKey(r -> r.keyId(rsa)
                    .numberOfBytes(32)));
            assertEquals("UnsupportedOperationException", errorCode(() -> kms.generateDataKeyPair(r -> r
                    .keyId(key.keyId()).keyPairSpec(DataKeyPairSpec.SM2))));
        }
    }

    @Test
    void givenSignCall_whenAuditTopicRead_thenRecordedWithAlgorithmButNeverTheMessage() {
        String marker = "sign-marker-" + UUID.randomUUID();
        String arn;
        try (KmsClient kms = kms()) {
            arn = kms.createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY))
                    .keyMetadata().arn();
            kms.sign(r -> r.keyId(arn).message(bytes(marker)).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256));
        }
        String encoded = Base64.getEncoder().encodeToString(marker.getBytes(StandardCharsets.UTF_8));
        List<ConsumerRecord<String, String>> records = new TopicProbe(KafkaBroker.bootstrapServers())
                .readUntil(Topics.AUDIT_RECORDS, Duration.ofSeconds(20), seen -> seen.stream()
                        .anyMatch(r -> r.value().contains("\"Sign\"") && r.value().contains(arn)));
        ConsumerRecord<String, String> sign = records.stream()
                .filter(r -> r.value().contains("\"Sign\"") && r.value().contains(arn)).findFirst().orElseThrow();
        assertTrue(sign.value().contains("ECDSA_SHA_256"), sign.value());
        for (ConsumerRecord<String, String> record : records) {
            assertFalse(record.value().contains(marker) || record.value().contains(encoded), record.value());
        }
        assertNotEquals(0, records.size());
    }
}
