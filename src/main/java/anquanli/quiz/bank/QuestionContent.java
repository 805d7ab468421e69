package anquanli.quiz.bank;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;

import java.util.ArrayList;
import java.util.List;

/** One version of a question as stored: what an attempt shows and grades against. Immutable. */
public record QuestionContent(String id, int version, QuestionType type, String category, int difficulty,
                              String stem, List<BankQuestion.Option> options, List<String> answer,
                              String explanation, BankQuestion.LegalRef reference) {

    public static final String VERSION_COLUMNS = "v.question_id, v.version, v.type, v.category, v.difficulty, v.stem, "
            + "v.options, v.answer, v.explanation, v.legal_ref";

    public static QuestionContent of(Row r) {
        List<BankQuestion.Option> options = new ArrayList<>();
        JsonArray opts = (JsonArray) r.getValue("options");
        for (int i = 0; i < opts.size(); i++) {
            JsonObject o = opts.getJsonObject(i);
            options.add(new BankQuestion.Option(o.getString("key"), o.getString("text")));
        }
        List<String> answer = new ArrayList<>();
        ((JsonArray) r.getValue("answer")).forEach(a -> answer.add((String) a));
        return new QuestionContent(r.getString("question_id"), r.getInteger("version"),
                QuestionType.valueOf(r.getString("type")), r.getString("category"), r.getShort("difficulty"),
                r.getString("stem"), List.copyOf(options), List.copyOf(answer), r.getString("explanation"),
                reference(r.getValue("legal_ref")));
    }

    /** The stored legal_ref column ({@code {"law", "article", "edition"}}), or null. */
    public static BankQuestion.LegalRef reference(Object column) {
        return column instanceof JsonObject j
                ? new BankQuestion.LegalRef(j.getString("law"), j.getString("article"), j.getString("edition")) : null;
    }

    public String key() {
        return id + "#" + version;
    }
}
