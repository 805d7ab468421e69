package anquanli.quiz.campaign;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** A campaign and its rules, as read from the database. Immutable; a change of rules is a new instance. */
public record Campaign(long id, String code, String name, LocalDate startDate, LocalDate endDate, Status status,
                       Rules rules) {

    public enum Status { DRAFT, ACTIVE, CLOSED }

    /**
     * 每天可挑战答题1次，最多答15题，每答对5题可获得1次抽奖机会 (2021 notice); the wheel could be spun at most 3 times a day.
     */
    public record Rules(int attemptsPerDay, int questionsPerAttempt, int secondsPerQuestion, int correctPerChance,
                        int chancesPerDayCap, int pointsPerCorrect, int perfectBonus, Map<String, Integer> categoryMix) {
    }

    /** The rules as stored with an attempt (JSON), so it is scored by the rules it started under. */
    public static JsonObject rulesJson(Rules rules) {
        return JsonObject.mapFrom(rules);
    }

    // Every attempt row carries its rules as JSON, and there are only a few distinct rule sets: each is mapped once,
    // keyed by its text (the mapping showed in the answer path's profile). Bounded, in case rules were edited very
    // many times.
    private static final Map<String, Rules> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

    public static Rules rulesOf(String json) {
        if (json == null) {
            return null;
        }
        Rules cached = PARSED.get(json);
        if (cached != null) {
            return cached;
        }
        Rules rules = new JsonObject(json).mapTo(Rules.class);
        if (PARSED.size() < 1000) {
            PARSED.put(json, rules);
        }
        return rules;
    }

    public boolean openOn(LocalDate day) {
        return status == Status.ACTIVE && !day.isBefore(startDate) && !day.isAfter(endDate);
    }

    public static Campaign of(Row r) {
        Map<String, Integer> mix = new LinkedHashMap<>();
        JsonObject json = (JsonObject) r.getValue("category_mix");
        json.fieldNames().stream().sorted().forEach(k -> mix.put(k, json.getInteger(k)));
        return new Campaign(r.getLong("id"), r.getString("code"), r.getString("name"),
                r.getLocalDate("start_date"), r.getLocalDate("end_date"), Status.valueOf(r.getString("status")),
                new Rules(r.getShort("attempts_per_day"), r.getShort("questions_per_attempt"),
                        r.getShort("seconds_per_question"), r.getShort("correct_per_chance"),
                        r.getShort("chances_per_day_cap"), r.getInteger("points_per_correct"),
                        r.getInteger("perfect_bonus"), Map.copyOf(mix)));
    }
}
