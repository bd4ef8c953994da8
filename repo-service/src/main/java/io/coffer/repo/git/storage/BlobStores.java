package io.coffer.repo.git.storage;

import io.coffer.aws.tls.ClientTls;
import io.coffer.repo.RepoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;

/** The blob store the configuration names ({@code coffer.repo.git.blob-store}), closed at shutdown. */
@ApplicationScoped
class BlobStores {

    @Produces
    @ApplicationScoped
    BlobStore blobStore(RepoConfig config, ClientTls tls) throws IOException {
        return switch (config.git().blobStore()) {
            case LOCAL -> new LocalBlobStore(config.git().blobRoot());
            case S3 -> S3BlobStore.open(config.git().s3(), tls.trustManagers());
        };
    }

    void close(@Disposes BlobStore store) throws IOException {
        store.close();
    }
}
