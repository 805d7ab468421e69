package anquanli.statistics;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The progress report as the spreadsheets offices file upward: CSV (UTF-8 with BOM, for Excel) and XLSX. */
public final class ReportExports {

    private ReportExports() {
    }

    public static String title(StatisticsService.Report r) {
        return r.campaignName() + "进展情况统计表（" + (r.region() == null ? "全国" : r.region().name()) + "，"
                + r.from() + "至" + r.to() + "）";
    }

    public static byte[] csv(StatisticsService.Report r) {
        StringBuilder sb = new StringBuilder("\uFEFF");
        line(sb, List.of(title(r)));
        for (StatisticsService.SectionView s : r.sections()) {
            sb.append('\n');
            line(sb, List.of(s.title()));
            List<String> header = new ArrayList<>(List.of("地区", "代码"));
            s.columns().forEach(c -> header.add(c.title()));
            line(sb, header);
            for (StatisticsService.RowView row : s.rows()) {
                line(sb, cells(row.label(), row.region() == null ? "" : row.region().code(), s, row.values()));
            }
            line(sb, cells("合计", r.region() == null ? "" : r.region().code(), s, s.total()));
            sb.append('\n');
            line(sb, List.of(s.title() + "（每日）"));
            List<String> dayHeader = new ArrayList<>(List.of("日期"));
            s.columns().forEach(c -> dayHeader.add(c.title()));
            line(sb, dayHeader);
            for (StatisticsSection.Day d : s.daily()) {
                List<String> cells = new ArrayList<>(List.of(d.day().toString()));
                s.columns().forEach(c -> cells.add(String.valueOf(d.values().get(c.key()))));
                line(sb, cells);
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] xlsx(StatisticsService.Report r) {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            CellStyle bold = wb.createCellStyle();
            Font font = wb.createFont();
            font.setBold(true);
            bold.setFont(font);
            for (StatisticsService.SectionView s : r.sections()) {
                Sheet sheet = wb.createSheet(s.title());
                int n = 0;
                cell(sheet.createRow(n++), 0, title(r), bold);
                Row header = sheet.createRow(n++);
                cell(header, 0, "地区", bold);
                cell(header, 1, "代码", bold);
                for (int i = 0; i < s.columns().size(); i++) {
                    cell(header, i + 2, s.columns().get(i).title(), bold);
                }
                for (StatisticsService.RowView row : s.rows()) {
                    n = valuesRow(sheet, n, row.label(), row.region() == null ? "" : row.region().code(), s,
                            row.values(), null);
                }
                valuesRow(sheet, n, "合计", r.region() == null ? "" : r.region().code(), s, s.total(), bold);
                sheet.setColumnWidth(0, 20 * 256);
                Sheet daily = wb.createSheet(s.title() + "（每日）");
                Row dh = daily.createRow(0);
                cell(dh, 0, "日期", bold);
                for (int i = 0; i < s.columns().size(); i++) {
                    cell(dh, i + 1, s.columns().get(i).title(), bold);
                }
                int d = 1;
                for (StatisticsSection.Day day : s.daily()) {
                    Row row = daily.createRow(d++);
                    cell(row, 0, day.day().toString(), null);
                    for (int i = 0; i < s.columns().size(); i++) {
                        row.createCell(i + 1).setCellValue(day.values().get(s.columns().get(i).key()).doubleValue());
                    }
                }
            }
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int valuesRow(Sheet sheet, int n, String label, String code, StatisticsService.SectionView s,
                                 java.util.Map<String, Number> values, CellStyle style) {
        Row row = sheet.createRow(n);
        cell(row, 0, label, style);
        cell(row, 1, code, style);
        for (int i = 0; i < s.columns().size(); i++) {
            row.createCell(i + 2).setCellValue(values.get(s.columns().get(i).key()).doubleValue());
        }
        return n + 1;
    }

    private static void cell(Row row, int col, String value, CellStyle style) {
        Cell c = row.createCell(col);
        c.setCellValue(value);
        if (style != null) {
            c.setCellStyle(style);
        }
    }

    private static List<String> cells(String label, String code, StatisticsService.SectionView s,
                                      java.util.Map<String, Number> values) {
        List<String> cells = new ArrayList<>(List.of(label, code));
        s.columns().forEach(c -> cells.add(String.valueOf(values.get(c.key()))));
        return cells;
    }

    private static void line(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String c = cells.get(i);
            if (c.contains(",") || c.contains("\"") || c.contains("\n")) {
                sb.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(c);
            }
        }
        sb.append("\r\n");
    }
}
