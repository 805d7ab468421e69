package anquanli.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Where photos and other blobs are kept ({@link BlobStores}). */
@ConfigMapping(prefix = "anquanli.blobs")
public interface BlobConfig {

    @WithDefault("file")
    Kind kind();

    File file();

    S3 s3();

    enum Kind {
        /** Files under {@code anquanli.blobs.file.directory}: one instance, or dev. */
        FILE,
        /** Objects in an S3-compatible bucket: production with several instances. */
        S3
    }

    interface File {
        /** Root directory of the blobs; created at start if missing. */
        @WithDefault("data/blobs")
        Path directory();
    }

    interface S3 {
        /** The object storage's address; empty means AWS itself (the region's endpoint). */
        Optional<URI> endpoint();

        @WithDefault("us-east-1")
        String region();

        /** Required when kind is s3. */
        Optional<String> bucket();

        /** Both or neither; neither uses the SDK's default credentials chain (environment, instance role). */
        Optional<String> accessKey();

        Optional<String> secretKey();

        /** The bucket in the path (http://host/bucket/key) rather than in the host name (http://bucket.host/key). */
        @WithDefault("true")
        boolean pathStyle();

        /** Value of x-amz-server-side-encryption on every put, e.g. AES256; empty sends none. */
        Optional<String> serverSideEncryption();

        /** Creates the bucket at start when missing (dev and tests). */
        @WithDefault("false")
        boolean createBucket();
    }
}
