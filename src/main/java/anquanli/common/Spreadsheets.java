package anquanli.common;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.core.Response;

/**
 * Lists exported for the offices' spreadsheets: CSV in UTF-8 with a BOM (so Excel opens the Chinese right) or XLSX
 * written in a streaming workbook (rows leave memory in windows of 100). In CSV, text typed by the public is defused:
 * a cell starting with =, +, -, @, a tab or a carriage return gets a leading apostrophe, so a spreadsheet never runs it as a formula (XLSX
 * string cells are never formulas).
 */
public final class Spreadsheets {

    private Spreadsheets() {
    }

    /** The two forms every export comes in, named by the request's {@code format} parameter. */
    public enum Format {
        CSV("text/csv; charset=UTF-8"),
        XLSX(Uploads.XLSX);

        private final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }

        /** csv or xlsx; anything else is 400 format-unknown. */
        public static Format of(String format) {
            if ("csv".equals(format)) {
                return CSV;
            }
            if ("xlsx".equals(format)) {
                return XLSX;
            }
            throw ApiProblem.badRequest("format-unknown", "format must be csv or xlsx");
        }

        public byte[] write(String sheetName, List<String> header, List<List<String>> rows) {
            return this == CSV ? csv(header, rows) : xlsx(sheetName, header, rows);
        }

        /** The file as a download named {@code baseName}.csv or .xlsx (any characters: RFC 6266 filename*). */
        public Response attachment(byte[] body, String baseName) {
            String name = URLEncoder.encode(baseName + "." + name().toLowerCase(Locale.ROOT), StandardCharsets.UTF_8)
                    .replace("+", "%20");
            return Response.ok(body, mediaType).header("Content-Disposition", "attachment; filename*=UTF-8''" + name)
                    .build();
        }
    }

    public static byte[] csv(List<String> header, List<List<String>> rows) {
        StringBuilder out = new StringBuilder("\uFEFF");
        line(out, header);
        rows.forEach(r -> line(out, r));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] xlsx(String sheetName, List<String> header, List<List<String>> rows) {
        try (SXSSFWorkbook book = new SXSSFWorkbook(100); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = book.createSheet(sheetName);
            write(sheet.createRow(0), header);
            for (int i = 0; i < rows.size(); i++) {
                write(sheet.createRow(i + 1), rows.get(i));
            }
            book.write(out);
            book.dispose();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quote(cells.get(i)));
        }
        out.append("\r\n");
    }

    private static void write(Row row, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            row.createCell(i).setCellValue(cells.get(i) == null ? "" : cells.get(i));
        }
    }

    /** RFC 4180 quoting of a defused cell. */
    static String quote(String v) {
        String s = defuse(v);
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    static String defuse(String v) {
        String s = v == null ? "" : v;
        return !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    }
}
