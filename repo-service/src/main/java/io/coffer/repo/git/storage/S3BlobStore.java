package io.coffer.repo.git.storage;

import io.coffer.repo.RepoConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import javax.net.ssl.TrustManager;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link BlobStore} in a bucket behind the S3 API (AWS S3, Ceph RGW, MinIO, S3Proxy): key
 * {@code <prefix><repository ID>/<file name>}, so every instance pointed at the bucket serves every repository.
 * <p>
 * S3 has no appendable objects, so a writer spools the file to a local temporary file (which JGit reads back while
 * it is written), uploads it in parts as it grows (in the background, so sealing goes on meanwhile) and completes
 * the upload in {@link Writer#finish()}: only then does the object exist, whole. A writer closed unfinished aborts
 * its upload. Checksums of the S3 protocol are
 * asked for only where an operation requires them: every byte stored is in AES-GCM frames that are authenticated
 * when read, and servers other than AWS S3 differ in which checksum headers they accept.
 */
final class S3BlobStore implements BlobStore {

    private static final Logger LOG = Logger.getLogger(S3BlobStore.class);
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");
    /** S3's smallest part but the last. */
    private static final long MIN_PART = 5L * 1024 * 1024;
    /** Keys per DeleteObjects request, S3's most. */
    private static final int DELETE_BATCH = 1000;
    /** Parts one writer has in flight at once; it waits for the oldest beyond that. */
    private static final int PARTS_IN_FLIGHT = 2;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final long partSize;
    private final Path spoolDir;
    private final ExecutorService uploads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "s3-part-upload");
        thread.setDaemon(true);
        return thread;
    });

    private S3BlobStore(S3Client s3, String bucket, String prefix, long partSize, Path spoolDir) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.partSize = partSize;
        this.spoolDir = spoolDir;
    }

    /** Connects to the configured bucket, making it if it does not exist. */
    static S3BlobStore open(RepoConfig.S3 config, TrustManager[] trust) throws IOException {
        String bucket = config.bucket().orElseThrow(() -> new IllegalStateException(
                "coffer.repo.git.blob-store=s3 needs coffer.repo.git.s3.bucket"));
        long partSize = config.partSize().asLongValue();
        if (partSize < MIN_PART) {
            throw new IllegalStateException("coffer.repo.git.s3.part-size must be at least 5M (S3's least part)");
        }
        if (config.accessKeyId().isPresent() != config.secretAccessKey().isPresent()) {
            throw new IllegalStateException(
                    "coffer.repo.git.s3.access-key-id and secret-access-key are set together or not at all");
        }
        AwsCredentialsProvider credentials = config.accessKeyId().isPresent()
                ? StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(config.accessKeyId().get(), config.secretAccessKey().get()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(config.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(128)
                        .tlsTrustManagersProvider(() -> trust));
        config.endpoint().ifPresent(builder::endpointOverride);
        S3Client s3 = builder.build();
        Files.createDirectories(config.spoolDir());
        S3BlobStore store = new S3BlobStore(s3, bucket, config.prefix().orElse(""), partSize, config.spoolDir());
        try {
            store.ensureBucket();
        } catch (IOException | RuntimeException e) {
            s3.close();
            throw e;
        }
        return store;
    }

    private void ensureBucket() throws IOException {
        try {
            s3.headBucket(r -> r.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw new IOException("cannot reach bucket " + bucket + ": " + e.getMessage(), e);
            }
            LOG.infof("making bucket %s for Git data", bucket);
            call(() -> s3.createBucket(r -> r.bucket(bucket)), "make bucket " + bucket);
        } catch (SdkException e) {
            throw new IOException("cannot reach bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Writer create(String repositoryId, String name) throws IOException {
        return new SpooledUpload(key(repositoryId, name));
    }

    @Override
    public InputStream read(String repositoryId, String name, long start, long end) throws IOException {
        String key = key(repositoryId, name);
        try {
            return s3.getObject(r -> r.bucket(bucket).key(key).range("bytes=" + start + "-" + (end - 1)));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        } catch (SdkException e) {
            throw new IOException("cannot read " + key + " from bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String repositoryId, String name) throws IOException {
        String key = key(repositoryId, name);
        call(() -> s3.deleteObject(r -> r.bucket(bucket).key(key)), "delete " + key);
    }

    @Override
    public void deleteRepository(String repositoryId) throws IOException {
        String directory = prefix + safe(repositoryId) + "/";
        List<ObjectIdentifier> keys = new ArrayList<>();
        for (S3Object object : objects(directory)) {
            keys.add(ObjectIdentifier.builder().key(object.key()).build());
        }
        for (int i = 0; i < keys.size(); i += DELETE_BATCH) {
            List<ObjectIdentifier> batch = keys.subList(i, Math.min(keys.size(), i + DELETE_BATCH));
            call(() -> s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(batch).quiet(true))),
                    "delete the files of repository " + repositoryId);
        }
    }

    @Override
    public List<String> repositories() throws IOException {
        List<String> repositories = new ArrayList<>();
        try {
            for (CommonPrefix common : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix).delimiter("/"))
                    .commonPrefixes()) {
                String name = common.prefix().substring(prefix.length(), common.prefix().length() - 1);
                if (SAFE.matcher(name).matches()) {
                    repositories.add(name);
                }
            }
        } catch (SdkException e) {
            throw new IOException("cannot list bucket " + bucket + ": " + e.getMessage(), e);
        }
        return repositories;
    }

    @Override
    public List<Blob> list(String repositoryId) throws IOException {
        String directory = prefix + safe(repositoryId) + "/";
        List<Blob> blobs = new ArrayList<>();
        for (S3Object object : objects(directory)) {
            blobs.add(new Blob(object.key().substring(directory.length()), object.lastModified()));
        }
        return blobs;
    }

    private List<S3Object> objects(String directory) throws IOException {
        try {
            List<S3Object> objects = new ArrayList<>();
            s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(directory)).contents().forEach(objects::add);
            return objects;
        } catch (SdkException e) {
            throw new IOException("cannot list " + directory + " in bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        uploads.shutdownNow();
        s3.close();
    }

    private String key(String repositoryId, String name) {
        return prefix + safe(repositoryId) + "/" + safe(name);
    }

    /** Names come from our own code, but a key must never leave the repository's prefix whatever it is given. */
    private static String safe(String name) {
        if (!SAFE.matcher(name).matches()) {
            throw new IllegalArgumentException("not a valid blob name: " + name);
        }
        return name;
    }

    private void call(Runnable request, String what) throws IOException {
        try {
            request.run();
        } catch (SdkException e) {
            throw new IOException("cannot " + what + " in bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    /**
     * One object being written: the bytes go to a spool file; each full part is handed to an upload thread by
     * {@link #flush()}, the rest and the completion by {@link #finish()}. A file no larger than a part is one PUT.
     */
    private final class SpooledUpload implements Writer {
        private final String key;
        private final FileChannel channel;
        private final ArrayDeque<Future<CompletedPart>> inFlight = new ArrayDeque<>();
        private final List<CompletedPart> parts = new ArrayList<>();
        private long written;
        private long handedOver;
        private String uploadId;
        private boolean finished;

        SpooledUpload(String key) throws IOException {
            this.key = key;
            Path spool = Files.createTempFile(spoolDir, "coffer-upload-", ".frames",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            this.channel = FileChannel.open(spool, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            while (buffer.hasRemaining()) {
                written += channel.write(buffer, written);
            }
        }

        @Override
        public void flush() throws IOException {
            while (written - handedOver >= partSize) {
                startPart(partSize);
            }
        }

        @Override
        public void finish() throws IOException {
            if (uploadId == null && written <= partSize) {
                call(() -> s3.putObject(r -> r.bucket(bucket).key(key).ifNoneMatch("*"), slice(0, written)),
                        "store " + key);
            } else {
                flush();
                if (written > handedOver) {
                    startPart(written - handedOver);
                }
                while (!inFlight.isEmpty()) {
                    awaitOldest();
                }
                call(() -> s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                        .ifNoneMatch("*").multipartUpload(u -> u.parts(parts))), "store " + key);
            }
            finished = true;
        }

        /** Hands the next {@code length} spooled bytes to an upload thread as the next part. */
        private void startPart(long length) throws IOException {
            if (uploadId == null) {
                try {
                    uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
                } catch (SdkException e) {
                    throw new IOException("cannot start storing " + key + " in bucket " + bucket + ": "
                            + e.getMessage(), e);
                }
            }
            if (inFlight.size() >= PARTS_IN_FLIGHT) {
                awaitOldest();
            }
            int number = parts.size() + inFlight.size() + 1;
            long from = handedOver;
            String id = uploadId;
            inFlight.addLast(uploads.submit(() -> CompletedPart.builder().partNumber(number)
                    .eTag(s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(id).partNumber(number)
                            .contentLength(length), slice(from, length)).eTag())
                    .build()));
            handedOver += length;
        }

        private void awaitOldest() throws IOException {
            Future<CompletedPart> oldest = inFlight.removeFirst();
            try {
                parts.add(oldest.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while storing " + key);
            } catch (ExecutionException e) {
                throw new IOException("cannot store part " + (parts.size() + 1) + " of " + key + " in bucket "
                        + bucket + ": " + e.getCause().getMessage(), e.getCause());
            }
        }

        /** Spooled bytes {@code [from, from + length)}, re-readable for the SDK's retries. */
        private RequestBody slice(long from, long length) {
            return RequestBody.fromContentProvider(() -> new ChannelRange(channel, from, from + length, false),
                    length, "application/octet-stream");
        }

        @Override
        public InputStream open(long start, long end) {
            return new ChannelRange(channel, start, end, false);
        }

        @Override
        public void close() throws IOException {
            try {
                for (Future<CompletedPart> part : inFlight) {
                    part.cancel(true);
                }
                if (!finished && uploadId != null) {
                    s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
                }
            } catch (SdkException e) {
                // the parts cost space until the bucket's lifecycle rule for incomplete uploads removes them
                LOG.warnf("could not abort the upload of %s: %s", key, e.getMessage());
            } finally {
                channel.close();
            }
        }
    }
}
