package anquanli.common;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Blobs as objects in one bucket of any S3-compatible object storage, so every instance of the service sees every photo.
 * Bodies stream from and to the disk or the caller; no object is held whole in memory.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {

    /** A readiness probe must answer quickly; an object store slower than this counts as unavailable. */
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);

    private final S3Client client;
    private final String bucket;
    private final Optional<String> serverSideEncryption;

    public S3BlobStore(S3Client client, String bucket, Optional<String> serverSideEncryption) {
        this.client = client;
        this.bucket = bucket;
        this.serverSideEncryption = serverSideEncryption;
    }

    /** The store {@code anquanli.blobs.s3.*} describes; refuses, with the key to set, a configuration that cannot work. */
    public static S3BlobStore create(BlobConfig.S3 config) {
        String bucket = config.bucket().filter(b -> !b.isBlank()).orElseThrow(() -> new IllegalStateException(
                "anquanli.blobs.kind=s3 needs a bucket: set anquanli.blobs.s3.bucket (ANQUANLI_BLOBS_S3_BUCKET)"));
        if (config.accessKey().isPresent() != config.secretKey().isPresent()) {
            throw new IllegalStateException("anquanli.blobs.s3.access-key and anquanli.blobs.s3.secret-key go together: "
                    + "set both (ANQUANLI_BLOBS_S3_ACCESS_KEY, ANQUANLI_BLOBS_S3_SECRET_KEY) or neither");
        }
        config.serverSideEncryption().ifPresent(sse -> {
            if (ServerSideEncryption.fromValue(sse) == ServerSideEncryption.UNKNOWN_TO_SDK_VERSION) {
                throw new IllegalStateException("anquanli.blobs.s3.server-side-encryption must be one of "
                        + ServerSideEncryption.knownValues() + ", not " + sse);
            }
        });
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)))
                .region(Region.of(config.region()))
                .forcePathStyle(config.pathStyle())
                // The SDK's default since 2.30 (a CRC trailer on every upload, checksum mode on every download) is
                // refused by many S3-compatible stores (s3proxy answers 400 and 501), so checksums go only where an
                // operation requires them; production endpoints are https, and TLS guards the bytes in transit.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        config.endpoint().ifPresent(builder::endpointOverride);
        if (config.accessKey().isPresent()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(config.accessKey().get(), config.secretKey().get())));
        }
        S3BlobStore store = new S3BlobStore(builder.build(), bucket, config.serverSideEncryption());
        if (config.createBucket()) {
            try {
                store.createBucketIfMissing();
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
        }
        return store;
    }

    /** Dev and test servers start empty; production buckets are made (with their policies) by whoever runs the store. */
    void createBucketIfMissing() {
        try {
            client.headBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            try {
                client.createBucket(b -> b.bucket(bucket));
            } catch (BucketAlreadyOwnedByYouException raced) {
                // another instance created it meanwhile
            }
        }
    }

    /**
     * Keys are content addresses, so an object already there holds these bytes and is not sent again. Two instances
     * putting the same new key at once may both upload; S3 replaces objects whole, so readers still see whole bytes.
     */
    @Override
    public boolean put(String key, Path source, String contentType) {
        if (exists(key)) {
            return false;
        }
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType);
        serverSideEncryption.ifPresent(request::serverSideEncryption);
        client.putObject(request.build(), RequestBody.fromFile(source));
        return true;
    }

    @Override
    public Optional<Blob> open(String key) {
        BlobKeys.require(key);
        ResponseInputStream<GetObjectResponse> in;
        try {
            in = client.getObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            // only a missing key: a missing bucket is a misconfiguration, not an absent photo
            return Optional.empty();
        }
        GetObjectResponse response = in.response();
        String contentType = response.contentType() != null ? response.contentType() : BlobKeys.contentType(key);
        return Optional.of(new Blob(in, response.contentLength(), contentType));
    }

    @Override
    public boolean exists(String key) {
        BlobKeys.require(key);
        try {
            client.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void delete(String key) {
        BlobKeys.require(key);
        client.deleteObject(b -> b.bucket(bucket).key(key));
    }

    @Override
    public void check() {
        client.headBucket(b -> b.bucket(bucket).overrideConfiguration(o -> o.apiCallTimeout(CHECK_TIMEOUT)));
    }

    @Override
    public void close() {
        client.close();
    }
}
