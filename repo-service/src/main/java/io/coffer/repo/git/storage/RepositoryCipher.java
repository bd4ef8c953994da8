package io.coffer.repo.git.storage;

import io.coffer.crypto.client.CryptoClient;
import io.coffer.crypto.wire.FrameLayout;
import io.coffer.kernel.EncryptionContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * What seals and opens one repository's stored files: framed messages whose header (kept in the pack catalog) holds
 * the wrapped data key and whose frames (kept in the blob store) lie as {@link FrameLayout} says. Every message is
 * bound to the repository: a header or frames of another repository's file fail to open.
 */
interface RepositoryCipher {

    /** The encryption context key CodeCommit binds repository data to. */
    String REPOSITORY_ID = EncryptionContext.REPOSITORY_ID;

    String repositoryId();

    /**
     * Starts a new message; the plaintext is read from {@code plaintext} until its end. The answer streams the
     * message: {@code headerLength} bytes of header, then the frames.
     */
    CryptoClient.Encrypted seal(Supplier<InputStream> plaintext);

    /**
     * The plaintext of frames {@code first} to {@code last} (from 1) of a stored file, read from {@code frames}, as it
     * is decrypted: each frame is authenticated before any of it arrives. Reading the run to its end checks that the
     * frames held exactly that much plaintext.
     *
     * @throws StoredDataCorruptException (here or from the run's reads) if the frames are altered, truncated or not
     *         this repository's
     * @throws StoredDataUnavailableException if the cipher cannot be reached, which says nothing of the data
     */
    PlaintextRun open(String name, byte[] header, FrameLayout layout, long first, long last, BlobStore.Ranges frames)
            throws IOException;
}
