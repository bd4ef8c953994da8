package io.coffer.crypto.format;

import io.coffer.crypto.wire.AlgorithmSuite;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM (JDK provider, hardware-accelerated) over one frame. The IV of frame {@code n} is {@code n} as a
 * big-endian number padded with zeros to 12 bytes, and the AAD binds the frame to its message, position, kind and
 * length: {@code messageId || "AWSKMSEncryptionClient Frame" or "... Final Frame" || u32 sequence || u64 length}.
 * So a frame moved, dropped, repeated or re-labelled final fails its tag. One instance per stream; not thread-safe.
 */
final class FrameCipher {

    static final int FINAL_FRAME_MARKER = 0xFFFFFFFF;
    private static final byte[] REGULAR = "AWSKMSEncryptionClient Frame".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FINAL = "AWSKMSEncryptionClient Final Frame".getBytes(StandardCharsets.US_ASCII);

    private final MessageHeader header;
    private final MessageKeys keys;
    private final Cipher cipher;
    private final byte[] iv;
    private final byte[] regularAad;
    private final byte[] finalAad;

    FrameCipher(MessageHeader header, MessageKeys keys) {
        this.header = header;
        this.keys = keys;
        this.cipher = aesGcm();
        this.iv = new byte[header.suite().ivLength()];
        this.regularAad = aadPrefix(header, REGULAR);
        this.finalAad = aadPrefix(header, FINAL);
    }

    /** The IV frame {@code sequence} must carry. */
    byte[] iv(int sequence) {
        ByteBuffer.wrap(iv).putInt(iv.length - 4, sequence);
        return iv;
    }

    /**
     * Encrypts {@code length} bytes of {@code in} as frame {@code sequence}; writes ciphertext then tag to {@code out}
     * at {@code outOffset} and returns the bytes written.
     */
    int seal(int sequence, boolean last, byte[] in, int offset, int length, byte[] out, int outOffset) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, keys.aesKey(), new GCMParameterSpec(128, iv(sequence)));
            cipher.updateAAD(aad(sequence, last, length));
            return cipher.doFinal(in, offset, length, out, outOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to encrypt", e);
        }
    }

    /**
     * Decrypts and authenticates frame {@code sequence} ({@code length} bytes of ciphertext and tag) into {@code out};
     * returns the plaintext length. Nothing is written unless the tag verifies.
     *
     * @throws MessageAuthenticationException if the tag does not verify
     */
    int open(int sequence, boolean last, byte[] in, int offset, int length, byte[] out, int outOffset) {
        int plaintextLength = length - header.suite().tagLength();
        try {
            cipher.init(Cipher.DECRYPT_MODE, keys.aesKey(), new GCMParameterSpec(128, iv(sequence)));
            cipher.updateAAD(aad(sequence, last, plaintextLength));
            return cipher.doFinal(in, offset, length, out, outOffset);
        } catch (AEADBadTagException e) {
            throw new MessageAuthenticationException("frame " + sequence + " does not authenticate");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to decrypt", e);
        }
    }

    private byte[] aad(int sequence, boolean last, long plaintextLength) {
        byte[] aad = last ? finalAad : regularAad;
        ByteBuffer.wrap(aad).putInt(aad.length - 12, sequence).putLong(aad.length - 8, plaintextLength);
        return aad;
    }

    private static byte[] aadPrefix(MessageHeader header, byte[] label) {
        byte[] id = header.messageIdUnsafe();
        byte[] aad = new byte[id.length + label.length + 12];
        System.arraycopy(id, 0, aad, 0, id.length);
        System.arraycopy(label, 0, aad, id.length, label.length);
        return aad;
    }

    static byte[] headerTag(MessageKeys keys, AlgorithmSuite suite, byte[] body) {
        try {
            Cipher cipher = aesGcm();
            cipher.init(Cipher.ENCRYPT_MODE, keys.aesKey(),
                    new GCMParameterSpec(suite.tagLength() * 8, new byte[suite.ivLength()]));
            cipher.updateAAD(body);
            return cipher.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to authenticate the header", e);
        }
    }

    static void verifyHeaderTag(MessageKeys keys, AlgorithmSuite suite, byte[] body, byte[] tag) {
        try {
            Cipher cipher = aesGcm();
            cipher.init(Cipher.DECRYPT_MODE, keys.aesKey(),
                    new GCMParameterSpec(suite.tagLength() * 8, new byte[suite.ivLength()]));
            cipher.updateAAD(body);
            cipher.doFinal(tag);
        } catch (AEADBadTagException e) {
            throw new MessageAuthenticationException("the message header does not authenticate");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to verify the header", e);
        }
    }

    private static Cipher aesGcm() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }
}
