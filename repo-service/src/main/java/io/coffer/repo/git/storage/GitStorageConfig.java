package io.coffer.repo.git.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Where and how Git data is stored. */
@ConfigMapping(prefix = "coffer.repo.git")
public interface GitStorageConfig {

    /** Root directory of the local blob store: one directory per repository, ciphertext only. */
    Path blobRoot();

    /** crypto-service, which seals and opens every stored file. */
    URI cryptoServiceUrl();

    /**
     * crypto-service's Unix domain socket, when it runs beside repo-service (a sidecar in the pod, or the same
     * host): every call for {@link #cryptoServiceUrl()} then goes through it instead of over TLS.
     */
    Optional<Path> cryptoServiceSocket();

    /**
     * Bytes read and decrypted per block-cache miss: a multiple of crypto-service's frame length, so each read is a
     * run of whole frames in one call. Larger blocks mean fewer calls on sequential reads, more work on random ones.
     */
    @WithDefault("262144")
    int blockSize();

    /** Plaintext held in JGit's block cache (memory only), shared by all repositories. */
    @WithDefault("67108864")
    long blockCacheBytes();

    /**
     * How long files of replaced packs stay (a clone may still read them) and how old an uncommitted file must be
     * before it counts as abandoned.
     */
    @WithDefault("PT1H")
    Duration sweepGrace();

    /** How often the blob store is swept. */
    @WithDefault("10m")
    String sweepInterval();

    /** Repack a repository in the background after a push once it has this many packs. */
    @WithDefault("2")
    int gcAfterPacks();
}
