package io.coffer.repo.git.storage;

import io.coffer.aws.auth.ServiceCredentials;
import io.coffer.aws.tls.ClientTls;
import io.coffer.crypto.client.CryptoClient;
import io.coffer.crypto.client.CryptoTransport;
import io.coffer.events.contract.KeyProvisioned;
import io.coffer.kernel.Caller;
import io.coffer.repo.RepoConfig;
import io.coffer.repo.git.refs.RefStore;
import io.coffer.repo.repository.StoredRepository;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.internal.storage.dfs.DfsBlockCache;
import org.eclipse.jgit.internal.storage.dfs.DfsBlockCacheConfig;

/**
 * Opens repositories on the sealed storage and forgets them. The JGit block cache (plaintext, memory only) is
 * sized here once, at startup, before any repository is read.
 */
@Startup
@ApplicationScoped
public class RepositoryStorage {

    /** Who repo-service is to crypto-service when it acts for a caller. */

    private final RepoConfig.Git config;
    private final PackCatalog catalog;
    private final SealedTextTable texts;
    private final LfsObjectTable lfs;
    private final BlobStore store;
    private final RefStore refs;
    private final CryptoClient crypto;
    private final ExecutorService sealers;

    public RepositoryStorage(RepoConfig config, PackCatalog catalog, SealedTextTable texts, LfsObjectTable lfs,
            BlobStore store, RefStore refs, ServiceCredentials service, ClientTls tls) {
        this.config = config.git();
        this.catalog = catalog;
        this.texts = texts;
        this.lfs = lfs;
        this.store = store;
        this.refs = refs;
        this.crypto = new CryptoClient(this.config.cryptoServiceUrl(),
                CryptoTransport.sockets(this.config.cryptoServiceSocket().orElse(null), tls.context()),
                service.accessKeyId(), service.secretAccessKey());
        AtomicInteger threads = new AtomicInteger();
        this.sealers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "git-sealer-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        DfsBlockCache.reconfigure(new DfsBlockCacheConfig().setBlockSize(this.config.blockSize())
                .setBlockLimit(this.config.blockCacheBytes()));
    }

    /**
     * The repository, acting for {@code caller}: crypto-service and the reflog see the caller, invoked by
     * CodeCommit. Reads within one opened repository are one session; its key is the repository's customer-managed
     * key, or the region's {@code aws/codecommit} key if it has none.
     */
    public SealedRepository open(Caller caller, StoredRepository repository) {
        RepositoryCipher cipher = new CryptoServiceCipher(acting(caller), repository.region(),
                repository.repositoryId(), repository.keyArn(), UUID.randomUUID().toString());
        return new SealedRepository.Builder(repository.repositoryId())
                .storage(catalog, store, refs, config.blockSize(), sealers)
                .actingFor(caller, cipher)
                .build();
    }

    /**
     * Re-wraps the data key of every stored file of a repository under {@code keyArn}, for {@code caller}, in the
     * caller's transaction: headers change, frames do not (nothing is re-encrypted).
     */
    public void rewrap(Connection c, Caller caller, String repositoryId, String region, String keyArn)
            throws SQLException {
        CryptoClient acting = acting(caller);
        Map<String, String> context = Map.of(RepositoryCipher.REPOSITORY_ID, repositoryId);
        catalog.rewrapHeaders(c, UUID.fromString(repositoryId),
                header -> acting.rewrap(region, context, keyArn, header).header());
        texts.rewrapHeaders(c, UUID.fromString(repositoryId),
                header -> acting.rewrap(region, context, keyArn, header).header());
        lfs.rewrapHeaders(c, UUID.fromString(repositoryId),
                header -> acting.rewrap(region, context, keyArn, header).header());
    }

    /** The size of the repository's Git LFS object {@code oid}, if it has it. */
    public OptionalLong lfsObjectSize(StoredRepository repository, String oid) {
        return lfs.find(UUID.fromString(repository.repositoryId()), oid)
                .map(o -> OptionalLong.of(o.size())).orElse(OptionalLong.empty());
    }

    /**
     * Seals a Git LFS object for {@code caller} as it is read from {@code content}, and records it once it is
     * durable and its SHA-256 and size are the ones claimed: {@code oid} (64 hex digits) and {@code size}.
     *
     * @throws LfsObjectMismatchException if the content is not the object claimed; nothing is recorded
     */
    public void storeLfsObject(Caller caller, StoredRepository repository, String oid, long size,
            InputStream content) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        long[] read = new long[1];
        // reads one byte past the claimed size at most: enough to know the content is longer
        InputStream counted = new FilterInputStream(new DigestInputStream(content, sha256)) {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                long left = size + 1 - read[0];
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                read[0] += Math.max(n, 0);
                return n;
            }
        };
        String blob = "lfs-" + UUID.randomUUID();
        CryptoClient.Encrypted sealed = acting(caller).encrypt(repository.region(), context(repository),
                repository.keyArn(), () -> counted);
        try (InputStream message = sealed.message();
                BlobStore.Writer writer = store.create(repository.repositoryId(), blob)) {
            byte[] header = message.readNBytes(sealed.headerLength());
            byte[] buffer = new byte[64 * 1024];
            for (int n = message.read(buffer); n >= 0; n = message.read(buffer)) {
                writer.write(buffer, 0, n);
            }
            if (read[0] != size || !HexFormat.of().formatHex(sha256.digest()).equals(oid)) {
                // the unfinished file is abandoned and swept
                throw new LfsObjectMismatchException(oid, size, read[0]);
            }
            writer.finish();
            lfs.insert(UUID.fromString(repository.repositoryId()), new LfsObjectTable.LfsObject(oid, size, blob,
                    header, sealed.frameLength()));
        }
    }

    /**
     * The plaintext of the repository's Git LFS object {@code oid} for {@code caller}, decrypted as it is read, if the
     * repository has it.
     */
    public Optional<InputStream> openLfsObject(Caller caller, StoredRepository repository, String oid) {
        return lfs.find(UUID.fromString(repository.repositoryId()), oid).map(object -> new LfsObjectStream(
                new CryptoServiceCipher(acting(caller), repository.region(), repository.repositoryId(),
                        repository.keyArn(), UUID.randomUUID().toString()), object,
                (start, end) -> store.read(repository.repositoryId(), object.blobName(), start, end)));
    }

    /**
     * Seals a text of the repository that is not Git data (a pull request's title, say) under its key, for
     * {@code caller}, and stores it in the caller's transaction. Events and read models hold only the ID returned.
     */
    public String sealText(Caller caller, StoredRepository repository, String text) {
        UUID id = UUID.randomUUID();
        byte[] plaintext = text.getBytes(StandardCharsets.UTF_8);
        CryptoClient.Encrypted sealed = acting(caller).encrypt(repository.region(), context(repository),
                repository.keyArn(), () -> new ByteArrayInputStream(plaintext));
        try (InputStream message = sealed.message()) {
            byte[] bytes = message.readAllBytes();
            texts.insert(UUID.fromString(repository.repositoryId()), new SealedTextTable.SealedText(id,
                    Arrays.copyOf(bytes, sealed.headerLength()),
                    Arrays.copyOfRange(bytes, sealed.headerLength(), bytes.length)));
        } catch (IOException e) {
            throw new UncheckedIOException("crypto-service did not answer the whole sealed text", e);
        }
        return id.toString();
    }

    /**
     * The texts {@link #sealText} stored for the repository under {@code textIds}, opened for {@code caller}, by ID;
     * an ID that is not one of the repository's texts is left out.
     *
     * @throws StoredDataCorruptException if a stored text is altered or not this repository's
     * @throws StoredDataUnavailableException if crypto-service cannot open it now
     */
    public Map<String, String> openTexts(Caller caller, StoredRepository repository, Collection<String> textIds)
            throws IOException {
        if (textIds.isEmpty()) {
            return Map.of();
        }
        CryptoServiceCipher cipher = new CryptoServiceCipher(acting(caller), repository.region(),
                repository.repositoryId(), repository.keyArn(), null);
        Map<String, String> opened = new HashMap<>();
        for (SealedTextTable.SealedText text : texts.find(UUID.fromString(repository.repositoryId()),
                textIds.stream().map(UUID::fromString).toList())) {
            byte[] plaintext = cipher.openMessage("text " + text.textId(), text.header(), text.frames());
            opened.put(text.textId().toString(), new String(plaintext, StandardCharsets.UTF_8));
        }
        return opened;
    }

    private static Map<String, String> context(StoredRepository repository) {
        return Map.of(RepositoryCipher.REPOSITORY_ID, repository.repositoryId());
    }

    private CryptoClient acting(Caller caller) {
        return crypto.onBehalfOf(caller.principal().accessKeyId(),
                caller.invokedBy() != null ? caller.invokedBy() : KeyProvisioned.CODECOMMIT_SERVICE, caller.sourceIp());
    }

    /**
     * Forgets a repository's packs, their headers (the only copies of its wrapped data keys) and its refs, in the
     * caller's transaction: from its commit on, the stored frames cannot be decrypted by anyone.
     */
    public void forget(Connection c, UUID repositoryId) throws SQLException {
        catalog.forget(c, repositoryId);
        texts.forget(c, repositoryId);
        lfs.forget(c, repositoryId);
        refs.forget(c, repositoryId);
    }

    /** Deletes a forgotten repository's frames from the blob store. */
    public void deleteBlobs(String repositoryId) throws IOException {
        store.deleteRepository(repositoryId);
    }

    @PreDestroy
    void close() {
        sealers.shutdownNow();
    }
}
