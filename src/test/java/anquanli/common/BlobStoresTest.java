package anquanli.common;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which store the configuration makes, and the start-up refusals of configurations that cannot work. */
class BlobStoresTest {

    @TempDir
    Path temp;

    @Test
    void theFileStoreIsTheDefault() {
        BlobStore store = BlobStores.create(config(Map.of("anquanli.blobs.file.directory", temp.resolve("b").toString())));

        assertThat(store).isInstanceOfSatisfying(FileBlobStore.class,
                file -> assertThat(file.root()).isEqualTo(temp.resolve("b").toAbsolutePath()));
        assertThat(temp.resolve("b")).isDirectory();
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        BlobConfig config = config(Map.of());

        assertThat(config.kind()).isEqualTo(BlobConfig.Kind.FILE);
        assertThat(config.file().directory()).isEqualTo(Path.of("data/blobs"));
        assertThat(config.s3().region()).isEqualTo("us-east-1");
        assertThat(config.s3().pathStyle()).isTrue();
        assertThat(config.s3().createBucket()).isFalse();
        assertThat(config.s3().bucket()).isEmpty();
    }

    @Test
    void s3WithoutABucketIsRefusedNamingTheKeyToSet() {
        BlobConfig config = config(Map.of("anquanli.blobs.kind", "s3",
                "anquanli.blobs.s3.endpoint", "http://127.0.0.1:9"));

        assertThatThrownBy(() -> BlobStores.create(config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("anquanli.blobs.s3.bucket");
    }

    @Test
    void anAccessKeyWithoutItsSecretIsRefused() {
        BlobConfig config = config(Map.of("anquanli.blobs.kind", "s3", "anquanli.blobs.s3.bucket", "photos",
                "anquanli.blobs.s3.access-key", "id"));

        assertThatThrownBy(() -> BlobStores.create(config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("anquanli.blobs.s3.secret-key");
    }

    @Test
    void anUnknownServerSideEncryptionIsRefused() {
        BlobConfig config = config(Map.of("anquanli.blobs.kind", "s3", "anquanli.blobs.s3.bucket", "photos",
                "anquanli.blobs.s3.server-side-encryption", "AES-256"));

        assertThatThrownBy(() -> BlobStores.create(config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("anquanli.blobs.s3.server-side-encryption");
    }

    /** The blob configuration these properties give, read through the service's own mapping and converters. */
    static BlobConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .addDiscoveredConverters()
                .withMapping(BlobConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build()
                .getConfigMapping(BlobConfig.class);
    }
}
