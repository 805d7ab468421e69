package anquanli.lottery;

import anquanli.lottery.LotteryAdminService.ClaimRow;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Claims for prize fulfilment (发奖), as CSV (UTF-8 with BOM, so Excel opens the Chinese right) or XLSX. */
final class ClaimExport {

    static final List<String> HEADER = List.of("draw_seq", "draw_id", "drawn_at", "prize_rank", "prize", "kind",
            "amount", "participant_id", "region_code", "status", "name", "phone", "address", "submitted_at",
            "carrier", "tracking", "fulfilled_at", "fulfilled_by", "fulfilment_note");

    private ClaimExport() {
    }

    static List<String> cells(ClaimRow r) {
        return List.of(Long.toString(r.seq()), r.drawId().toString(), r.drawnAt().toString(),
                r.prize().rank() == null ? "" : r.prize().rank().toString(), r.prize().name(), r.prize().kind().name(),
                Integer.toString(r.prize().amount()), Long.toString(r.participantId()), text(r.regionCode()),
                r.status().name(), text(r.name()), text(r.phone()), text(r.address()),
                r.submittedAt() == null ? "" : r.submittedAt().toString(), text(r.carrier()), text(r.tracking()),
                r.fulfilledAt() == null ? "" : r.fulfilledAt().toString(), text(r.fulfilledBy()),
                text(r.fulfilmentNote()));
    }

    static byte[] csv(List<ClaimRow> rows) {
        StringBuilder out = new StringBuilder("\uFEFF");
        out.append(String.join(",", HEADER)).append("\r\n");
        for (ClaimRow r : rows) {
            out.append(String.join(",", cells(r).stream().map(ClaimExport::quote).toList())).append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] xlsx(List<ClaimRow> rows) {
        try (SXSSFWorkbook book = new SXSSFWorkbook(100); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = book.createSheet("claims");
            write(sheet.createRow(0), HEADER);
            for (int i = 0; i < rows.size(); i++) {
                write(sheet.createRow(i + 1), cells(rows.get(i)));
            }
            book.write(out);
            book.dispose();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Row row, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            row.createCell(i).setCellValue(cells.get(i));
        }
    }

    /** RFC 4180 quoting; a leading =, +, - or @ is defused so a spreadsheet never runs a winner's text as a formula. */
    private static String quote(String v) {
        String s = !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String text(String v) {
        return v == null ? "" : v;
    }
}
