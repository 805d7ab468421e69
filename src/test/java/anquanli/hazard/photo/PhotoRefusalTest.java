package anquanli.hazard.photo;

import anquanli.common.ApiProblem;
import anquanli.hazard.photo.PhotoFixtures.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static anquanli.hazard.photo.PhotoFixtures.BLUE;
import static anquanli.hazard.photo.PhotoFixtures.RED;
import static anquanli.hazard.photo.PhotoFixtures.ascii;
import static anquanli.hazard.photo.PhotoFixtures.assertOnlyUploadIn;
import static anquanli.hazard.photo.PhotoFixtures.concat;
import static anquanli.hazard.photo.PhotoFixtures.deflate;
import static anquanli.hazard.photo.PhotoFixtures.encode;
import static anquanli.hazard.photo.PhotoFixtures.halves;
import static anquanli.hazard.photo.PhotoFixtures.jpeg;
import static anquanli.hazard.photo.PhotoFixtures.markerOffset;
import static anquanli.hazard.photo.PhotoFixtures.noise;
import static anquanli.hazard.photo.PhotoFixtures.png;
import static anquanli.hazard.photo.PhotoFixtures.refusal;
import static anquanli.hazard.photo.PhotoFixtures.resource;
import static anquanli.hazard.photo.PhotoFixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every refusal, decided by content alone, and never a file left behind. */
class PhotoRefusalTest {

    @TempDir
    Path dir;

    private final PhotoProcessor processor = new PhotoProcessor(TestConfig.defaults());

    @Test
    void textFileNamedLikeAPhotoIsNotAPhoto() {
        ApiProblem problem = refusal(processor, upload(dir, "photo.jpg", ascii("just some words, no pixels\n")),
                "photo-type-invalid");

        assertThat(problem.status()).isEqualTo(415);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pdf", "zip", "html", "mp4", "empty"})
    void otherFilesAreNotPhotos(String kind) {
        byte[] content = switch (kind) {
            case "pdf" -> ascii("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");
            case "zip" -> zip();
            case "html" -> ascii("<!DOCTYPE html><html><script>alert(1)</script></html>");
            case "mp4" -> concat(new byte[] {0, 0, 0, 0x18}, ascii("ftypisom"), new byte[4], ascii("isomiso2mp41"));
            default -> new byte[0];
        };

        assertThat(refusal(processor, upload(dir, "IMG_0001.jpg", content), "photo-type-invalid").status())
                .isEqualTo(415);
    }

    @Test
    void heicIsUnsupportedAndTheDetailSaysHowToSendJpeg() {
        byte[] heic = concat(new byte[] {0, 0, 0, 0x18}, ascii("ftypheic"), new byte[4], ascii("mif1heic"),
                new byte[] {0, 0, 0, 0x10}, ascii("meta"), new byte[8]);

        ApiProblem problem = refusal(processor, upload(dir, "IMG_0001.jpg", heic), "photo-type-unsupported");

        assertThat(problem.status()).isEqualTo(415);
        assertThat(problem.getMessage()).contains("HEIC", "Most Compatible", "JPEG");
        assertThat(problem.extensions()).containsEntry("format", "HEIC");
    }

    @Test
    void heifWithOnlyCompatibleBrandsAndAvifAreUnsupported() {
        byte[] heif = concat(new byte[] {0, 0, 0, 0x1C}, ascii("ftypmif1"), new byte[4], ascii("mif1"),
                ascii("miaf"), ascii("MiHB"), new byte[8]);
        byte[] avif = concat(new byte[] {0, 0, 0, 0x1C}, ascii("ftypavif"), new byte[4], ascii("avifmif1miaf"),
                new byte[8]);

        assertThat(refusal(processor, upload(dir, "a.jpg", heif), "photo-type-unsupported").extensions())
                .containsEntry("format", "HEIC");
        assertThat(refusal(processor, upload(dir, "a.jpg", avif), "photo-type-unsupported").extensions())
                .containsEntry("format", "AVIF");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"gif, GIF", "bmp, BMP", "tiff, TIFF"})
    void otherImageFormatsAreUnsupported(String imageIoFormat, String named) {
        byte[] image = encode(halves(40, 20, RED, BLUE), imageIoFormat);

        ApiProblem problem = refusal(processor, upload(dir, "photo.jpg", image), "photo-type-unsupported");

        assertThat(problem.extensions()).containsEntry("format", named);
        assertThat(problem.getMessage()).contains(named, "JPEG");
    }

    @Test
    void fileLargerThanTheLimitIsRefusedBeforeItIsRead() throws Exception {
        Path upload = dir.resolve("big.jpg");
        try (RandomAccessFile file = new RandomAccessFile(upload.toFile(), "rw")) {
            file.setLength(TestConfig.defaults().maxBytes() + 1); // sparse zeros: reading it would say "not an image"
        }

        ApiProblem problem = refusal(processor, upload, "photo-too-large");

        assertThat(problem.status()).isEqualTo(413);
        assertThat(problem.getMessage()).contains("10 MB");
    }

    @Test
    void decompressionBombIsRefusedFromItsHeaderQuickly() {
        byte[] bomb = png(30_000, 30_000, 8, 2, deflate(new byte[64]));
        Path upload = upload(dir, "bomb.jpg", bomb);

        long started = System.nanoTime();
        ApiProblem problem = refusal(processor, upload, "photo-too-many-pixels");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(bomb.length).isLessThan(200);
        assertThat(took).isLessThan(Duration.ofSeconds(1));
        assertThat(problem.status()).isEqualTo(422);
        assertThat(problem.extensions()).containsEntry("width", 30_000).containsEntry("height", 30_000);
    }

    @Test
    void jpegCutInTheMiddleOfItsScanIsTruncated() {
        byte[] whole = jpeg(noise(300, 300, 1));
        int scan = markerOffset(whole, 0xDA);

        byte[] cut = Arrays.copyOf(whole, scan + (whole.length - scan) / 2);

        assertThat(refusal(processor, upload(dir, "cut.jpg", cut), "photo-truncated").status()).isEqualTo(422);
    }

    @Test
    void jpegWithoutItsEndMarkerIsTruncated() {
        byte[] whole = jpeg(halves(40, 20, RED, BLUE));

        refusal(processor, upload(dir, "cut.jpg", Arrays.copyOf(whole, whole.length - 2)), "photo-truncated");
    }

    @Test
    void pngWithoutIendIsTruncated() {
        byte[] whole = encode(halves(40, 20, RED, BLUE), "png");

        refusal(processor, upload(dir, "cut.png", Arrays.copyOf(whole, whole.length - 12)), "photo-truncated");
    }

    @Test
    void webpWhoseRiffLengthExceedsTheFileIsTruncated() {
        byte[] whole = resource("halves-lossy.webp");

        refusal(processor, upload(dir, "cut.webp", Arrays.copyOf(whole, whole.length - 10)), "photo-truncated");
    }

    @Test
    void jpegWithAZipAppendedIsAPolyglot() {
        byte[] polyglot = concat(jpeg(halves(40, 20, RED, BLUE)), zip());

        ApiProblem problem = refusal(processor, upload(dir, "photo.jpg", polyglot), "photo-polyglot");

        assertThat(problem.status()).isEqualTo(422);
        assertThat(problem.getMessage()).contains("other data after the image", "motion photo", "still photo");
    }

    @Test
    void pngOrWebpWithDataAppendedIsAPolyglot() {
        byte[] html = ascii("<html><script>alert(1)</script></html>");

        refusal(processor, upload(dir, "a.png", concat(encode(halves(40, 20, RED, BLUE), "png"), html)),
                "photo-polyglot");
        refusal(processor, upload(dir, "a.png", concat(resource("halves-lossless.webp"), zip())), "photo-polyglot");
    }

    @Test
    void jpegFollowedByAnotherJpegItDoesNotDeclareIsAPolyglot() {
        byte[] photo = jpeg(halves(40, 20, RED, BLUE));

        refusal(processor, upload(dir, "a.jpg", concat(photo, photo)), "photo-polyglot");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void randomBytesAfterTheStartOfAJpegAreRefused(long seed) {
        byte[] noise = new byte[4096];
        new Random(seed).nextBytes(noise);
        Path upload = upload(dir, "a.jpg", concat(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, noise));

        ApiProblem problem = catchThrowableOfType(ApiProblem.class,
                () -> processor.process(upload));

        assertThat(problem).isNotNull();
        assertThat(problem.code()).isIn("photo-corrupt", "photo-truncated");
        assertOnlyUploadIn(upload);
    }

    @Test
    void jpegWithoutAnyImageIsCorrupt() {
        refusal(processor, upload(dir, "a.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9}),
                "photo-corrupt");
    }

    @Test
    void jpegWithABrokenHuffmanTableIsCorrupt() {
        byte[] photo = jpeg(halves(40, 20, RED, BLUE));
        int dht = markerOffset(photo, 0xC4);
        Arrays.fill(photo, dht + 5, dht + 5 + 16, (byte) 0xFF); // the code counts: far more codes than bits allow

        refusal(processor, upload(dir, "a.jpg", photo), "photo-corrupt");
    }

    /** Structurally whole (it still ends with EOI), but the decoder runs out of data and only warns. */
    @Test
    void jpegMissingPartOfItsScanIsRefusedOnTheDecodersWarning() {
        byte[] whole = jpeg(noise(300, 300, 2));
        int scan = markerOffset(whole, 0xDA);
        int from = scan + (whole.length - scan) / 3;
        byte[] holed = concat(Arrays.copyOf(whole, from), Arrays.copyOfRange(whole, whole.length - 1000,
                whole.length));

        refusal(processor, upload(dir, "a.jpg", holed), "photo-corrupt");
    }

    @Test
    void photoWaitingLongerThanTheQueueTimeoutIsRefusedAsBusy() {
        PhotoProcessor oneSlot = new PhotoProcessor(TestConfig.defaults().withSlots(1, Duration.ofMillis(50)));
        Path upload = upload(dir, "a.jpg", jpeg(halves(40, 20, RED, BLUE)));
        oneSlot.decodeSlots().acquireUninterruptibly(); // another photo is decoding
        try {
            ApiProblem problem = refusal(oneSlot, upload, "service-busy");

            assertThat(problem.status()).isEqualTo(503);
            assertThat(problem.extensions()).containsEntry("retryAfter", 5);
        } finally {
            oneSlot.decodeSlots().release();
        }
        assertThat(oneSlot.process(upload).sourceType()).as("served once the slot is free").isEqualTo("JPEG");
        assertThat(oneSlot.decodeSlots().availablePermits()).isEqualTo(1);
    }

    private static byte[] zip() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("payload.html"));
            zip.write(ascii("<html><script>alert(1)</script></html>"));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
