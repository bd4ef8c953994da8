package io.coffer.repo;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** repo-service's configuration: the CodeCommit API, Git storage and Git over SSH. */
@ConfigMapping(prefix = "coffer.repo")
public interface RepoConfig {

    /** Base of {@code cloneUrlHttp} in repository metadata: the scheme, host and port users reach. */
    String cloneUrlBase();

    /** key-service's KMS endpoint, to check that a caller may use a repository's key. */
    URI keyServiceUrl();

    /**
     * How long a caller's passed check of a repository's key (six KMS calls on its behalf) is reused for Git requests;
     * a change of the identities in force or of any key ends it at once.
     */
    @WithDefault("PT5M")
    Duration keyAccessTtl();

    /** How long CreateRepository waits for key-service to provision the region's aws/codecommit key. */
    @WithDefault("PT30S")
    Duration keyProvisioningTimeout();

    /**
     * The region a Git password is checked against when the caller has no repository of that name, and the region
     * SSH prefers when several have the name.
     */
    @WithDefault("us-east-1")
    String defaultRegion();

    /** Where and how Git data is stored. */
    Git git();

    /** Git over SSH: where it listens, its host keys, and the limits that keep one client from taking it over. */
    Ssh ssh();

    /** Where repository triggers notify: the self-hosted counterpart of CodeCommit's SNS and Lambda targets. */
    Triggers triggers();

    interface Triggers {

        /**
         * The destinations triggers may name, by a name of the operator's choosing. A trigger's
         * {@code destinationArn} must be one of their ARNs; each is an HTTPS endpoint that receives every
         * notification signed with its own key.
         */
        Map<String, Destination> destinations();

        /** How long one delivery may take. */
        @WithDefault("PT10S")
        Duration timeout();
    }

    interface Destination {

        /** The ARN triggers name this destination by, e.g. {@code arn:aws:sns:us-east-1:111122223333:builds}. */
        String arn();

        /** The HTTPS endpoint notified. */
        URI url();

        /**
         * The HMAC-SHA256 key the endpoint checks each notification's signature with (from a secret, never from a
         * file in the repository); it never leaves repo-service.
         */
        String secret();
    }

    interface Git {

        /**
         * Where the ciphertext of packs and indexes is kept: {@code local}, a directory only this host's instances
         * can share, or {@code s3}, a bucket any number of instances share.
         */
        @WithDefault("local")
        BlobStoreKind blobStore();

        /** Root directory of the local blob store: one directory per repository, ciphertext only. */
        Path blobRoot();

        /** The bucket of the S3 blob store. */
        S3 s3();

        /** crypto-service, which seals and opens every stored file. */
        URI cryptoServiceUrl();

        /**
         * crypto-service's Unix domain socket, when it runs beside repo-service (a sidecar in the pod, or the same
         * host): every call for {@link #cryptoServiceUrl()} then goes through it instead of over TLS.
         */
        Optional<Path> cryptoServiceSocket();

        /**
         * Bytes read and decrypted per block-cache miss: a multiple of crypto-service's frame length, so each read is
         * a run of whole frames in one call. Larger blocks mean fewer calls on sequential reads, more work on random
         * ones.
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

        /** The largest push body accepted: the HTTP request body limit unless set apart. */
        @WithDefault("${quarkus.http.limits.max-body-size}")
        MemorySize maxPushSize();
    }

    enum BlobStoreKind {
        LOCAL,
        S3
    }

    /** A bucket behind the S3 API: AWS S3, Ceph RGW, MinIO, S3Proxy. Keys are {@code <prefix><repository ID>/<file>}. */
    interface S3 {

        /** The S3 API's endpoint; unset, AWS S3's endpoint for {@link #region()}. */
        Optional<URI> endpoint();

        /** The bucket, made at start if it does not exist; required with {@code blob-store=s3}. */
        Optional<String> bucket();

        @WithDefault("us-east-1")
        String region();

        /** Put before every key, for a bucket shared with other data (say {@code coffer/}). */
        Optional<String> prefix();

        /** Bucket in the path rather than the host name: what S3Proxy, MinIO and Ceph RGW expect unless set up. */
        @WithDefault("false")
        boolean pathStyle();

        /**
         * Static credentials; unset, the AWS SDK's default chain (environment, web identity as Kubernetes service
         * accounts have it, instance profile).
         */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();

        /** The part size of multipart uploads (S3's least is 5 MiB); a smaller file is stored with one PUT. */
        @WithDefault("8M")
        MemorySize partSize();

        /** Where a file being written is spooled until it is stored (JGit reads it back meanwhile). */
        @WithDefault("${java.io.tmpdir}")
        Path spoolDir();
    }

    interface Ssh {

        /** Off, repo-service serves Git over HTTPS only. */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("0.0.0.0")
        String host();

        /** 0 takes a free port (tests). */
        @WithDefault("2222")
        int port();

        /** Where the Ed25519 and RSA host keys are made on first start and kept. */
        @WithDefault("data/ssh-host-keys")
        String hostKeyDir();

        /** Base of {@code cloneUrlSsh} in repository metadata: the host and port users reach. */
        String cloneUrlBase();

        /** Connections at once, authenticated or not; one more is closed as it is accepted. */
        @WithDefault("200")
        int maxConnections();

        /**
         * Connections one source address may hold before they authenticate; one more from it is closed as it is
         * accepted, so one host cannot fill {@link #maxConnections()} with connections that never log in.
         */
        @WithDefault("10")
        int maxUnauthenticatedPerSource();

        /** Sessions one SSH key may hold at once. */
        @WithDefault("20")
        int maxSessionsPerKey();

        /** Git commands running at once (each holds one thread); one more is refused with a message. */
        @WithDefault("32")
        int maxOperations();

        /** Time to authenticate after connecting (stock ssh takes well under a second). */
        @WithDefault("PT10S")
        Duration authTimeout();

        /** A session or a Git command with no traffic this long is closed. */
        @WithDefault("PT2M")
        Duration idleTimeout();
    }
}
