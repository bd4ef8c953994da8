package io.coffer.crypto.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.encryptionsdk.DataKey;
import com.amazonaws.encryptionsdk.jce.JceMasterKey;
import com.amazonaws.encryptionsdk.model.KeyBlob;
import io.coffer.crypto.wire.AlgorithmSuite;
import io.coffer.kernel.EncryptionContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Known-answer interop of the format with the AWS Encryption SDK for Java, in process: the SDK's raw AES master key
 * wraps the data key (the KMS keyring's turn is the e2e test through key-service), so both sides hold the same data
 * key and only the message format is under test, both ways, over frame boundaries.
 */
class EncryptionSdkFormatTest {

    private static final Map<String, String> CONTEXT = Map.of("aws:codecommit:id", "r-42", "purpose", "pack");

    private final Random random = new Random(11);
    private final JceMasterKey wrapping = JceMasterKey.getInstance(new SecretKeySpec(bytes(32), "AES"), "coffer-test",
            "wrapping-key", "AES/GCM/NoPadding");

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private AwsCrypto sdk(int frameSize) {
        return AwsCrypto.builder().withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
                .withEncryptionAlgorithm(CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY)
                .withEncryptionFrameSize(frameSize).build();
    }

    @Test
    void givenMessageFromEncryptionSdk_whenDecryptedHere_thenPlaintext() throws Exception {
        for (int size : new int[] {0, 1, 4095, 4096, 4097, 3 * 4096 + 99}) {
            byte[] plaintext = bytes(size);
            byte[] message = sdk(4096).encryptData(wrapping, plaintext, CONTEXT).getResult();

            InputStream in = new ByteArrayInputStream(message);
            MessageHeader header = MessageHeader.read(in);
            assertEquals(0x0478, header.suite().wireId());
            assertEquals(CONTEXT, header.context().asMap());
            EncryptedDataKey edk = header.dataKeys().get(0);
            DataKey<JceMasterKey> dataKey = wrapping.decryptDataKey(CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY,
                    List.of(new KeyBlob(edk.providerId(), edk.providerInfo(), edk.ciphertext())), CONTEXT);
            try (MessageKeys keys = MessageKeys.derive(header.suite(), dataKey.getKey().getEncoded(),
                    header.messageId()); DecryptingInputStream decrypted = DecryptingInputStream.message(in, header, keys)) {
                assertArrayEquals(plaintext, decrypted.readAllBytes(), "size " + size);
            }
        }
    }

    @Test
    void givenMessageMadeHere_whenDecryptedByEncryptionSdk_thenPlaintext() throws Exception {
        AlgorithmSuite suite = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY;
        for (int size : new int[] {0, 1, 1023, 1024, 1025, 5 * 1024 + 7}) {
            byte[] plaintext = bytes(size);
            DataKey<JceMasterKey> dataKey = wrapping.generateDataKey(CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY,
                    CONTEXT);
            byte[] messageId = bytes(32);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (MessageKeys keys = MessageKeys.derive(suite, dataKey.getKey().getEncoded(), messageId)) {
                MessageHeader header = MessageHeader.create(suite, messageId, EncryptionContext.of(CONTEXT),
                        List.of(new EncryptedDataKey(dataKey.getProviderId(), dataKey.getProviderInformation(),
                                dataKey.getEncryptedDataKey())), 1024, keys);
                try (EncryptingOutputStream encrypting = new EncryptingOutputStream(out, header, keys)) {
                    encrypting.write(plaintext);
                }
            }
            var result = sdk(1024).decryptData(wrapping, out.toByteArray());
            assertArrayEquals(plaintext, result.getResult(), "size " + size);
            assertEquals(CONTEXT, result.getEncryptionContext());
        }
    }
}
