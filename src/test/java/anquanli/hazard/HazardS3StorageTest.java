package anquanli.hazard;

import anquanli.Api;
import anquanli.S3ProxyServer;
import anquanli.common.BlobStore;
import anquanli.common.S3BlobStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.util.List;

import static anquanli.hazard.HazardFixtures.Photo;
import static anquanli.hazard.HazardFixtures.realName;
import static anquanli.hazard.HazardFixtures.submit;
import static org.assertj.core.api.Assertions.assertThat;

/** The same report path with photos in S3-compatible object storage (a real s3proxy server run by the test). */
@QuarkusTest
@TestProfile(HazardS3StorageTest.OnS3.class)
class HazardS3StorageTest {

    public static class OnS3 implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(S3ProxyServer.class));
        }
    }

    @Inject
    BlobStore blobs;
    @Inject
    HazardFixtures fx;

    @Test
    void photosGoToTheBucketAndAreServedByTheServiceOnly() throws Exception {
        assertThat(io.quarkus.arc.ClientProxy.unwrap(blobs)).isInstanceOf(S3BlobStore.class);
        fx.clearLimits();
        long filesBefore = HazardFixtures.blobFiles();
        Api.Session reporter = Api.player();
        String id = submit(reporter, realName(), Photo.jpeg(TestPhotos.jpeg(640, 480))).statusCode(201)
                .extract().path("id");
        JsonPath report = Api.as(reporter).when().get("/api/v1/me/hazard-reports/{id}", id).then().statusCode(200)
                .extract().jsonPath();
        byte[] served = Api.as(reporter).when().get(report.getString("photos[0].url")).then().statusCode(200)
                .extract().asByteArray();
        assertThat(ImageIO.read(new ByteArrayInputStream(served)).getWidth()).isEqualTo(640);

        String key = (String) fx.photoKey(id);
        assertThat(blobs.exists(key)).isTrue();
        try (var in = blobs.open(key).orElseThrow().content()) {
            assertThat(in.readAllBytes()).isEqualTo(served);
        }
        assertThat(HazardFixtures.blobFiles()).as("nothing on the local disk").isEqualTo(filesBefore);
        // Someone else's token does not reach the photo.
        Api.as(Api.player()).when().get(report.getString("photos[0].url")).then().statusCode(404);
    }
}
