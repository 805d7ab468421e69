package anquanli.quiz.attempt;

import anquanli.common.ApiProblem;
import anquanli.quiz.bank.BankQuestion;
import anquanli.quiz.bank.QuestionContent;
import anquanli.quiz.bank.QuestionType;
import anquanli.quiz.campaign.Campaign;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Option order, opaque option ids, grading and scoring: pure rules, no I/O. */
public final class Grading {

    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final Random IDS = new SecureRandom();

    private Grading() {
    }

    /** One option as shown in an attempt: an opaque id (no hint of the key), the bank key it stands for. */
    public record ShownOption(String id, String key) {
    }

    /**
     * Choice options are shuffled for each attempt; true/false keeps 正确 before 错误. Ids are random per attempt,
     * so they tell nothing about which option is right and cannot be reused across attempts.
     */
    public static List<ShownOption> present(QuestionContent q, Random random) {
        List<String> keys = new ArrayList<>();
        if (q.type() == QuestionType.TRUE_FALSE) {
            keys.add(BankQuestion.TRUE);
            keys.add(BankQuestion.FALSE);
        } else {
            q.options().forEach(o -> keys.add(o.key()));
            Collections.shuffle(keys, random);
        }
        Set<String> used = new HashSet<>();
        List<ShownOption> shown = new ArrayList<>(keys.size());
        for (String key : keys) {
            String id;
            do {
                id = randomId();
            } while (!used.add(id));
            shown.add(new ShownOption(id, key));
        }
        return shown;
    }

    public static String text(QuestionContent q, String key) {
        if (BankQuestion.TRUE.equals(key)) {
            return "正确";
        }
        if (BankQuestion.FALSE.equals(key)) {
            return "错误";
        }
        return q.options().stream().filter(o -> o.key().equals(key)).findFirst().orElseThrow().text();
    }

    /** Exact match: a multiple-choice answer is right only when it selects all the right options and no other. */
    public static boolean correct(QuestionContent q, List<ShownOption> shown, Set<String> selectedIds) {
        Set<String> selectedKeys = new HashSet<>();
        for (ShownOption o : shown) {
            if (selectedIds.contains(o.id())) {
                selectedKeys.add(o.key());
            }
        }
        return selectedKeys.equals(new HashSet<>(q.answer()));
    }

    /**
     * The selection must name options of this question as shown, each once: exactly one for single choice and
     * true/false, at least one for multiple choice. A refusal is a 400 {@code option-invalid}.
     */
    public static void validateSelection(QuestionContent q, List<ShownOption> shown, List<String> optionIds) {
        Set<String> known = new HashSet<>();
        shown.forEach(o -> known.add(o.id()));
        if (new HashSet<>(optionIds).size() != optionIds.size()) {
            throw ApiProblem.badRequest("option-invalid", "optionIds lists an option twice");
        }
        for (String id : optionIds) {
            if (!known.contains(id)) {
                throw ApiProblem.badRequest("option-invalid", "optionIds contains " + id
                        + ", which is not an option of this question");
            }
        }
        if (optionIds.isEmpty() || (q.type() != QuestionType.MULTIPLE && optionIds.size() != 1)) {
            throw ApiProblem.badRequest("option-invalid", q.type() == QuestionType.MULTIPLE
                    ? "Select at least one option" : "Select exactly one option");
        }
    }

    public static List<String> correctIds(QuestionContent q, List<ShownOption> shown) {
        return shown.stream().filter(o -> q.answer().contains(o.key())).map(ShownOption::id).toList();
    }

    /** Points for a finished attempt: per correct answer, plus the bonus for a perfect attempt. */
    public static int points(Campaign.Rules rules, int correct, int questionCount) {
        return correct * rules.pointsPerCorrect() + (correct == questionCount ? rules.perfectBonus() : 0);
    }

    /**
     * 每答对5题可获得1次抽奖机会: the chances an attempt earns before the day's cap, which spans the participant's
     * attempts that day and is applied by the statement that closes the attempt ({@link AttemptRepository#close}).
     */
    public static int chancesEarned(Campaign.Rules rules, int correct) {
        return correct / rules.correctPerChance();
    }

    /**
     * Eight characters from one draw of the secure generator (31^8 is far below 2^63, so the digits of one random
     * number are as good as eight draws, and the generator, shared by every request, is taken once per id).
     */
    private static String randomId() {
        long n = IDS.nextLong() >>> 1;
        char[] c = new char[8];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALPHABET.charAt((int) (n % ALPHABET.length()));
            n /= ALPHABET.length();
        }
        return new String(c);
    }
}
