package anquanli.common;

import anquanli.Api;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

/** The service runs with the configured blob store and reports it in readiness. */
@QuarkusTest
class BlobStoreHealthCheckTest {

    @Inject
    BlobStore store;

    @Test
    void theTestProfileKeepsBlobsInFilesUnderTarget() {
        assertThat(ClientProxy.unwrap(store)).isInstanceOfSatisfying(FileBlobStore.class,
                file -> assertThat(file.root()).isEqualTo(Path.of("target/test-blobs").toAbsolutePath()));
    }

    @Test
    void readinessIncludesAWorkingBlobStore() {
        Api.management().when().get("/q/health/well")
                .then().statusCode(200)
                .body("checks.findAll { it.name == 'blob store' }.status", hasItem("UP"));
    }
}
