package io.coffer.crypto.format;

import io.coffer.crypto.wire.AlgorithmSuite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The per-message keys of a committing suite, derived from the plaintext data key with HKDF-SHA512 (Bouncy Castle):
 * one extract with the message ID as salt, then expand with info {@code suiteId || "DERIVEKEY"} for the AES-GCM key
 * and {@code "COMMITKEY"} for the commitment key written in (and checked against) the header. Close to zero both.
 */
public final class MessageKeys implements AutoCloseable {

    private static final byte[] DERIVE_KEY = "DERIVEKEY".getBytes(StandardCharsets.UTF_8);
    private static final byte[] COMMIT_KEY = "COMMITKEY".getBytes(StandardCharsets.UTF_8);

    private final byte[] encryptionKey;
    private final byte[] commitKey;
    private final SecretKeySpec aesKey;

    private MessageKeys(byte[] encryptionKey, byte[] commitKey) {
        this.encryptionKey = encryptionKey;
        this.commitKey = commitKey;
        this.aesKey = new SecretKeySpec(encryptionKey, "AES");
    }

    /** Derives the keys; the caller keeps ownership of (and zeroes) {@code dataKey}. */
    public static MessageKeys derive(AlgorithmSuite suite, byte[] dataKey, byte[] messageId) {
        if (dataKey.length != suite.dataKeyLength()) {
            throw new IllegalArgumentException("data key must be " + suite.dataKeyLength() + " bytes");
        }
        if (messageId.length != suite.messageIdLength()) {
            throw new IllegalArgumentException("message ID must be " + suite.messageIdLength() + " bytes");
        }
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA512Digest());
        byte[] prk = hkdf.extractPRK(messageId, dataKey);
        try {
            byte[] info = new byte[2 + DERIVE_KEY.length];
            info[0] = (byte) (suite.wireId() >>> 8);
            info[1] = (byte) suite.wireId();
            System.arraycopy(DERIVE_KEY, 0, info, 2, DERIVE_KEY.length);
            byte[] encryptionKey = expand(hkdf, prk, info, suite.dataKeyLength());
            byte[] commitKey = expand(hkdf, prk, COMMIT_KEY, suite.commitKeyLength());
            return new MessageKeys(encryptionKey, commitKey);
        } finally {
            Arrays.fill(prk, (byte) 0);
        }
    }

    private static byte[] expand(HKDFBytesGenerator hkdf, byte[] prk, byte[] info, int length) {
        hkdf.init(HKDFParameters.skipExtractParameters(prk, info));
        byte[] out = new byte[length];
        hkdf.generateBytes(out, 0, length);
        return out;
    }

    /** The commitment key, to write into a new header. */
    byte[] commitKey() {
        return commitKey.clone();
    }

    /** Constant-time check of a header's commitment key against the one derived here. */
    boolean commitsTo(byte[] headerCommitKey) {
        return MessageDigest.isEqual(commitKey, headerCommitKey);
    }

    SecretKeySpec aesKey() {
        return aesKey;
    }

    @Override
    public void close() {
        // SecretKeySpec keeps its own copy that the JDK gives no way to erase; these are the copies we own
        Arrays.fill(encryptionKey, (byte) 0);
        Arrays.fill(commitKey, (byte) 0);
    }
}
