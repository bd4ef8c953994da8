package io.coffer.crypto.envelope;

import io.coffer.crypto.format.DecryptingInputStream;
import io.coffer.crypto.format.EncryptedDataKey;
import io.coffer.crypto.format.EncryptingOutputStream;
import io.coffer.crypto.format.MessageHeader;
import io.coffer.crypto.format.MessageKeys;
import io.coffer.crypto.keys.CryptoConfig;
import io.coffer.crypto.wire.AlgorithmSuite;
import io.coffer.kernel.EncryptionContext;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Seals and opens throwaway messages at startup, before the first request, so that the JIT has compiled the frame
 * cipher with the CPU's AES and carry-less multiplication instructions. Until it has, the JDK runs AES-GCM's GHASH
 * and counter mode as plain Java, some 50 MB/s against 3-4 GB/s compiled: measured on deploy/local, the first 100 MB
 * clone after a start cost crypto-service 8.8 s of CPU, the tenth 0.6 s. The compiler counts calls, so many small
 * frames reach its thresholds for little work; a few messages of the configured frame length give the compiled code
 * the branch profile of real ones. The key is random and used for nothing else.
 */
@ApplicationScoped
public class CipherWarmUp {

    private static final Logger LOG = Logger.getLogger(CipherWarmUp.class);
    private static final AlgorithmSuite SUITE = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY;
    /** Frames of this length reach the compile thresholds cheaply. */
    private static final int SMALL_FRAME = 1024;
    /** Calls to seal and to open a frame: above the C2 thresholds (5,000 to 15,000 calls) with room to spare. */
    private static final int SMALL_FRAMES = 20_000;
    private static final int FULL_FRAMES = 32;

    private final int frameLength;

    public CipherWarmUp(CryptoConfig config) {
        this.frameLength = config.frameLength();
    }

    void onStart(@Observes StartupEvent start) {
        long began = System.nanoTime();
        SecureRandom random = new SecureRandom();
        byte[] dataKey = new byte[SUITE.dataKeyLength()];
        random.nextBytes(dataKey);
        try {
            // rounds of both shapes, so neither compiles without the other's branches
            for (int round = 0; round < 4; round++) {
                roundTrip(dataKey, random, SMALL_FRAME, SMALL_FRAMES / 4);
                roundTrip(dataKey, random, frameLength, FULL_FRAMES / 4);
            }
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
        LOG.infof("AES-GCM frame cipher warmed up in %d ms", (System.nanoTime() - began) / 1_000_000);
    }

    /** Seals a message of {@code frames} frames of {@code length} bytes and opens it again; checks the round trip. */
    private static void roundTrip(byte[] dataKey, SecureRandom random, int length, int frames) {
        byte[] messageId = new byte[SUITE.messageIdLength()];
        random.nextBytes(messageId);
        byte[] plaintext = new byte[length * frames];
        try (MessageKeys keys = MessageKeys.derive(SUITE, dataKey, messageId)) {
            MessageHeader header = MessageHeader.create(SUITE, messageId, EncryptionContext.of(Map.of()),
                    List.of(EncryptedDataKey.awsKms("warm-up", new byte[1])), length, keys);
            ByteArrayOutputStream sealed = new ByteArrayOutputStream(plaintext.length + frames * 64 + 512);
            EncryptingOutputStream out = new EncryptingOutputStream(sealed, header, keys);
            out.write(plaintext);
            out.finish();
            InputStream message = new ByteArrayInputStream(sealed.toByteArray());
            MessageHeader read = MessageHeader.read(message);
            try (DecryptingInputStream in = DecryptingInputStream.message(message, read, keys)) {
                if (in.readAllBytes().length != plaintext.length) {
                    throw new IllegalStateException("the warm-up message did not open to what was sealed");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
