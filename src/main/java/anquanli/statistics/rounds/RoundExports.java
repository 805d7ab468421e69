package anquanli.statistics.rounds;

import anquanli.common.Spreadsheets;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A round's table as the offices exchange it: XLSX in the official layout (the title; 填报单位, 联系人, 电话, 填报日期;
 * the columns 活动项目 / 内容要求 / 进展情况 with the blanks filled, section by section), and CSV of the region and
 * each of its children side by side, one row per blank, for the office above.
 */
final class RoundExports {

    static final List<String> COLUMNS = List.of("活动项目", "内容要求", "进展情况");

    private RoundExports() {
    }

    /** Who filled in the table, as its head shows it. */
    record Head(String title, String unit, String contact, String phone, LocalDate date) {
    }

    static byte[] xlsx(Head head, List<RoundViews.Section> sections) {
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = book.createSheet("进展情况统计表");
            CellStyle title = style(book, true, 16, false);
            CellStyle bold = style(book, true, 11, true);
            CellStyle cell = style(book, false, 11, true);
            sheet.setColumnWidth(0, 24 * 256);
            sheet.setColumnWidth(1, 48 * 256);
            sheet.setColumnWidth(2, 60 * 256);
            int r = 0;
            Row t = sheet.createRow(r++);
            t.setHeightInPoints(28);
            t.createCell(0).setCellValue(head.title());
            t.getCell(0).setCellStyle(title);
            sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, 2));
            Row who = sheet.createRow(r++);
            who.createCell(0).setCellValue("填报单位：" + head.unit());
            who.createCell(1).setCellValue("联系人：" + nullToEmpty(head.contact()));
            who.createCell(2).setCellValue("电话：" + nullToEmpty(head.phone()));
            Row when = sheet.createRow(r++);
            when.createCell(0).setCellValue("填报日期：" + head.date().getYear() + "年" + head.date().getMonthValue()
                    + "月" + head.date().getDayOfMonth() + "日");
            Row columns = sheet.createRow(r++);
            for (int c = 0; c < COLUMNS.size(); c++) {
                columns.createCell(c).setCellValue(COLUMNS.get(c));
                columns.getCell(c).setCellStyle(bold);
            }
            for (RoundViews.Section s : sections) {
                Row sectionRow = sheet.createRow(r);
                sectionRow.createCell(0).setCellValue(s.title());
                sectionRow.getCell(0).setCellStyle(bold);
                sectionRow.createCell(1).setCellStyle(bold);
                sectionRow.createCell(2).setCellStyle(bold);
                sheet.addMergedRegion(new CellRangeAddress(r, r, 0, 2));
                r++;
                for (RoundViews.Line l : s.lines()) {
                    Row line = sheet.createRow(r++);
                    String[] values = {l.item(), l.requirement(), l.progress()};
                    for (int c = 0; c < values.length; c++) {
                        line.createCell(c).setCellValue(values[c]);
                        line.getCell(c).setCellStyle(cell);
                    }
                }
            }
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One row per blank: its section, item and unit, then the region's value and each child's ({@code columns}:
     * heading → that table's sections, the region first).
     */
    static byte[] csv(Map<String, List<RoundViews.Section>> columns) {
        List<String> header = new ArrayList<>(List.of("栏目", "活动项目", "填报项", "单位"));
        header.addAll(columns.keySet());
        List<List<String>> rows = new ArrayList<>();
        List<RoundViews.Section> first = columns.values().iterator().next();
        for (int s = 0; s < first.size(); s++) {
            for (int l = 0; l < first.get(s).lines().size(); l++) {
                RoundViews.Line line = first.get(s).lines().get(l);
                for (int f = 0; f < line.fields().size(); f++) {
                    RoundViews.Field field = line.fields().get(f);
                    List<String> row = new ArrayList<>(List.of(first.get(s).title(), line.item(), field.id(),
                            field.unit() == null ? "" : field.unit()));
                    for (List<RoundViews.Section> table : columns.values()) {
                        row.add(value(table.get(s).lines().get(l).fields().get(f)));
                    }
                    rows.add(row);
                }
            }
        }
        return Spreadsheets.csv(header, rows);
    }


    private static String value(RoundViews.Field f) {
        return switch (f.type()) {
            case TEXT -> f.texts().stream().map(t -> (t.region() == null ? "" : "【" + t.region().name() + "】")
                    + t.text()).collect(Collectors.joining("；"));
            case YES_NO, COUNT -> f.total() == null ? "" : f.total().toString();
        };
    }

    private static CellStyle style(XSSFWorkbook book, boolean bold, int size, boolean bordered) {
        CellStyle s = book.createCellStyle();
        Font font = book.createFont();
        font.setBold(bold);
        font.setFontHeightInPoints((short) size);
        s.setFont(font);
        s.setWrapText(true);
        s.setVerticalAlignment(VerticalAlignment.CENTER);
        if (!bordered) {
            s.setAlignment(HorizontalAlignment.CENTER);
        } else {
            s.setBorderTop(BorderStyle.THIN);
            s.setBorderBottom(BorderStyle.THIN);
            s.setBorderLeft(BorderStyle.THIN);
            s.setBorderRight(BorderStyle.THIN);
        }
        return s;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
