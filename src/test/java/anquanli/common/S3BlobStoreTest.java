package anquanli.common;

import anquanli.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract against a real S3-compatible server (s3proxy in a child process), through the SDK's HTTP stack. */
class S3BlobStoreTest extends BlobStoreContract {

    private static final S3ProxyServer server = new S3ProxyServer();
    private static Map<String, String> serverConfig;
    private static S3BlobStore store;
    private static S3Client plainClient;

    @BeforeAll
    static void startServer() {
        serverConfig = server.start();
        store = S3BlobStore.create(s3Config(serverConfig));
        plainClient = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(server.endpoint())
                .region(Region.of(S3ProxyServer.REGION))
                .forcePathStyle(true)
                // as the store's client: s3proxy 2.6 refuses the SDK's newer default checksums
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                .build();
    }

    @AfterAll
    static void stopServer() {
        if (store != null) {
            store.close();
        }
        if (plainClient != null) {
            plainClient.close();
        }
        server.stop();
    }

    @Override
    BlobStore store() {
        return store;
    }

    @Test
    void anObjectPutThroughTheStoreIsAnOrdinaryS3ObjectWithItsContentType() throws Exception {
        byte[] bytes = randomBytes(500_000);
        String key = keyFor(bytes, "jpg");

        store.put(key, file(bytes), "image/jpeg");

        ResponseBytes<GetObjectResponse> object = plainClient.getObjectAsBytes(
                b -> b.bucket(S3ProxyServer.BUCKET).key(key));
        assertThat(object.asByteArray()).isEqualTo(bytes);
        assertThat(object.response().contentType()).isEqualTo("image/jpeg");
        assertThat(object.response().contentLength()).isEqualTo(bytes.length);
    }

    /**
     * s3proxy cannot encrypt and answers x-amz-server-side-encryption with 501 Not Implemented: proof that the header
     * goes out, and that a store unable to encrypt refuses the photo rather than keeping it in the clear.
     */
    @Test
    void serverSideEncryptionIsRequestedOnPutsWhenConfigured() throws Exception {
        Map<String, String> config = new HashMap<>(serverConfig);
        config.put("anquanli.blobs.s3.server-side-encryption", "AES256");
        byte[] bytes = randomBytes(1_000);
        String key = keyFor(bytes, "jpg");
        Path source = file(bytes);

        try (S3BlobStore encrypting = S3BlobStore.create(s3Config(config))) {
            assertThatThrownBy(() -> encrypting.put(key, source, "image/jpeg"))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(501));
        }

        assertThat(store.exists(key)).isFalse();
        assertThat(store.put(key, source, "image/jpeg")).isTrue();
    }

    @Test
    void theStoreCreatesItsBucketAtStartWhenAskedTo() {
        Map<String, String> config = new HashMap<>(serverConfig);
        config.put("anquanli.blobs.s3.bucket", "anquanli-created-at-start");

        try (S3BlobStore created = S3BlobStore.create(s3Config(config))) {
            created.check();
        }

        plainClient.headBucket(b -> b.bucket("anquanli-created-at-start"));
    }

    @Test
    void aMissingBucketFailsTheCheckAndIsNotTakenForAMissingPhoto() {
        Map<String, String> config = new HashMap<>(serverConfig);
        config.put("anquanli.blobs.s3.bucket", "anquanli-never-created");
        config.put("anquanli.blobs.s3.create-bucket", "false");

        try (S3BlobStore missing = S3BlobStore.create(s3Config(config))) {
            assertThatThrownBy(missing::check).isInstanceOf(S3Exception.class);
            assertThatThrownBy(() -> missing.open(keyFor(randomBytes(16), "jpg"))).isInstanceOf(S3Exception.class);
        }
    }

    @Test
    void wrongCredentialsAreAnErrorNotAMissingObject() {
        Map<String, String> config = new HashMap<>(serverConfig);
        config.put("anquanli.blobs.s3.secret-key", "not-the-secret");
        config.put("anquanli.blobs.s3.create-bucket", "false");

        try (S3BlobStore wrong = S3BlobStore.create(s3Config(config))) {
            String key = keyFor(randomBytes(16), "jpg");
            assertThatThrownBy(() -> wrong.open(key)).isInstanceOf(S3Exception.class);
            assertThatThrownBy(() -> wrong.exists(key)).isInstanceOf(S3Exception.class);
            assertThatThrownBy(wrong::check).isInstanceOf(S3Exception.class);
        }
    }

    private static BlobConfig.S3 s3Config(Map<String, String> properties) {
        return BlobStoresTest.config(properties).s3();
    }
}
