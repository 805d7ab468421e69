package anquanli.hazard.photo;

import anquanli.hazard.photo.PhotoFixtures.TestConfig;
import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.icc.IccDirectory;
import com.drew.metadata.iptc.IptcDirectory;
import com.drew.metadata.jpeg.JpegCommentDirectory;
import com.drew.metadata.xmp.XmpDirectory;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;

import static anquanli.hazard.photo.PhotoFixtures.BLUE;
import static anquanli.hazard.photo.PhotoFixtures.GREEN;
import static anquanli.hazard.photo.PhotoFixtures.RED;
import static anquanli.hazard.photo.PhotoFixtures.YELLOW;
import static anquanli.hazard.photo.PhotoFixtures.ascii;
import static anquanli.hazard.photo.PhotoFixtures.halves;
import static anquanli.hazard.photo.PhotoFixtures.jpeg;
import static anquanli.hazard.photo.PhotoFixtures.near;
import static anquanli.hazard.photo.PhotoFixtures.quadrants;
import static anquanli.hazard.photo.PhotoFixtures.read;
import static anquanli.hazard.photo.PhotoFixtures.upload;
import static anquanli.hazard.photo.PhotoFixtures.withExif;
import static anquanli.hazard.photo.PhotoFixtures.withIptcCaption;
import static anquanli.hazard.photo.PhotoFixtures.withOrientation;
import static anquanli.hazard.photo.PhotoFixtures.withSegment;
import static anquanli.hazard.photo.PhotoFixtures.withXmp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** What the camera wrote: orientation and GPS are used, everything else is gone from what we store. */
class PhotoMetadataTest {

    private static final double SHANGHAI_LAT = 31.230416;
    private static final double SHANGHAI_LNG = 121.473701;
    private static final String MAKE = "PlantedMakeAcme";
    private static final String MODEL = "PlantedModelHazardCam9";
    private static final String SERIAL = "PlantedSerial424242";
    private static final String MAKER_NOTE = "PlantedMakerNoteBytes";
    private static final String XMP_TEXT = "PlantedXmpCreator";
    private static final String IPTC_TEXT = "PlantedIptcCaption";
    private static final String COMMENT = "PlantedJpegComment";

    @TempDir
    Path dir;

    private final PhotoProcessor processor = new PhotoProcessor(TestConfig.defaults());

    @Test
    void storedPhotoAndThumbnailCarryNoMetadataAtAll() throws Exception {
        Path upload = upload(dir, "upload.jpg", cameraPhoto());
        assertThat(directoryTypes(upload)).as("the planted metadata is there to strip")
                .contains(ExifIFD0Directory.class, ExifSubIFDDirectory.class, GpsDirectory.class,
                        XmpDirectory.class, IptcDirectory.class, JpegCommentDirectory.class, IccDirectory.class);
        assertThat(ImageMetadataReader.readMetadata(upload.toFile())
                .getFirstDirectoryOfType(ExifSubIFDDirectory.class).containsTag(ExifSubIFDDirectory.TAG_MAKERNOTE))
                .as("maker note planted").isTrue();
        assertThat(new String(Files.readAllBytes(upload), StandardCharsets.ISO_8859_1))
                .contains(MAKE, MODEL, SERIAL, MAKER_NOTE, XMP_TEXT, IPTC_TEXT, COMMENT);

        ProcessedPhoto processed = processor.process(upload);

        for (Path stored : List.of(processed.photo(), processed.thumbnail())) {
            assertThat(directoryTypes(stored)).as("directories of " + stored)
                    .doesNotContain(ExifIFD0Directory.class, ExifSubIFDDirectory.class, GpsDirectory.class,
                            XmpDirectory.class, IptcDirectory.class, JpegCommentDirectory.class, IccDirectory.class)
                    .noneMatch(PhotoMetadataTest::isMakerNote);
            assertThat(new String(Files.readAllBytes(stored), StandardCharsets.ISO_8859_1))
                    .doesNotContain(MAKE, MODEL, SERIAL, MAKER_NOTE, XMP_TEXT, IPTC_TEXT, COMMENT, "Exif", "http://");
        }
        assertThat(processed.gpsLat()).isCloseTo(SHANGHAI_LAT, within(1e-6));
        assertThat(processed.gpsLng()).isCloseTo(SHANGHAI_LNG, within(1e-6));
    }

    @Test
    void gpsIsNullWhenThePhotoHasNone() {
        ProcessedPhoto processed = processor.process(upload(dir, "upload.jpg", withOrientation(jpeg(halves(40, 20,
                RED, BLUE)), 1)));

        assertThat(processed.gpsLat()).isNull();
        assertThat(processed.gpsLng()).isNull();
    }

    @Test
    void gpsAtZeroZeroMeansNoFixAndIsNull() throws Exception {
        TiffOutputSet exif = new TiffOutputSet();
        exif.setGpsInDegrees(0, 0);

        ProcessedPhoto processed = processor.process(upload(dir, "upload.jpg", withExif(jpeg(halves(40, 20, RED,
                BLUE)), exif)));

        assertThat(processed.gpsLat()).isNull();
        assertThat(processed.gpsLng()).isNull();
    }

    @Test
    void gpsIsReadFromTheExifChunkOfAWebp() throws Exception {
        TiffOutputSet exif = new TiffOutputSet();
        exif.setGpsInDegrees(SHANGHAI_LNG, SHANGHAI_LAT);
        exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) 6);

        ProcessedPhoto processed = processor.process(upload(dir, "upload.jpg",
                WebpFiles.withExif(PhotoFixtures.resource("halves-lossy.webp"), 64, 48, exif)));

        assertThat(processed.sourceType()).isEqualTo("WEBP");
        assertThat(processed.gpsLat()).isCloseTo(SHANGHAI_LAT, within(1e-6));
        assertThat(processed.gpsLng()).isCloseTo(SHANGHAI_LNG, within(1e-6));
        assertThat(List.of(processed.width(), processed.height())).as("rotated upright").containsExactly(48, 64);
    }

    @Test
    void portraitPhotoTaggedRotate90ComesOutUpright() {
        ProcessedPhoto processed = processor.process(upload(dir, "upload.jpg",
                withOrientation(jpeg(halves(400, 200, RED, BLUE)), 6)));

        BufferedImage stored = read(processed.photo());
        assertThat(List.of(stored.getWidth(), stored.getHeight())).containsExactly(200, 400);
        assertThat(List.of(processed.width(), processed.height())).containsExactly(200, 400);
        assertThat(near(stored, 100, 50, RED)).as("red on top").isTrue();
        assertThat(near(stored, 100, 350, BLUE)).as("blue at the bottom").isTrue();
        BufferedImage thumbnail = read(processed.thumbnail());
        assertThat(List.of(thumbnail.getWidth(), thumbnail.getHeight())).containsExactly(160, 320);
        assertThat(near(thumbnail, 80, 40, RED)).as("thumbnail upright too").isTrue();
    }

    /**
     * Every orientation of EXIF 2.3 (tag 0x0112), stated as where the stored image's corners end up. A 400 × 200
     * image whose quadrants are red, green / blue, yellow; expected colours top left, top right, bottom left,
     * bottom right of the upright result.
     */
    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({
            "1, 400, 200, RED,    GREEN,  BLUE,   YELLOW",
            "2, 400, 200, GREEN,  RED,    YELLOW, BLUE",
            "3, 400, 200, YELLOW, BLUE,   GREEN,  RED",
            "4, 400, 200, BLUE,   YELLOW, RED,    GREEN",
            "5, 200, 400, RED,    BLUE,   GREEN,  YELLOW",
            "6, 200, 400, BLUE,   RED,    YELLOW, GREEN",
            "7, 200, 400, YELLOW, GREEN,  BLUE,   RED",
            "8, 200, 400, GREEN,  YELLOW, RED,    BLUE"})
    void everyExifOrientationIsAppliedToThePixels(int orientation, int width, int height, String topLeft,
            String topRight, String bottomLeft, String bottomRight) {
        ProcessedPhoto processed = processor.process(upload(dir, "upload.jpg",
                withOrientation(jpeg(quadrants(400, 200)), orientation)));

        BufferedImage stored = read(processed.photo());
        assertThat(List.of(stored.getWidth(), stored.getHeight())).containsExactly(width, height);
        int qx = width / 4;
        int qy = height / 4;
        assertThat(near(stored, qx, qy, colour(topLeft))).as("top left " + topLeft).isTrue();
        assertThat(near(stored, width - qx, qy, colour(topRight))).as("top right " + topRight).isTrue();
        assertThat(near(stored, qx, height - qy, colour(bottomLeft))).as("bottom left " + bottomLeft).isTrue();
        assertThat(near(stored, width - qx, height - qy, colour(bottomRight))).as("bottom right " + bottomRight)
                .isTrue();
    }

    @Test
    void upsideDownPhotoTaggedRotate180ComesOutUpright() {
        ProcessedPhoto processed = processor.process(upload(dir, "upload.jpg",
                withOrientation(jpeg(halves(400, 200, RED, BLUE)), 3)));

        BufferedImage stored = read(processed.photo());
        assertThat(List.of(stored.getWidth(), stored.getHeight())).containsExactly(400, 200);
        assertThat(near(stored, 300, 100, RED)).as("red on the right").isTrue();
        assertThat(near(stored, 100, 100, BLUE)).as("blue on the left").isTrue();
    }

    @Test
    void photoTaggedRotate270ComesOutUpright() {
        ProcessedPhoto processed = processor.process(upload(dir, "upload.jpg",
                withOrientation(jpeg(halves(400, 200, RED, BLUE)), 8)));

        BufferedImage stored = read(processed.photo());
        assertThat(List.of(stored.getWidth(), stored.getHeight())).containsExactly(200, 400);
        assertThat(near(stored, 100, 350, RED)).as("red at the bottom").isTrue();
        assertThat(near(stored, 100, 50, BLUE)).as("blue on top").isTrue();
    }

    /** A phone photo as it arrives: EXIF with camera, serial, maker note and GPS; XMP; IPTC; ICC; a comment. */
    private static byte[] cameraPhoto() throws Exception {
        TiffOutputSet exif = new TiffOutputSet();
        exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_MAKE, MAKE);
        exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_MODEL, MODEL);
        exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) 1);
        exif.getOrCreateExifDirectory().add(ExifTagConstants.EXIF_TAG_BODY_SERIAL_NUMBER, SERIAL);
        exif.getOrCreateExifDirectory().add(ExifTagConstants.EXIF_TAG_MAKER_NOTE, ascii(MAKER_NOTE));
        exif.setGpsInDegrees(SHANGHAI_LNG, SHANGHAI_LAT); // Commons Imaging takes longitude first
        String xmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF "
                + "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description "
                + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" dc:creator=\"" + XMP_TEXT + "\"/>"
                + "</rdf:RDF></x:xmpmeta>";
        byte[] icc = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
        byte[] iccSegment = PhotoFixtures.concat(ascii("ICC_PROFILE"), new byte[] {0, 1, 1}, icc);
        byte[] photo = withExif(jpeg(halves(400, 300, RED, BLUE)), exif);
        photo = withXmp(photo, xmp);
        photo = withIptcCaption(photo, IPTC_TEXT);
        photo = withSegment(photo, 0xE2, iccSegment);
        return withSegment(photo, 0xFE, ascii(COMMENT));
    }

    private static List<Class<? extends Directory>> directoryTypes(Path file) throws Exception {
        Metadata metadata = ImageMetadataReader.readMetadata(file.toFile());
        return StreamSupport.stream(metadata.getDirectories().spliterator(), false)
                .<Class<? extends Directory>>map(Directory::getClass).toList();
    }

    private static boolean isMakerNote(Class<? extends Directory> type) {
        return type.getName().contains("makernotes") || type.getSimpleName().contains("Makernote");
    }

    private static int colour(String name) {
        return switch (name) {
            case "RED" -> RED;
            case "GREEN" -> GREEN;
            case "BLUE" -> BLUE;
            case "YELLOW" -> YELLOW;
            default -> throw new IllegalArgumentException(name);
        };
    }
}
