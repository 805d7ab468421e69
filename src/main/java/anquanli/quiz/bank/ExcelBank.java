package anquanli.quiz.bank;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Question bank workbooks. Each row of the sheet "questions" is turned into the YAML question format and checked by
 * the very same {@link BankParser} rules, so Excel and YAML cannot drift apart; defects are then reported by sheet
 * row instead of YAML line.
 */
public final class ExcelBank {

    public static final String SHEET = "questions";
    public static final List<String> HEADER = List.of("id", "category", "type", "difficulty", "stem", "A", "B", "C",
            "D", "E", "F", "answer", "explanation", "law", "article", "edition");

    private ExcelBank() {
    }

    /** The parse results, one per category present in the sheet, with defects named "questions!row N". */
    public static List<BankParser.FileResult> parse(String fileName, byte[] workbook, Set<String> categories,
                                                    Set<String> idsElsewhere) {
        Sheet sheet;
        List<Map<String, String>> rows = new ArrayList<>();
        List<Integer> rowNumbers = new ArrayList<>();
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(workbook))) {
            sheet = wb.getSheet(SHEET);
            if (sheet == null) {
                return List.of(failure(fileName, "the workbook has no sheet named '" + SHEET + "'"));
            }
            DataFormatter fmt = new DataFormatter(Locale.ROOT);
            Row header = sheet.getRow(sheet.getFirstRowNum());
            List<String> columns = new ArrayList<>();
            for (int c = 0; header != null && c < header.getLastCellNum(); c++) {
                columns.add(header.getCell(c) == null ? "" : fmt.formatCellValue(header.getCell(c)).trim());
            }
            if (!columns.containsAll(List.of("id", "category", "type", "stem", "answer"))) {
                return List.of(failure(fileName, "the first row of '" + SHEET + "' must be the header: "
                        + String.join(", ", HEADER)));
            }
            for (int r = sheet.getFirstRowNum() + 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                if (row == null) {
                    continue;
                }
                Map<String, String> cells = new LinkedHashMap<>();
                for (int c = 0; c < columns.size(); c++) {
                    Cell cell = row.getCell(c);
                    String v = cell == null || cell.getCellType() == CellType.BLANK ? "" : fmt.formatCellValue(cell).trim();
                    cells.put(columns.get(c), v);
                }
                if (cells.values().stream().allMatch(String::isEmpty)) {
                    continue;
                }
                rows.add(cells);
                rowNumbers.add(r + 1);
            }
        } catch (IOException | RuntimeException e) {
            return List.of(failure(fileName, "not a readable Excel workbook (.xlsx)"));
        }
        if (rows.isEmpty()) {
            return List.of(failure(fileName, "the sheet '" + SHEET + "' has no questions"));
        }
        Map<String, List<Integer>> byCategory = new TreeMap<>();
        for (int i = 0; i < rows.size(); i++) {
            byCategory.computeIfAbsent(rows.get(i).getOrDefault("category", ""), k -> new ArrayList<>()).add(i);
        }
        List<BankParser.FileResult> results = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>(idsElsewhere);
        for (Map.Entry<String, List<Integer>> group : byCategory.entrySet()) {
            StringBuilder yaml = new StringBuilder("category: ").append(quote(group.getKey())).append("\nquestions:\n");
            int line = 3;
            List<int[]> blocks = new ArrayList<>(); // {first yaml line, excel row}
            for (int i : group.getValue()) {
                String item = dump(question(rows.get(i)));
                blocks.add(new int[]{line, rowNumbers.get(i)});
                yaml.append(item);
                line += (int) item.lines().count();
            }
            String label = fileName + "#" + group.getKey();
            BankParser.FileResult parsed = BankParser.parse(label, yaml.toString(), categories, ids);
            parsed.questions().forEach(q -> ids.add(q.id()));
            List<BankDefect> defects = parsed.defects().stream()
                    .map(d -> new BankDefect(SHEET, rowOf(blocks, d.line()), d.questionId(), d.message())).toList();
            results.add(new BankParser.FileResult(label, parsed.questions(), defects));
        }
        return results;
    }

    /** The template admins fill in: the header, one example per type, and the rules in Chinese. */
    public static byte[] template() {
        try (org.apache.poi.xssf.usermodel.XSSFWorkbook wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook();
             java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet(SHEET);
            List<List<String>> rows = List.of(HEADER,
                    List.of("fire-901", "fire", "single", "1", "发现火灾应拨打的电话是（ ）。", "110", "119", "120", "122", "",
                            "", "B", "119是火警电话。", "中华人民共和国消防法", "第四十四条", "2021年修正"),
                    List.of("fire-902", "fire", "multiple", "2", "灭火的基本方法有（ ）。", "冷却", "窒息", "隔离", "助燃", "",
                            "", "A,B,C", "冷却、窒息、隔离和化学抑制是灭火的基本方法。", "", "", ""),
                    List.of("fire-903", "fire", "true-false", "1", "电动自行车可以在楼道内充电。", "", "", "", "", "", "",
                            "错误", "楼道是疏散通道，充电起火会堵塞逃生路线。", "", "", ""));
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    row.createCell(c).setCellValue(rows.get(r).get(c));
                }
            }
            Sheet help = wb.createSheet("说明");
            List<String> lines = List.of(
                    "每行一道题；第一行是表头，请勿修改。",
                    "id：题目编号，全库唯一，小写字母、数字和连字符（如 fire-001）；修改已有编号的题目会生成新版本。",
                    "category：题目分类代码，必须是题库已有分类（如 safety-law、fire、emergency）。",
                    "type：single（单选）、multiple（多选）、true-false（判断）。difficulty：1 易、2 中、3 难。",
                    "A–F：选项，按顺序填写；单选至少 2 项，多选至少 3 项；判断题不填选项。",
                    "answer：单选填一个字母；多选用逗号分隔（如 A,C）；判断题填 正确 或 错误。",
                    "explanation：答案解析。law/article/edition：法律依据，如 中华人民共和国安全生产法 / 第五条 / 2021年修正；"
                            + "填写时，法规名称和版本必须是法规登记册（管理台“题库”页的依据列表）已登记的，法律、行政法规、"
                            + "部门规章须写明条款。",
                    "任何一行有错误，整个文件都不会导入，错误会列出所在行。");
            for (int i = 0; i < lines.size(); i++) {
                help.createRow(i).createCell(0).setCellValue(lines.get(i));
            }
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int rowOf(List<int[]> blocks, int yamlLine) {
        int row = blocks.get(0)[1];
        for (int[] b : blocks) {
            if (b[0] <= yamlLine) {
                row = b[1];
            }
        }
        return row;
    }

    /** One row as the YAML question mapping; values the parser will reject are passed through as written. */
    private static Map<String, Object> question(Map<String, String> c) {
        Map<String, Object> q = new LinkedHashMap<>();
        put(q, "id", c.get("id"));
        String type = c.getOrDefault("type", "").toLowerCase(Locale.ROOT);
        put(q, "type", type);
        String difficulty = c.getOrDefault("difficulty", "");
        q.put("difficulty", difficulty.matches("\\d+") ? (Object) Integer.parseInt(difficulty) : difficulty);
        put(q, "stem", c.get("stem"));
        if (!type.equals("true-false")) {
            Map<String, String> options = new LinkedHashMap<>();
            for (String key : List.of("A", "B", "C", "D", "E", "F")) {
                String text = c.getOrDefault(key, "");
                if (!text.isEmpty()) {
                    options.put(key, text);
                }
            }
            q.put("options", options);
        }
        String answer = c.getOrDefault("answer", "");
        switch (type) {
            case "true-false" -> q.put("answer", switch (answer.toLowerCase(Locale.ROOT)) {
                case "true", "正确", "对", "√" -> (Object) Boolean.TRUE;
                case "false", "错误", "错", "×" -> (Object) Boolean.FALSE;
                default -> answer;
            });
            case "multiple" -> q.put("answer", Arrays.stream(answer.split("[,，、\\s]+"))
                    .filter(s -> !s.isEmpty()).map(s -> s.toUpperCase(Locale.ROOT)).toList());
            default -> q.put("answer", answer.toUpperCase(Locale.ROOT));
        }
        put(q, "explanation", c.get("explanation"));
        if (!c.getOrDefault("law", "").isEmpty()) {
            Map<String, String> ref = new LinkedHashMap<>();
            ref.put("law", c.get("law"));
            if (!c.getOrDefault("article", "").isEmpty()) {
                ref.put("article", c.get("article"));
            }
            if (!c.getOrDefault("edition", "").isEmpty()) {
                ref.put("edition", c.get("edition"));
            }
            q.put("reference", ref);
        }
        return q;
    }

    private static void put(Map<String, Object> q, String key, String value) {
        if (value != null && !value.isEmpty()) {
            q.put(key, value);
        }
    }

    private static String dump(Map<String, Object> question) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setAllowUnicode(true);
        o.setWidth(10_000);
        return new Yaml(o).dump(List.of(question));
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static BankParser.FileResult failure(String file, String message) {
        return new BankParser.FileResult(file, List.of(), List.of(new BankDefect(file, 1, null, message)));
    }
}
