package io.coffer.key.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.kernel.SecretBytes;
import io.coffer.kernel.SecretKeyAccess;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every vector of the Wycheproof files (src/test/resources/wycheproof) against the primitives behind KMS's Verify,
 * VerifyMac/GenerateMac, Decrypt with RSAES-OAEP and DeriveSharedSecret. A "valid" vector must pass, an "invalid" one
 * must be refused the way the API refuses it (false, InvalidCiphertextException, IllegalArgumentException), and an
 * "acceptable" one may go either way but must never give a wrong answer.
 */
class WycheproofTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({
            "ecdsa_secp256r1_sha256, ECC_NIST_P256, ECDSA_SHA_256",
            "ecdsa_secp384r1_sha384, ECC_NIST_P384, ECDSA_SHA_384",
            "ecdsa_secp521r1_sha512, ECC_NIST_P521, ECDSA_SHA_512",
            "ecdsa_secp256k1_sha256, ECC_SECG_P256K1, ECDSA_SHA_256",
            "rsa_pss_2048_sha256_mgf1_32, RSA_2048, RSASSA_PSS_SHA_256",
            "rsa_pss_2048_sha384_mgf1_48, RSA_2048, RSASSA_PSS_SHA_384",
            "rsa_pss_4096_sha512_mgf1_64, RSA_4096, RSASSA_PSS_SHA_512",
            "rsa_signature_2048_sha256, RSA_2048, RSASSA_PKCS1_V1_5_SHA_256",
            "rsa_signature_3072_sha384, RSA_3072, RSASSA_PKCS1_V1_5_SHA_384",
            "rsa_signature_4096_sha512, RSA_4096, RSASSA_PKCS1_V1_5_SHA_512",
            "ed25519, ECC_NIST_EDWARDS25519, ED25519_SHA_512"})
    void givenSignatureVectors_whenVerifyingRaw_thenExactlyTheValidOnesPass(String file, KeySpec spec,
            SigningAlgorithm algorithm) {
        int checked = forEachTest(file, (group, test) -> {
            PublicKey key = spec.publicKey(HEX.parseHex(group.get("publicKeyDer").asText()));
            boolean valid = algorithm.verify(key, hex(test, "msg"), MessageType.RAW, hex(test, "sig"));
            expect(test, valid);
            return true;
        });
        assertTrue(checked > 100, file + ": " + checked);
    }

    @ParameterizedTest
    @CsvSource({"hmac_sha224, HMAC_SHA_224", "hmac_sha256, HMAC_SHA_256", "hmac_sha384, HMAC_SHA_384",
            "hmac_sha512, HMAC_SHA_512"})
    void givenMacVectors_whenMacingAndVerifying_thenTheTagsAndOnlyThem(String file, MacAlgorithm algorithm) {
        int checked = forEachTest(file, (group, test) -> {
            if (group.get("tagSize").asInt() != Integer.parseInt(algorithm.name().substring(9))) {
                return false; // KMS answers whole tags only; truncated-tag groups test another API
            }
            byte[] message = hex(test, "msg");
            byte[] tag = hex(test, "tag");
            SecretBytes key = SecretBytes.takeOver(hex(test, "key"), SecretKeyAccess.get());
            boolean valid = algorithm.verify(key, message, tag);
            expect(test, valid);
            if (valid) {
                assertArrayEquals(tag, algorithm.mac(key, message), id(test));
            }
            return true;
        });
        assertTrue(checked > 50, file + ": " + checked);
    }

    @ParameterizedTest
    @CsvSource({"rsa_oaep_2048_sha1_mgf1sha1, RSAES_OAEP_SHA_1", "rsa_oaep_2048_sha256_mgf1sha256, RSAES_OAEP_SHA_256"})
    void givenOaepVectors_whenDecrypting_thenThePlaintextOrInvalidCiphertext(String file, RsaOaep algorithm) {
        int checked = forEachTest(file, (group, test) -> {
            if (!test.get("label").asText().isEmpty()) {
                return false; // KMS encrypts without an OAEP label
            }
            PrivateKey key = KeySpec.RSA_2048.privateKey(SecretBytes.takeOver(
                    HEX.parseHex(group.get("privateKeyPkcs8").asText()), SecretKeyAccess.get()));
            byte[] ciphertext = hex(test, "ct");
            if (result(test).equals("valid")) {
                assertArrayEquals(hex(test, "msg"), algorithm.decrypt(key, ciphertext), id(test));
            } else {
                assertThrows(InvalidCiphertextException.class, () -> algorithm.decrypt(key, ciphertext), id(test));
            }
            return true;
        });
        assertTrue(checked > 10, file + ": " + checked);
    }

    @ParameterizedTest
    @CsvSource({"ecdh_secp256r1, ECC_NIST_P256", "ecdh_secp384r1, ECC_NIST_P384"})
    void givenEcdhVectors_whenDeriving_thenTheSharedSecretOrThePeerKeyRefused(String file, KeySpec spec) {
        int checked = forEachTest(file, (group, test) -> {
            PrivateKey own = privateKey(spec, new BigInteger(test.get("private").asText(), 16));
            byte[] peer = hex(test, "public");
            PublicKey peerKey;
            try {
                peerKey = spec.publicKey(peer);
            } catch (IllegalArgumentException refused) {
                if (result(test).equals("valid")) {
                    fail(id(test) + ": a valid peer key was refused: " + refused.getMessage());
                }
                return true; // DeriveSharedSecret answers ValidationException
            }
            if (result(test).equals("invalid")) {
                fail(id(test) + ": an invalid peer key was accepted");
            }
            assertArrayEquals(hex(test, "shared"), KeyAgreement.ecdh(own, peerKey), id(test));
            return true;
        });
        assertTrue(checked > 500, file + ": " + checked);
    }

    /** A private key of {@code spec} with scalar {@code s}, as PKCS #8: the form key-service stores material in. */
    private static PrivateKey privateKey(KeySpec spec, BigInteger s) {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(spec == KeySpec.ECC_NIST_P256 ? "secp256r1" : "secp384r1"));
            byte[] pkcs8 = KeyFactory.getInstance("EC").generatePrivate(
                    new ECPrivateKeySpec(s, parameters.getParameterSpec(ECParameterSpec.class))).getEncoded();
            return spec.privateKey(SecretBytes.takeOver(pkcs8, SecretKeyAccess.get()));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static void expect(JsonNode test, boolean valid) {
        switch (result(test)) {
            case "valid" -> assertTrue(valid, id(test));
            case "invalid" -> assertEquals(false, valid, id(test));
            default -> { } // acceptable: either answer, as long as it is an answer
        }
    }

    /** Checks one vector; false if the vector tests something KMS does not offer. */
    private interface VectorCheck {
        boolean check(JsonNode group, JsonNode test);
    }

    /** Runs {@code check} on every test of the file and returns how many it checked. */
    private static int forEachTest(String file, VectorCheck check) {
        int[] count = {0};
        Consumer<JsonNode> groups = root -> root.get("testGroups").forEach(group -> group.get("tests").forEach(test -> {
            if (check.check(group, test)) {
                count[0]++;
            }
        }));
        String resource = "/wycheproof/" + file + "_test.json.gz";
        try (InputStream in = WycheproofTest.class.getResourceAsStream(resource)) {
            assertTrue(in != null, resource);
            groups.accept(JSON.readTree(new GZIPInputStream(in)));
        } catch (IOException e) {
            throw new AssertionError(resource, e);
        }
        return count[0];
    }

    private static byte[] hex(JsonNode test, String field) {
        return HEX.parseHex(test.get(field).asText());
    }

    private static String result(JsonNode test) {
        return test.get("result").asText();
    }

    private static String id(JsonNode test) {
        return "tcId " + test.get("tcId").asInt() + " (" + test.get("comment").asText() + ", " + result(test) + ")";
    }
}
