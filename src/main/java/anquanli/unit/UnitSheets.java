package anquanli.unit;

import anquanli.common.ApiProblem;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads unit lists from CSV (UTF-8, with or without BOM) or Excel: columns name, regionCode, creditCode, kind. */
public final class UnitSheets {

    public static final List<String> HEADER = List.of("name", "regionCode", "creditCode", "kind");

    private UnitSheets() {
    }

    public static List<UnitAdminService.Draft> csv(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<List<String>> rows = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            rows.add(cells(line));
        }
        return drafts(rows);
    }

    public static List<UnitAdminService.Draft> xlsx(byte[] body) {
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(body))) {
            Sheet sheet = wb.getSheetAt(0);
            DataFormatter fmt = new DataFormatter(Locale.ROOT);
            List<List<String>> rows = new ArrayList<>();
            for (int r = 0; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < HEADER.size(); c++) {
                    cells.add(row == null || row.getCell(c) == null ? "" : fmt.formatCellValue(row.getCell(c)).trim());
                }
                rows.add(cells);
            }
            return drafts(rows);
        } catch (IOException | RuntimeException e) {
            throw ApiProblem.badRequest("upload-unreadable", "Not a readable Excel workbook (.xlsx)");
        }
    }

    public static byte[] template() {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet("units");
            List<List<String>> rows = List.of(HEADER,
                    List.of("东城区示例科技有限公司", "110101", "91110101MA00000005", "ENTERPRISE"),
                    List.of("东华门街道社区卫生服务中心", "110101001", "", "INSTITUTION"));
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    row.createCell(c).setCellValue(rows.get(r).get(c));
                }
            }
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<UnitAdminService.Draft> drafts(List<List<String>> rows) {
        if (rows.isEmpty() || !rows.get(0).stream().map(String::trim).toList().containsAll(List.of("name", "regionCode"))) {
            throw ApiProblem.badRequest("upload-header", "The first row must be the header: " + String.join(",", HEADER));
        }
        List<String> header = rows.get(0).stream().map(String::trim).toList();
        List<UnitAdminService.Draft> drafts = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            List<String> r = rows.get(i);
            if (r.stream().allMatch(String::isBlank)) {
                continue;
            }
            drafts.add(new UnitAdminService.Draft(i + 1, cell(r, header, "name"), cell(r, header, "regionCode"),
                    cell(r, header, "creditCode"), cell(r, header, "kind")));
        }
        return drafts;
    }

    private static String cell(List<String> row, List<String> header, String column) {
        int i = header.indexOf(column);
        return i < 0 || i >= row.size() ? null : row.get(i).trim();
    }

    /** One CSV line: commas separate, double quotes enclose, "" is a quote. */
    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
