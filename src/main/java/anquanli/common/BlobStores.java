package anquanli.common;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** Picks the one {@link BlobStore} of the service from {@code anquanli.blobs.kind}. */
@ApplicationScoped
public class BlobStores {

    /** Made at start, so a misconfigured store stops the service then rather than failing the first photo upload. */
    @Produces
    @ApplicationScoped
    @Startup
    BlobStore blobStore(BlobConfig config) {
        return create(config);
    }

    static BlobStore create(BlobConfig config) {
        return switch (config.kind()) {
            case FILE -> new FileBlobStore(config.file().directory());
            case S3 -> S3BlobStore.create(config.s3());
        };
    }

    void close(@Disposes BlobStore store) throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
