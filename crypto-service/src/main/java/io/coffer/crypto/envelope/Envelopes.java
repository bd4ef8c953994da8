package io.coffer.crypto.envelope;

import io.coffer.crypto.format.DecryptingInputStream;
import io.coffer.crypto.format.EncryptedDataKey;
import io.coffer.crypto.format.EncryptingOutputStream;
import io.coffer.crypto.format.MessageHeader;
import io.coffer.crypto.format.MessageKeys;
import io.coffer.crypto.keys.CryptoConfig;
import io.coffer.crypto.keys.DataKeyCache;
import io.coffer.crypto.keys.KeyServiceKms;
import io.coffer.crypto.wire.AlgorithmSuite;
import io.coffer.events.contract.DataDecrypted;
import io.coffer.events.contract.DataEncrypted;
import io.coffer.kernel.AwsException;
import io.coffer.kernel.Caller;
import io.coffer.kernel.EncryptionContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * Envelope encryption of repository data: each message gets a data key from key-service (or the cache) bound to the
 * caller's encryption context, and is written in the AWS Encryption SDK format. Decryption first checks the message's
 * context against the one the caller expects, before any key is asked for.
 */
@ApplicationScoped
public class Envelopes {

    public static final String REPOSITORY_ID = EncryptionContext.REPOSITORY_ID;
    private static final AlgorithmSuite SUITE = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final CryptoConfig config;
    private final KeyServiceKms kms;
    private final DataKeyCache cache;
    private final DataEvents events;

    public Envelopes(CryptoConfig config, KeyServiceKms kms, DataKeyCache cache, DataEvents events) {
        this.config = config;
        this.kms = kms;
        this.cache = cache;
        this.events = events;
    }

    /** A message ready to be written: header made, keys derived. {@link #write} it exactly once. */
    public record PendingMessage(Caller caller, MessageHeader header, MessageKeys keys,
            DataKeyCache.Lease<MessageKeys> lease) {

        public String messageId() {
            return HEX.formatHex(header.messageId());
        }

        public String keyArn() {
            return lease.keyArn();
        }
    }

    /** Gets the data key and makes the header; key-service refusals surface here, before any byte is sent. */
    public PendingMessage begin(Caller caller, String keyId, EncryptionContext context) {
        byte[] messageId = new byte[SUITE.messageIdLength()];
        RANDOM.nextBytes(messageId);
        String key = keyId != null ? keyId : config.defaultKeyId();
        DataKeyCache.Lease<MessageKeys> lease = cache.forEncrypt(caller, key, context,
                () -> kms.generateDataKey(caller, key, context), dataKey -> MessageKeys.derive(SUITE, dataKey,
                        messageId));
        MessageHeader header = MessageHeader.create(SUITE, messageId, context,
                List.of(EncryptedDataKey.awsKms(lease.keyArn(), lease.ciphertextBlob())), config.frameLength(),
                lease.derived());
        return new PendingMessage(caller, header, lease.derived(), lease);
    }

    /**
     * Encrypts {@code plaintext} to its end into {@code out}. The DataEncrypted event is stored before the final
     * frame is written, so a complete message always has its event; if storing fails the message stays truncated.
     */
    public void write(PendingMessage message, InputStream plaintext, OutputStream out) throws IOException {
        try (MessageKeys keys = message.keys()) {
            EncryptingOutputStream encrypting = new EncryptingOutputStream(out, message.header(), keys);
            plaintext.transferTo(encrypting);
            events.encrypted(message.caller(), new DataEncrypted(repositoryId(message.header()), message.messageId(),
                    encrypting.plaintextLength(), message.keyArn(), SUITE.name()));
            encrypting.finish();
            cache.completed(message.lease(), encrypting.plaintextLength());
        }
    }

    /** A message whose header is read, context checked and data key obtained. */
    public record OpenedMessage(Caller caller, MessageHeader header, MessageKeys keys, String session) {

        public String messageId() {
            return HEX.formatHex(header.messageId());
        }
    }

    /**
     * Reads the header from {@code message} and makes it ready to decrypt.
     *
     * @throws AwsException {@code EncryptionContextMismatchException} if the context is not {@code expected}
     */
    public OpenedMessage open(Caller caller, EncryptionContext expected, InputStream message, String session) {
        MessageHeader header = MessageHeader.read(message);
        ContextMismatch.check(expected, header.context());
        EncryptedDataKey edk = awsKmsKey(header);
        // the header is authenticated by DecryptingInputStream, before any plaintext and before the answer starts
        MessageKeys keys = cache.forDecrypt(caller, edk, header.context(),
                () -> kms.decrypt(caller, edk, header.context()),
                dataKey -> MessageKeys.derive(header.suite(), dataKey, header.messageId()));
        return new OpenedMessage(caller, header, keys, session);
    }

    /** Decrypts the rest of a whole message into {@code out}, releasing each frame only once it authenticates. */
    public void readMessage(OpenedMessage opened, InputStream frames, OutputStream out) throws IOException {
        try (MessageKeys keys = opened.keys();
                DecryptingInputStream plaintext = DecryptingInputStream.message(frames, opened.header(), keys)) {
            plaintext.transferTo(out);
            recordRead(opened, plaintext.plaintextLength());
        }
    }

    /** Decrypts a run of whole frames, the first being {@code firstFrame}, into {@code out}. */
    public void readFrames(OpenedMessage opened, int firstFrame, InputStream frames, OutputStream out)
            throws IOException {
        try (MessageKeys keys = opened.keys();
                DecryptingInputStream plaintext = DecryptingInputStream.run(frames, opened.header(), keys, firstFrame)) {
            plaintext.transferTo(out);
            recordRead(opened, plaintext.plaintextLength());
        }
    }

    /** A message header whose data key is now wrapped under another KMS key. */
    public record Rewrapped(byte[] header, String keyArn) {
    }

    /**
     * Re-wraps a message's data key under {@code keyId}: the header is read and authenticated with its data key,
     * the wrapped key is re-encrypted at KMS, and a header with the same message ID, context, frame length and
     * key commitment is authenticated again. The message's frames stay valid as they are: nothing is re-encrypted.
     *
     * @throws AwsException {@code EncryptionContextMismatchException} if the context is not {@code expected}
     */
    public Rewrapped rewrap(Caller caller, EncryptionContext expected, InputStream headerBytes, String keyId) {
        MessageHeader header = MessageHeader.read(headerBytes);
        ContextMismatch.check(expected, header.context());
        EncryptedDataKey edk = awsKmsKey(header);
        try (MessageKeys keys = cache.forDecrypt(caller, edk, header.context(),
                () -> kms.decrypt(caller, edk, header.context()),
                dataKey -> MessageKeys.derive(header.suite(), dataKey, header.messageId()))) {
            header.verify(keys);
            EncryptedDataKey rewrapped = kms.reEncrypt(caller, edk, header.context(), keyId);
            MessageHeader next = MessageHeader.create(header.suite(), header.messageId(), header.context(),
                    List.of(rewrapped), header.frameLength(), keys);
            return new Rewrapped(next.toBytes(), rewrapped.providerInfoText());
        }
    }

    private static EncryptedDataKey awsKmsKey(MessageHeader header) {
        return header.dataKeys().stream().filter(k -> EncryptedDataKey.AWS_KMS.equals(k.providerId()))
                .findFirst().orElseThrow(() -> AwsException.client("BadCiphertextException",
                        "The message has no aws-kms encrypted data key"));
    }

    private void recordRead(OpenedMessage opened, long plaintextBytes) {
        events.decrypted(opened.caller(), new DataDecrypted(repositoryId(opened.header()), opened.messageId(),
                opened.session(), plaintextBytes, opened.header().dataKeys().get(0).providerInfoText(), SUITE.name()));
    }

    private static String repositoryId(MessageHeader header) {
        return header.context().asMap().get(REPOSITORY_ID);
    }
}
