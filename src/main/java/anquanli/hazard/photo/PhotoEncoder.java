package anquanli.hazard.photo;

import net.coobird.thumbnailator.Thumbnails;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;

/** Turns decoded pixels into what we store: scaled, upright, opaque, and a JPEG that carries nothing but pixels. */
final class PhotoEncoder {

    private static final String JDK_JPEG_WRITER = "com.sun.imageio.plugins.jpeg.JPEGImageWriter";

    /** A JPEG written to disk, hashed on the way. */
    record Written(String sha256, long bytes) {
    }

    private PhotoEncoder() {
    }

    /** Scales down so the long edge is at most {@code maxEdge}; smaller images are returned as they are. */
    static BufferedImage fit(BufferedImage image, int maxEdge) throws IOException {
        int w = image.getWidth();
        int h = image.getHeight();
        int longEdge = Math.max(w, h);
        if (longEdge <= maxEdge) {
            return image;
        }
        double factor = (double) maxEdge / longEdge;
        int type = image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        // Thumbnailator halves progressively with bilinear steps, which keeps detail that one big step would alias
        return Thumbnails.of(image)
                .forceSize(Math.max(1, (int) Math.round(w * factor)), Math.max(1, (int) Math.round(h * factor)))
                .imageType(type)
                .asBufferedImage();
    }

    /**
     * Applies the EXIF orientation (1–8) and flattens any transparency onto white, into an RGB image the JPEG writer
     * takes as it is.
     */
    static BufferedImage uprightOnWhite(BufferedImage image, int orientation) {
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swapsEdges = orientation >= 5;
        BufferedImage out = new BufferedImage(swapsEdges ? h : w, swapsEdges ? w : h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(image, orientationTransform(orientation, w, h), null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * Maps stored pixels of a w × h image to display pixels, per the EXIF orientation tag (0x0112). Arguments are
     * (m00, m10, m01, m11, m02, m12): x' = m00·x + m01·y + m02, y' = m10·x + m11·y + m12.
     */
    static AffineTransform orientationTransform(int orientation, int w, int h) {
        return switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0);   // mirrored left to right
            case 3 -> new AffineTransform(-1, 0, 0, -1, w, h);  // rotated 180°
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, h);   // mirrored top to bottom
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0);    // transposed
            case 6 -> new AffineTransform(0, 1, -1, 0, h, 0);   // needs 90° clockwise
            case 7 -> new AffineTransform(0, -1, -1, 0, h, w);  // transversed
            case 8 -> new AffineTransform(0, -1, 1, 0, 0, w);   // needs 90° counter-clockwise
            default -> new AffineTransform();
        };
    }

    /**
     * Writes a baseline JPEG with the JDK writer and no metadata of ours: it adds only the JFIF header it needs, so
     * nothing of the camera (EXIF, GPS, XMP, IPTC, ICC profile, comments, maker notes) can survive.
     */
    static Written writeJpeg(BufferedImage rgb, Path file, float quality) throws IOException {
        MessageDigest sha256 = sha256();
        ImageWriter writer = jpegWriter();
        try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file)), sha256);
             ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(rgb, null, null), param);
        } finally {
            writer.dispose();
        }
        return new Written(HexFormat.of().formatHex(sha256.digest()), Files.size(file));
    }

    private static ImageWriter jpegWriter() {
        for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
            ImageWriter candidate = it.next();
            if (candidate.getClass().getName().equals(JDK_JPEG_WRITER)) {
                return candidate;
            }
            candidate.dispose();
        }
        throw new IllegalStateException("The JDK's JPEG writer is missing");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
