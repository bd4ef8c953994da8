package io.coffer.repo.git.storage;

import io.coffer.crypto.client.CryptoClient;
import io.coffer.crypto.wire.FrameLayout;
import io.coffer.kernel.AwsException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The repository cipher repo-service runs with: crypto-service, every message bound to the repository's encryption
 * context, sealed under its key, and read within one session (a request), so a clone counts as one read per file.
 */
final class CryptoServiceCipher implements RepositoryCipher {

    /** crypto-service's and KMS's answers meaning the stored bytes are not what was sealed for this repository. */
    private static final Set<String> INTEGRITY_FAILURES = Set.of("BadCiphertextException",
            "InvalidCiphertextException", "EncryptionContextMismatchException");

    private final CryptoClient crypto;
    private final String region;
    private final String repositoryId;
    private final String keyId;
    private final String session;

    /**
     * @param crypto acting for whoever the reads and writes are for
     * @param keyId the repository's KMS key, null for the region's {@code aws/codecommit} key
     */
    CryptoServiceCipher(CryptoClient crypto, String region, String repositoryId, String keyId, String session) {
        this.crypto = crypto;
        this.region = region;
        this.repositoryId = repositoryId;
        this.keyId = keyId;
        this.session = session;
    }

    @Override
    public String repositoryId() {
        return repositoryId;
    }

    private Map<String, String> context() {
        return Map.of(REPOSITORY_ID, repositoryId);
    }

    @Override
    public CryptoClient.Encrypted seal(Supplier<InputStream> plaintext) {
        return crypto.encrypt(region, context(), keyId, plaintext);
    }

    @Override
    public PlaintextRun open(String name, byte[] header, FrameLayout layout, long first, long last,
            BlobStore.Ranges frames) throws IOException {
        long start = layout.frameStart(first);
        long end = layout.frameEnd(last);
        int expected = Math.toIntExact(Math.min(layout.plaintextLength(), last * layout.frameLength())
                - (first - 1) * layout.frameLength());
        InputStream plaintext;
        try {
            plaintext = crypto.decryptFrames(region, context(), header, Math.toIntExact(first),
                    () -> new FrameRange(frames, start, end), session);
        } catch (AwsException | UncheckedIOException e) {
            throw failure(name, e);
        }
        return new PlaintextRun(repositoryId, name, expected, plaintext);
    }

    /** The plaintext of a whole stored message (header and frames) that is not a file of a pack. */
    byte[] openMessage(String name, byte[] header, byte[] frames) throws IOException {
        try (InputStream plaintext = crypto.decrypt(region, context(),
                () -> new SequenceInputStream(new ByteArrayInputStream(header), new ByteArrayInputStream(frames)))) {
            return plaintext.readAllBytes();
        } catch (AwsException | UncheckedIOException e) {
            throw failure(name, e);
        }
    }

    private IOException failure(String name, RuntimeException e) {
        if (e instanceof AwsException refused) {
            if (INTEGRITY_FAILURES.contains(refused.errorType())) {
                return new StoredDataCorruptException(repositoryId, name,
                        refused.errorType() + ": " + refused.getMessage());
            }
            return new StoredDataUnavailableException(repositoryId, name, refused.errorType(), refused.getMessage());
        }
        // no answer came: crypto-service is down or unreachable, which says nothing of the data
        return new StoredDataUnavailableException(repositoryId, name, "CryptoServiceUnavailable",
                "crypto-service could not be reached (" + e.getCause() + "); try again once it is back");
    }
}
