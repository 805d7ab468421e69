package anquanli.activity;

import anquanli.region.Region;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static anquanli.common.AppClock.CAMPAIGN_ZONE;

/**
 * The printable poster of an event: heading, name, kind, time and place, organizer, and the check-in QR code with
 * its text beneath (typed in by hand when a phone cannot scan), on an A4 page at 150 dpi; as PNG, or as a one-page
 * PDF holding that image. Runs on a worker thread (about 0.1 s of CPU).
 * <p>
 * The text needs a font with Chinese glyphs: {@code anquanli.activity.poster-font} names one, else the first installed
 * family of a list of common CJK fonts that can draw the text is used. Without any, the service warns at start-up
 * (the posters would show empty boxes where the Chinese should be; the QR code works either way).
 */
@Startup
@ApplicationScoped
public class PosterRenderer {

    private static final Logger LOG = Logger.getLogger(PosterRenderer.class);
    /** A4 at 150 dots per inch. */
    static final int WIDTH = 1240;
    static final int HEIGHT = 1754;
    private static final Color SAFETY_RED = new Color(0xC8, 0x10, 0x2E);
    private static final Color INK = new Color(0x1F, 0x1F, 0x1F);
    private static final List<String> CJK_FAMILIES = List.of("Noto Sans CJK SC", "Source Han Sans SC",
            "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Microsoft YaHei", "SimHei", "PingFang SC", "Droid Sans Fallback");
    private static final String SAMPLE = "安全生产月扫码签到";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final String family;
    private final String heading;

    public PosterRenderer(@ConfigProperty(name = "anquanli.activity.poster-font") Optional<String> font,
                          ActivityConfig config) {
        System.setProperty("java.awt.headless", "true");
        this.family = font.filter(f -> !f.isBlank()).orElseGet(PosterRenderer::installedCjkFamily);
        this.heading = config.posterHeading();
        if (new Font(family, Font.PLAIN, 12).canDisplayUpTo(SAMPLE) != -1) {
            LOG.warnf("No installed font can draw Chinese (font %s); activity posters will show boxes instead of "
                    + "text. Install a CJK font (e.g. fonts-noto-cjk or fonts-wqy-zenhei) or set "
                    + "anquanli.activity.poster-font", family);
        }
    }

    /** What a poster shows. */
    public record Content(String name, ActivityKind kind, Region region, String address, java.time.Instant startsAt,
                          java.time.Instant endsAt, String organizer, String qrText, String code) {
    }

    public byte[] png(Content c) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024)) {
            ImageIO.write(render(c), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] pdf(Content c) {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024)) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            doc.getDocumentInformation().setTitle(c.name());
            PDImageXObject image = LosslessFactory.createFromImage(doc, render(c));
            try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                content.drawImage(image, 0, 0, PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight());
            }
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    BufferedImage render(Content c) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(SAFETY_RED);
            g.fillRect(0, 0, WIDTH, 170);
            g.setColor(Color.WHITE);
            centered(g, heading, 64, Font.BOLD, 110);
            g.setColor(INK);
            int y = 250;
            for (String line : wrap(g, c.name(), font(72, Font.BOLD), WIDTH - 160)) {
                y = centered(g, line, 72, Font.BOLD, y) + 90;
            }
            g.setColor(SAFETY_RED);
            y = centered(g, c.kind().title(), 44, Font.PLAIN, y + 10) + 80;
            g.setColor(INK);
            y = left(g, "时间：" + when(c), 40, y);
            String place = c.region().path().stream().map(Region::name).collect(Collectors.joining())
                    + (c.address() == null ? "" : " " + c.address());
            for (String line : wrap(g, "地点：" + place, font(40, Font.PLAIN), WIDTH - 200)) {
                y = left(g, line, 40, y);
            }
            if (c.organizer() != null) {
                y = left(g, "主办：" + c.organizer(), 40, y);
            }
            drawQr(g, c.qrText(), Math.max(y + 30, 760));
            g.setColor(INK);
            centered(g, "打开“安全力”扫一扫，签到参加活动", 40, Font.PLAIN, HEIGHT - 150);
            g.setColor(Color.GRAY);
            g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 26));
            centeredAs(g, c.code(), HEIGHT - 80);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static String when(Content c) {
        var start = c.startsAt().atZone(CAMPAIGN_ZONE);
        var end = c.endsAt().atZone(CAMPAIGN_ZONE);
        return DAY.format(start) + " – " + (start.toLocalDate().equals(end.toLocalDate()) ? TIME.format(end)
                : DAY.format(end));
    }

    /** The QR code, as large as the space left allows, centred; quiet zone of four modules. */
    private static void drawQr(Graphics2D g, String text, int top) {
        BitMatrix m;
        try {
            m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4,
                    EncodeHintType.CHARACTER_SET, "UTF-8"));
        } catch (WriterException e) {
            throw new IllegalStateException("The check-in code does not fit a QR code", e);
        }
        int room = Math.min(WIDTH - 240, HEIGHT - 220 - top);
        int module = Math.max(1, room / m.getWidth());
        int size = module * m.getWidth();
        int x0 = (WIDTH - size) / 2;
        g.setColor(Color.WHITE);
        g.fillRect(x0, top, size, size);
        g.setColor(Color.BLACK);
        for (int y = 0; y < m.getHeight(); y++) {
            for (int x = 0; x < m.getWidth(); x++) {
                if (m.get(x, y)) {
                    g.fillRect(x0 + x * module, top + y * module, module, module);
                }
            }
        }
    }

    private Font font(int size, int style) {
        return new Font(family, style, size);
    }

    private int centered(Graphics2D g, String text, int size, int style, int baseline) {
        g.setFont(font(size, style));
        return centeredAs(g, text, baseline);
    }

    private static int centeredAs(Graphics2D g, String text, int baseline) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, (WIDTH - fm.stringWidth(text)) / 2, baseline);
        return baseline;
    }

    private int left(Graphics2D g, String text, int size, int baseline) {
        g.setFont(font(size, Font.PLAIN));
        g.drawString(text, 100, baseline);
        return baseline + (int) (size * 1.6);
    }

    /** Lines of at most {@code width} pixels, broken between characters (Chinese has no spaces to break at). */
    private static List<String> wrap(Graphics2D g, String text, Font font, int width) {
        FontMetrics fm = g.getFontMetrics(font);
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int cp : text.codePoints().toArray()) {
            String next = line + new String(Character.toChars(cp));
            if (fm.stringWidth(next) > width && !line.isEmpty()) {
                lines.add(line.toString());
                line = new StringBuilder(new String(Character.toChars(cp)));
            } else {
                line = new StringBuilder(next);
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines.size() <= 3 ? lines : List.of(lines.get(0), lines.get(1), lines.get(2) + "…");
    }

    private static String installedCjkFamily() {
        List<String> installed = Arrays.asList(GraphicsEnvironment.getLocalGraphicsEnvironment()
                .getAvailableFontFamilyNames());
        return CJK_FAMILIES.stream().filter(installed::contains).findFirst()
                .or(() -> installed.stream().filter(f -> new Font(f, Font.PLAIN, 12).canDisplayUpTo(SAMPLE) == -1)
                        .findFirst())
                .orElse(Font.SANS_SERIF);
    }
}
