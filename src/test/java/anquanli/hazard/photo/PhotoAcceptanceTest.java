package anquanli.hazard.photo;

import anquanli.hazard.photo.PhotoFixtures.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static anquanli.hazard.photo.PhotoFixtures.BLUE;
import static anquanli.hazard.photo.PhotoFixtures.GREEN;
import static anquanli.hazard.photo.PhotoFixtures.RED;
import static anquanli.hazard.photo.PhotoFixtures.ascii;
import static anquanli.hazard.photo.PhotoFixtures.concat;
import static anquanli.hazard.photo.PhotoFixtures.deflateRows;
import static anquanli.hazard.photo.PhotoFixtures.encode;
import static anquanli.hazard.photo.PhotoFixtures.halves;
import static anquanli.hazard.photo.PhotoFixtures.jpeg;
import static anquanli.hazard.photo.PhotoFixtures.near;
import static anquanli.hazard.photo.PhotoFixtures.png;
import static anquanli.hazard.photo.PhotoFixtures.read;
import static anquanli.hazard.photo.PhotoFixtures.resource;
import static anquanli.hazard.photo.PhotoFixtures.upload;
import static anquanli.hazard.photo.PhotoFixtures.withSegment;
import static org.assertj.core.api.Assertions.assertThat;

/** Photos we take: by content whatever their name, stored small, upright, opaque and hashed. */
class PhotoAcceptanceTest {

    private static final int WHITE = 0xFFFFFF;

    @TempDir
    Path dir;

    private final PhotoProcessor processor = new PhotoProcessor(TestConfig.defaults());

    @Test
    void jpegIsStoredAsBaselineJpegWithItsHashesBesideTheUpload() throws Exception {
        byte[] original = jpeg(halves(400, 200, RED, BLUE));
        Path upload = upload(dir, "upload.tmp", original);

        ProcessedPhoto processed = processor.process(upload);

        assertThat(processed.sourceType()).isEqualTo("JPEG");
        assertThat(List.of(processed.width(), processed.height())).as("small photos are not enlarged")
                .containsExactly(400, 200);
        assertThat(processed.photo().getParent()).isEqualTo(dir);
        assertThat(processed.thumbnail().getParent()).isEqualTo(dir);
        assertThat(Files.readAllBytes(upload)).as("the upload is left as it was").isEqualTo(original);
        for (var file : List.of(List.of(processed.photo(), processed.sha256(), processed.bytes()),
                List.of(processed.thumbnail(), processed.thumbnailSha256(), processed.thumbnailBytes()))) {
            byte[] stored = Files.readAllBytes((Path) file.get(0));
            assertThat(file.get(1)).isEqualTo(HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(stored)));
            assertThat(file.get(2)).isEqualTo((long) stored.length);
            assertThat(isBaselineJpeg(stored)).as("baseline JPEG " + file.get(0)).isTrue();
        }
        BufferedImage thumbnail = read(processed.thumbnail());
        assertThat(List.of(thumbnail.getWidth(), thumbnail.getHeight())).containsExactly(320, 160);
        assertThat(near(thumbnail, 60, 80, RED) && near(thumbnail, 260, 80, BLUE)).isTrue();
    }

    @Test
    void pngNamedJpgIsAcceptedByItsContent() {
        ProcessedPhoto processed = processor.process(upload(dir, "photo.jpg",
                encode(halves(400, 200, RED, BLUE), "png")));

        assertThat(processed.sourceType()).isEqualTo("PNG");
        BufferedImage stored = read(processed.photo());
        assertThat(near(stored, 100, 100, RED) && near(stored, 300, 100, BLUE)).isTrue();
    }

    @Test
    void transparentPngIsFlattenedOntoWhite() {
        BufferedImage image = new BufferedImage(400, 200, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 400; x++) {
                image.setRGB(x, y, x < 200 ? 0x00000000 : 0xFF000000 | GREEN); // transparent black, opaque green
            }
        }

        ProcessedPhoto processed = processor.process(upload(dir, "a.jpg", encode(image, "png")));

        BufferedImage stored = read(processed.photo());
        assertThat(near(stored, 100, 100, WHITE)).as("transparent became white, not black").isTrue();
        assertThat(near(stored, 300, 100, GREEN)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"halves-lossy.webp", "halves-lossless.webp"})
    void webpNamedJpgIsAcceptedByItsContent(String name) {
        ProcessedPhoto processed = processor.process(upload(dir, "photo.jpg", resource(name)));

        assertThat(processed.sourceType()).isEqualTo("WEBP");
        assertThat(List.of(processed.width(), processed.height())).containsExactly(64, 48);
        BufferedImage stored = read(processed.photo());
        assertThat(near(stored, 12, 24, RED) && near(stored, 52, 24, BLUE)).isTrue();
    }

    @Test
    void transparentWebpIsFlattenedOntoWhite() {
        ProcessedPhoto processed = processor.process(upload(dir, "a.jpg", resource("alpha-lossless.webp")));

        BufferedImage stored = read(processed.photo());
        assertThat(near(stored, 12, 24, WHITE) && near(stored, 52, 24, GREEN)).isTrue();
    }

    @Test
    void zeroPaddingAfterTheImageIsAccepted() {
        byte[] padded = concat(jpeg(halves(40, 20, RED, BLUE)), new byte[4096]);

        assertThat(processor.process(upload(dir, "a.jpg", padded)).sourceType()).isEqualTo("JPEG");
        assertThat(processor.process(upload(dir, "a.png", concat(encode(halves(40, 20, RED, BLUE), "png"),
                new byte[100]))).sourceType()).isEqualTo("PNG");
        assertThat(processor.process(upload(dir, "a.webp", concat(resource("halves-lossy.webp"), new byte[7])))
                .sourceType()).isEqualTo("WEBP");
    }

    /** HDR gain maps and depth maps of phone JPEGs: further images the primary declares in its MPF segment. */
    @Test
    void jpegWithTheImagesItsMultiPictureSegmentDeclaresIsAccepted() {
        byte[] primary = withSegment(jpeg(halves(40, 20, RED, BLUE)), 0xE2,
                concat(ascii("MPF"), new byte[] {0, 'M', 'M', 0, 42, 0, 0, 0, 8}));
        byte[] gainMap = jpeg(halves(20, 10, BLUE, RED));

        ProcessedPhoto processed = processor.process(upload(dir, "a.jpg", concat(primary, gainMap)));

        assertThat(List.of(processed.width(), processed.height())).as("the primary image").containsExactly(40, 20);
    }

    @Test
    void largePhotoIsStoredAtTheMaximumEdgeFromABoundedDecode() {
        ProcessedPhoto processed = processor.process(upload(dir, "big.jpg", jpeg(halves(6000, 4000, RED, BLUE))));

        assertThat(List.of(processed.width(), processed.height())).containsExactly(2560, 1707);
        BufferedImage stored = read(processed.photo());
        assertThat(List.of(stored.getWidth(), stored.getHeight())).containsExactly(2560, 1707);
        assertThat(near(stored, 640, 850, RED) && near(stored, 1920, 850, BLUE)).isTrue();
        BufferedImage thumbnail = read(processed.thumbnail());
        assertThat(List.of(thumbnail.getWidth(), thumbnail.getHeight())).containsExactly(320, 213);
        assertThat(PhotoDecoder.subsampling(6000, 4000, 2560)).as("decoded at 3000 × 2000").isEqualTo(2);
    }

    @Test
    void largePhotoIsDecodedSubsampledNotWhole() throws Exception {
        Path upload = upload(dir, "big.jpg", jpeg(halves(6000, 4000, RED, BLUE)));

        try (PhotoDecoder decoder = PhotoDecoder.open(upload, PhotoFormat.JPEG)) {
            assertThat(List.of(decoder.width(), decoder.height())).containsExactly(6000, 4000);
            BufferedImage decoded = decoder.decode(2560);
            assertThat(List.of(decoded.getWidth(), decoded.getHeight())).containsExactly(3000, 2000);
        }
    }

    /** 16 bits a channel with alpha: a few KB that would decode to 210 MB at full size. */
    @Test
    void deepPngIsDecodedWithinTheSameMemoryAsAnOrdinaryOne() throws Exception {
        byte[] row = new byte[1 + 5120 * 8]; // filter byte, then RGBA at 16 bits: left half red, right half blue
        for (int x = 0; x < 5120; x++) {
            int at = 1 + x * 8;
            Arrays.fill(row, x < 2560 ? at : at + 4, (x < 2560 ? at : at + 4) + 2, (byte) 0xFF);
            Arrays.fill(row, at + 6, at + 8, (byte) 0xFF);
        }
        Path upload = upload(dir, "deep.jpg", png(5120, 5120, 16, 6, deflateRows(row, 5120)));

        try (PhotoDecoder decoder = PhotoDecoder.open(upload, PhotoFormat.PNG)) {
            BufferedImage decoded = decoder.decode(2560);
            assertThat(List.of(decoded.getWidth(), decoded.getHeight())).containsExactly(2560, 2560);
        }
        ProcessedPhoto processed = processor.process(upload);
        assertThat(List.of(processed.width(), processed.height())).containsExactly(2560, 2560);
        BufferedImage stored = read(processed.photo());
        assertThat(near(stored, 640, 1280, RED) && near(stored, 1920, 1280, BLUE)).isTrue();
    }

    @Test
    void subsamplingSpendsNoMoreOnDeepPixelsThanOnOrdinaryOnes() {
        assertThat(PhotoDecoder.subsampling(5120, 5120, 2560, 3)).isEqualTo(1);
        assertThat(PhotoDecoder.subsampling(5120, 5120, 2560, 4)).isEqualTo(1);
        assertThat(PhotoDecoder.subsampling(5120, 5120, 2560, 8)).isEqualTo(2);
        assertThat(PhotoDecoder.subsampling(4000, 3000, 2560, 8)).isEqualTo(1);
        assertThat(PhotoDecoder.subsampling(6000, 4000, 2560, 8)).isEqualTo(2);
    }

    @Test
    void subsamplingKeepsTheDecodedLongEdgeWithinTwiceTheStoredEdge() {
        assertThat(PhotoDecoder.subsampling(400, 200, 2560)).isEqualTo(1);
        assertThat(PhotoDecoder.subsampling(5120, 3840, 2560)).isEqualTo(1);
        assertThat(PhotoDecoder.subsampling(5121, 3840, 2560)).isEqualTo(2);
        assertThat(PhotoDecoder.subsampling(4000, 6000, 2560)).isEqualTo(2);
        assertThat(PhotoDecoder.subsampling(7746, 5164, 2560)).as("40 MP").isEqualTo(2);
        assertThat(PhotoDecoder.subsampling(16383, 2000, 2560)).isEqualTo(4);
        for (int longEdge = 1; longEdge <= 40_000; longEdge += 7) {
            int step = PhotoDecoder.subsampling(longEdge, 1, 2560);
            int decoded = (longEdge + step - 1) / step;
            assertThat(decoded).as("long edge " + longEdge).isLessThanOrEqualTo(5120);
            if (step > 1) {
                int withSmallerStep = (longEdge + step - 2) / (step - 1);
                assertThat(withSmallerStep).as("no finer step would do, long edge " + longEdge).isGreaterThan(5120);
            }
        }
    }

    /** SOF0 (baseline) and no SOF2 (progressive); JFIF the only application segment. */
    private static boolean isBaselineJpeg(byte[] jpeg) {
        boolean baseline = false;
        int i = 2;
        while (i + 4 <= jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
            int marker = jpeg[i + 1] & 0xFF;
            if (marker == 0xDA) {
                break;
            }
            if (marker == 0xC2 || marker >= 0xE1 && marker <= 0xEF || marker == 0xFE) {
                return false;
            }
            baseline |= marker == 0xC0;
            i += 2 + ((jpeg[i + 2] & 0xFF) << 8 | jpeg[i + 3] & 0xFF);
        }
        return baseline;
    }
}
