package io.coffer.key.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coffer.kernel.SecretBytes;
import io.coffer.kernel.SecretKeyAccess;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.Test;

/**
 * Known-answer and interoperability tests of the primitives behind Sign/Verify, GenerateMac/VerifyMac, RSA
 * Encrypt/Decrypt and DeriveSharedSecret: a Wycheproof vector verified as RAW and DIGEST, RFC 4231, and the JDK's
 * own providers on the other side. {@link WycheproofTest} runs whole Wycheproof files.
 */
class AsymmetricPrimitivesTest {

    private static final HexFormat HEX = HexFormat.of();

    /** rsa_pss_2048_sha256_mgf1_32_test.json: KMS's RSASSA_PSS_SHA_256 is exactly this parameter set. */
    private static final String PSS_KEY = "30820122300d06092a864886f70d01010105000382010f003082010a0282010100a2b451a0"
            + "7d0aa5f96e455671513550514a8a5b462ebef717094fa1fee82224e637f9746d3f7cafd31878d80325b6ef5a1700f65903b469"
            + "429e89d6eac8845097b5ab393189db92512ed8a7711a1253facd20f79c15e8247f3d3e42e46e48c98e254a2fe9765313a03eff"
            + "8f17e1a029397a1fa26a8dce26f490ed81299615d9814c22da610428e09c7d9658594266f5c021d0fceca08d945a12be82de4d"
            + "1ece6b4c03145b5d3495d4ed5411eb878daf05fd7afc3e09ada0f1126422f590975a1969816f48698bcbba1b4d9cae79d460d8"
            + "f9f85e7975005d9bc22c4e5ac0f7c1a45d12569a62807d3b9a02e5a530e773066f453d1f5b4c2e9cf7820283f742b9d502030"
            + "10001";
    /** tcId 3, message "Test". */
    private static final String PSS_SIG = "401eb03cdb47ca88033e3030f6bdecbac8f5c8fc1dd6a13d23d379ed9a2b309891d13d74fe"
            + "a9d21d159b9e6d8f37efa2489962e24555f56dd434ff1d31ce4f9f5abd3f22cbea8b691d6a11e44efb83e2bca155e6a164325e0"
            + "fde2a8865afd5c9f51161a9d615f62af7ec2e31b3e5ab649c164490d31d88cfae35b84aea7925690f929a144b6d2f48e8fb894a"
            + "52deecd1b9a6496990c4ecf1588699a42cacd10c53af350514e4291ea9a058e77f101e32c1c0cefa61d945f7bc931f8bd19e7ba"
            + "3169358a60e5a8b0123bc3199b9fdcafe8e519c41ba675491a27b85e44ef2d77277c10fe107293c8290186913bc9a99b640d8da"
            + "041b64f31eab1d35920985f4a5";

    @Test
    void givenWycheproofRsaPssVector_whenVerifyingRawAndDigest_thenValidAndATamperedOneIsNot() throws Exception {
        PublicKey key = KeySpec.RSA_2048.publicKey(HEX.parseHex(PSS_KEY));
        byte[] message = "Test".getBytes(StandardCharsets.US_ASCII);
        byte[] signature = HEX.parseHex(PSS_SIG);
        SigningAlgorithm pss = SigningAlgorithm.RSASSA_PSS_SHA_256;
        assertTrue(pss.verify(key, message, MessageType.RAW, signature));
        assertTrue(pss.verify(key, MessageDigest.getInstance("SHA-256").digest(message), MessageType.DIGEST,
                signature));
        signature[17] ^= 1;
        assertFalse(pss.verify(key, message, MessageType.RAW, signature));
        assertFalse(SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_256.verify(key, message, MessageType.RAW,
                HEX.parseHex(PSS_SIG)));
    }

    /** RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?". */
    @Test
    void givenRfc4231Case2_whenMacing_thenTheKnownTagsAndConstantTimeVerify() {
        SecretBytes key = SecretBytes.takeOver("Jefe".getBytes(StandardCharsets.US_ASCII), SecretKeyAccess.get());
        byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        assertEquals("a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44",
                HEX.formatHex(MacAlgorithm.HMAC_SHA_224.mac(key, data)));
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                HEX.formatHex(MacAlgorithm.HMAC_SHA_256.mac(key, data)));
        assertEquals("af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
                HEX.formatHex(MacAlgorithm.HMAC_SHA_384.mac(key, data)));
        assertEquals("164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fd"
                + "caeab1a34d4a6b4b636e070a38bce737", HEX.formatHex(MacAlgorithm.HMAC_SHA_512.mac(key, data)));
        byte[] tag = MacAlgorithm.HMAC_SHA_256.mac(key, data);
        assertTrue(MacAlgorithm.HMAC_SHA_256.verify(key, data, tag));
        tag[31] ^= 1;
        assertFalse(MacAlgorithm.HMAC_SHA_256.verify(key, data, tag));
        assertFalse(MacAlgorithm.HMAC_SHA_256.verify(key, data, new byte[0]));
    }

    @Test
    void givenEverySigningSpec_whenSigningRawAndDigest_thenTheJdkOrBouncyCastleVerifies() throws Exception {
        byte[] message = "a release manifest".getBytes(StandardCharsets.UTF_8);
        for (KeySpec spec : KeySpec.values()) {
            for (SigningAlgorithm algorithm : spec.signingAlgorithms(KeyUsage.SIGN_VERIFY)) {
                GeneratedMaterial material = spec.generate();
                PrivateKey privateKey = spec.privateKey(material.secret());
                PublicKey publicKey = spec.publicKey(material.publicKey());
                byte[] raw = algorithm.sign(privateKey, message, MessageType.RAW);
                assertTrue(algorithm.verify(publicKey, message, MessageType.RAW, raw), algorithm.name());
                if (algorithm == SigningAlgorithm.ED25519_SHA_512) {
                    assertThrows(InvalidMessageException.class,
                            () -> algorithm.sign(privateKey, new byte[64], MessageType.DIGEST));
                    Signature jdk = Signature.getInstance("Ed25519");
                    jdk.initVerify(java.security.KeyFactory.getInstance("Ed25519")
                            .generatePublic(new java.security.spec.X509EncodedKeySpec(material.publicKey())));
                    jdk.update(message);
                    assertTrue(jdk.verify(raw));
                    continue;
                }
                if (algorithm == SigningAlgorithm.ML_DSA_SHAKE_256) {
                    assertThrows(InvalidMessageException.class,
                            () -> algorithm.sign(privateKey, message, MessageType.DIGEST));
                    continue;
                }
                String hash = algorithm.name().substring(algorithm.name().length() - 3);
                byte[] digest = MessageDigest.getInstance("SHA-" + hash).digest(message);
                byte[] fromDigest = algorithm.sign(privateKey, digest, MessageType.DIGEST);
                assertTrue(algorithm.verify(publicKey, message, MessageType.RAW, fromDigest), algorithm.name());
                assertThrows(InvalidMessageException.class,
                        () -> algorithm.sign(privateKey, new byte[20], MessageType.DIGEST));
                if (spec != KeySpec.ECC_SECG_P256K1 && spec != KeySpec.ECC_NIST_EDWARDS25519) {
                    assertTrue(jdkVerifies(algorithm, hash, material.publicKey(), message, raw), algorithm.name());
                }
            }
        }
    }

    /** The JDK's own SunRsaSign/SunEC, which know nothing of Bouncy Castle, read the key and check the signature. */
    private static boolean jdkVerifies(SigningAlgorithm algorithm, String hash, byte[] publicKey, byte[] message,
            byte[] signature) throws Exception {
        boolean rsa = algorithm.name().startsWith("RSA");
        PublicKey key = java.security.KeyFactory.getInstance(rsa ? "RSA" : "EC")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(publicKey));
        Signature verifier;
        if (algorithm.name().startsWith("RSASSA_PSS")) {
            verifier = Signature.getInstance("RSASSA-PSS");
            verifier.setParameter(new PSSParameterSpec("SHA-" + hash, "MGF1", new MGF1ParameterSpec("SHA-" + hash),
                    Integer.parseInt(hash) / 8, 1));
        } else {
            verifier = Signature.getInstance("SHA" + hash + "with" + (rsa ? "RSA" : "ECDSA"));
        }
        verifier.initVerify(key);
        verifier.update(message);
        return verifier.verify(signature);
    }

    @Test
    void givenJdkOaepCiphertext_whenDecrypting_thenPlaintextAndTamperingIsInvalidCiphertext() throws Exception {
        GeneratedMaterial material = KeySpec.RSA_3072.generate();
        PublicKey jdkKey = java.security.KeyFactory.getInstance("RSA")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(material.publicKey()));
        Cipher jdk = Cipher.getInstance("RSA/ECB/OAEPPadding");
        jdk.init(Cipher.ENCRYPT_MODE, jdkKey, new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                PSource.PSpecified.DEFAULT));
        byte[] secret = new byte[RsaOaep.RSAES_OAEP_SHA_256.maxPlaintext(3072)];
        assertEquals(318, secret.length);
        byte[] ciphertext = jdk.doFinal(secret);
        PrivateKey privateKey = KeySpec.RSA_3072.privateKey(material.secret());
        assertArrayEquals(secret, RsaOaep.RSAES_OAEP_SHA_256.decrypt(privateKey, ciphertext));
        assertThrows(InvalidCiphertextException.class,
                () -> RsaOaep.RSAES_OAEP_SHA_1.decrypt(privateKey, ciphertext));
        ciphertext[5] ^= 1;
        assertThrows(InvalidCiphertextException.class,
                () -> RsaOaep.RSAES_OAEP_SHA_256.decrypt(privateKey, ciphertext));
    }

    @Test
    void givenJdkEcdhPeer_whenAgreeing_thenBothSidesHoldTheSameSecretAndOtherCurvesAreRefused() throws Exception {
        GeneratedMaterial material = KeySpec.ECC_NIST_P384.generate();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair peer = generator.generateKeyPair();
        byte[] ours = KeyAgreement.ecdh(KeySpec.ECC_NIST_P384.privateKey(material.secret()),
                KeySpec.ECC_NIST_P384.publicKey(peer.getPublic().getEncoded()));
        javax.crypto.KeyAgreement jdk = javax.crypto.KeyAgreement.getInstance("ECDH");
        jdk.init(peer.getPrivate());
        jdk.doPhase(java.security.KeyFactory.getInstance("EC")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(material.publicKey())), true);
        assertArrayEquals(jdk.generateSecret(), ours);
        assertEquals(48, ours.length);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        byte[] otherCurve = generator.generateKeyPair().getPublic().getEncoded();
        assertThrows(IllegalArgumentException.class, () -> KeySpec.ECC_NIST_P384.publicKey(otherCurve));
    }
}
