package anquanli.hazard.photo;

import com.drew.imaging.FileType;
import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.lang.ByteArrayReader;
import com.drew.lang.GeoLocation;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import com.drew.metadata.exif.GpsDirectory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What we keep of the camera's metadata before the photo is re-encoded without any: how to turn the pixels upright,
 * and where the photo was taken. Metadata that cannot be read is ignored; whether the photo itself is readable is
 * the decoder's call.
 *
 * @param orientation EXIF orientation 1–8 (1: as stored)
 */
record CameraMetadata(int orientation, Double gpsLat, Double gpsLng) {

    static final CameraMetadata NONE = new CameraMetadata(1, null, null);

    /** EXIF in a WebP beyond this size is not a camera's; it is ignored rather than read into memory. */
    private static final long MAX_WEBP_EXIF_BYTES = 1024 * 1024;

    static CameraMetadata read(Path upload, PhotoFormat format, PhotoStructure.Extent webpExif) {
        try {
            return of(format == PhotoFormat.WEBP ? webp(upload, webpExif) : jpegOrPng(upload, format));
        } catch (IOException | RuntimeException | ImageProcessingException e) {
            return NONE;
        }
    }

    /** The JPEG reader stops at the first scan, the PNG reader keeps only metadata chunks: neither reads pixels. */
    private static Metadata jpegOrPng(Path upload, PhotoFormat format)
            throws IOException, ImageProcessingException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(upload))) {
            return ImageMetadataReader.readMetadata(in, Files.size(upload),
                    format == PhotoFormat.JPEG ? FileType.Jpeg : FileType.Png);
        }
    }

    /** metadata-extractor's WebP reader loads the image chunk too; we hand it only the EXIF chunk. */
    private static Metadata webp(Path upload, PhotoStructure.Extent exif) throws IOException {
        Metadata metadata = new Metadata();
        if (exif == null || exif.length() > MAX_WEBP_EXIF_BYTES) {
            return metadata;
        }
        ByteBuffer chunk = ByteBuffer.allocate((int) exif.length());
        try (FileChannel channel = FileChannel.open(upload, StandardOpenOption.READ)) {
            int n;
            do {
                n = channel.read(chunk, exif.offset() + chunk.position());
            } while (n > 0 && chunk.hasRemaining());
        }
        byte[] bytes = chunk.array();
        // some writers keep the "Exif\0\0" preamble of the JPEG APP1 segment, most start with the TIFF header
        int start = ExifReader.startsWithJpegExifPreamble(bytes) ? ExifReader.JPEG_SEGMENT_PREAMBLE.length() : 0;
        new ExifReader().extract(new ByteArrayReader(bytes, start), metadata);
        return metadata;
    }

    private static CameraMetadata of(Metadata metadata) {
        int orientation = 1;
        for (ExifIFD0Directory ifd0 : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
            Integer value = ifd0.getInteger(ExifIFD0Directory.TAG_ORIENTATION);
            if (value != null && value >= 1 && value <= 8) {
                orientation = value;
                break;
            }
        }
        for (GpsDirectory gps : metadata.getDirectoriesOfType(GpsDirectory.class)) {
            GeoLocation at = gps.getGeoLocation();
            if (isPlausible(at)) {
                return new CameraMetadata(orientation, at.getLatitude(), at.getLongitude());
            }
        }
        return new CameraMetadata(orientation, null, null);
    }

    /** 0,0 is what a phone writes when it had no fix; out-of-range values are broken tags. */
    private static boolean isPlausible(GeoLocation at) {
        return at != null && !at.isZero()
                && Double.isFinite(at.getLatitude()) && Math.abs(at.getLatitude()) <= 90
                && Double.isFinite(at.getLongitude()) && Math.abs(at.getLongitude()) <= 180;
    }
}
