package anquanli.quiz.bank;

import anquanli.AdminTokens;
import anquanli.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static anquanli.Api.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * The law register at work: uploads cite registered editions, the admin list says which questions cite a provision
 * not in force on a campaign's days, and such a campaign cannot be activated until they are switched off.
 */
@QuarkusTest
class LawCurrencyTest {

    @Inject
    Db db;

    private static RequestSpecification national() {
        return BankFixtures.national();
    }

    private String category() {
        return BankFixtures.category(db);
    }

    private static String question(String category, String id, String law, String edition) {
        return """
                category: %s
                questions:
                  - id: %s
                    type: true-false
                    difficulty: 1
                    stem: 测试题：%s
                    answer: true
                    explanation: 测试解析。
                    reference:
                      law: %s
                      article: 第六十条
                      edition: %s
                """.formatted(category, id, UUID.randomUUID(), law, edition);
    }

    private static io.restassured.response.ValidatableResponse upload(String yaml) {
        return national().contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/admin/question-bank/imports").then();
    }

    @Test
    void anUploadCitingAnEditionNotInTheRegisterIsRefused() {
        String cat = category();
        upload(question(cat, cat + "-x", "中华人民共和国突发事件应对法", "2030年修订")).statusCode(422)
                .body("code", equalTo("question-bank-invalid"))
                .body("defects[0]", startsWith("upload.yaml:3: question " + cat + "-x: reference 中华人民共和国突发事件应对法（2030年修订） "
                        + "is not in the law register"));
        assertThat(db.count("select count(*) from question where id = ?", cat + "-x")).isZero();
    }

    @Test
    void aQuestionCitingASupersededEditionIsFlaggedAndBlocksActivationUntilSwitchedOff() {
        String cat = category();
        String old = cat + "-old";
        String current = cat + "-new";
        upload(question(cat, old, "中华人民共和国突发事件应对法", "2007年通过")).statusCode(200);
        upload(question(cat, current, "中华人民共和国突发事件应对法", "2024年修订")).statusCode(200);
        try {
            Map<String, Object> rules = new HashMap<>(Map.of("attemptsPerDay", 1, "questionsPerAttempt", 5,
                    "secondsPerQuestion", 30, "correctPerChance", 5, "chancesPerDayCap", 3, "pointsPerCorrect", 10,
                    "perfectBonus", 0, "categoryMix", Map.of("fire", 5)));
            long campaign = national().contentType(ContentType.JSON).body(Map.of("code", "law-" + cat, "name", "法规时效测试",
                            "startDate", "2027-06-01", "endDate", "2027-06-30", "rules", rules))
                    .when().post("/api/v1/admin/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");

            // On the campaign's days the 2007 edition has been replaced (from 2024-11-01); the 2024 one is in force.
            national().queryParam("campaign", campaign).queryParam("law", "中华人民共和国突发事件应对法").queryParam("q", cat)
                    .when().get("/api/v1/admin/questions").then().statusCode(200)
                    .body("lawWindow.from", equalTo("2027-06-01"))
                    .body("items.find { it.id == '" + old + "' }.lawStatus", equalTo("SUPERSEDED"))
                    .body("items.find { it.id == '" + old + "' }.supersededBy.edition", equalTo("2024年修订"))
                    .body("items.find { it.id == '" + old + "' }.supersededBy.from", equalTo("2024-11-01"))
                    .body("items.find { it.id == '" + current + "' }.lawStatus", equalTo("IN_FORCE"))
                    .body("items.find { it.id == '" + current + "' }.reference.article", equalTo("第六十条"));
            List<String> flagged = national().queryParam("campaign", campaign).queryParam("notInForce", true)
                    .when().get("/api/v1/admin/questions?limit=200").then().statusCode(200)
                    .body("items.lawStatus", everyItem(org.hamcrest.Matchers.not("IN_FORCE")))
                    .extract().jsonPath().getList("items.id");
            assertThat(flagged).contains(old).doesNotContain(current);

            national().contentType(ContentType.JSON).body(Map.of("status", "ACTIVE"))
                    .when().post("/api/v1/admin/campaigns/{id}/status", campaign).then().statusCode(409)
                    .body("code", equalTo("questions-cite-laws-not-in-force"))
                    .body("questions.id", hasItem(old))
                    .body("questions.find { it.id == '" + old + "' }.status", equalTo("SUPERSEDED"));
            assertThat(db.count("select count(*) from campaign where id = ? and status = 'DRAFT'", campaign)).isEqualTo(1);

            national().contentType(ContentType.JSON).body(Map.of("enabled", false))
                    .when().put("/api/v1/admin/questions/{id}/enabled", old).then().statusCode(200);
            national().contentType(ContentType.JSON).body(Map.of("status", "ACTIVE"))
                    .when().post("/api/v1/admin/campaigns/{id}/status", campaign).then().statusCode(200)
                    .body("status", equalTo("ACTIVE"));
            national().contentType(ContentType.JSON).body(Map.of("status", "CLOSED"))
                    .when().post("/api/v1/admin/campaigns/{id}/status", campaign).then().statusCode(200);
        } finally {
            // Left enabled, it would block every other test's activation.
            db.update("update question set enabled = false where id = ?", old);
        }
    }

    @Test
    void theRegisterIsListedWithWhatCitesEachEdition() {
        national().when().get("/api/v1/admin/laws").then().statusCode(200)
                .body("find { it.title == '中华人民共和国突发事件应对法' && it.edition == '2007年通过' }.statusToday",
                        equalTo("SUPERSEDED"))
                .body("find { it.title == '中华人民共和国安全生产法' && it.edition == '2021年修正' }.statusToday",
                        equalTo("IN_FORCE"))
                .body("find { it.title == '中华人民共和国安全生产法' && it.edition == '2021年修正' }.enabledQuestions",
                        org.hamcrest.Matchers.greaterThan(30));
        api().header("Authorization", "Bearer " + AdminTokens.region("110101")).when().get("/api/v1/admin/laws")
                .then().statusCode(403);
    }
}
