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

    private static io.restassured.response.ValidatableResponse status(long campaign, String status) {
        return national().contentType(ContentType.JSON).body(Map.of("status", status))
                .when().post("/api/v1/admin/campaigns/{id}/status", campaign).then();
    }

    private static io.restassured.response.ValidatableResponse enable(String id, boolean enabled) {
        return national().contentType(ContentType.JSON).body(Map.of("enabled", enabled))
                .when().put("/api/v1/admin/questions/{id}/enabled", id).then();
    }

    private static Map<String, Object> campaign(String code, String from, String to) {
        Map<String, Object> rules = new HashMap<>(Map.of("attemptsPerDay", 1, "questionsPerAttempt", 5,
                "secondsPerQuestion", 30, "correctPerChance", 5, "chancesPerDayCap", 3, "pointsPerCorrect", 10,
                "perfectBonus", 0, "categoryMix", Map.of("fire", 5)));
        return Map.of("code", code, "name", "法规时效测试", "startDate", from, "endDate", to, "rules", rules);
    }

    /**
     * A law of this test, in force today and replaced from 2027-06-15 (registered straight into the table: the
     * shipped register has no edition replaced inside a future campaign), so that a question citing it may be played
     * now but not through June 2027.
     */
    @Test
    void aQuestionWhoseBasisLapsesInACampaignIsFlaggedAndKeptOutOfItsPlay() {
        String cat = category();
        String law = "测试安全法" + cat;
        db.update("insert into law_edition (title, edition, level, in_force, superseded_by_title, superseded_by_edition, "
                + "superseded_from) values (?, '2020年', '法律', date '2020-01-01', ?, '2027年修订', date '2027-06-15')",
                law, law);
        db.update("insert into law_edition (title, edition, level, in_force) values (?, '2027年修订', '法律', "
                + "date '2027-06-15')", law);
        String old = cat + "-old";
        String later = cat + "-later";
        upload(question(cat, old, law, "2020年")).statusCode(200);
        long campaign = national().contentType(ContentType.JSON).body(campaign("law-" + cat, "2027-06-01", "2027-06-30"))
                .when().post("/api/v1/admin/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");
        try {
            // On the campaign's days the 2020 edition lapses (from 2027-06-15); today it is in force.
            national().queryParam("campaign", campaign).queryParam("law", law)
                    .when().get("/api/v1/admin/questions").then().statusCode(200)
                    .body("lawWindow.from", equalTo("2027-06-01"))
                    .body("items.find { it.id == '" + old + "' }.lawStatus", equalTo("SUPERSEDED"))
                    .body("items.find { it.id == '" + old + "' }.supersededBy.edition", equalTo("2027年修订"))
                    .body("items.find { it.id == '" + old + "' }.supersededBy.from", equalTo("2027-06-15"))
                    .body("items.find { it.id == '" + old + "' }.reference.article", equalTo("第六十条"));
            national().queryParam("law", law).when().get("/api/v1/admin/questions").then().statusCode(200)
                    .body("items.find { it.id == '" + old + "' }.lawStatus", equalTo("IN_FORCE"));
            List<String> flagged = national().queryParam("campaign", campaign).queryParam("notInForce", true)
                    .when().get("/api/v1/admin/questions?limit=200").then().statusCode(200)
                    .body("items.lawStatus", everyItem(org.hamcrest.Matchers.not("IN_FORCE")))
                    .extract().jsonPath().getList("items.id");
            assertThat(flagged).contains(old);

            status(campaign, "ACTIVE").statusCode(409).body("code", equalTo("questions-cite-laws-not-in-force"))
                    .body("questions.find { it.id == '" + old + "' }.status", equalTo("SUPERSEDED"));
            assertThat(db.count("select count(*) from campaign where id = ? and status = 'DRAFT'", campaign)).isEqualTo(1);
            enable(old, false).statusCode(200);
            status(campaign, "ACTIVE").statusCode(200).body("status", equalTo("ACTIVE"));

            // While it runs, the question cannot come back, and no upload can bring in another like it.
            enable(old, true).statusCode(409).body("code", equalTo("questions-cite-laws-not-in-force"))
                    .body("questions[0].campaign", equalTo("law-" + cat));
            assertThat(db.count("select count(*) from question where id = ? and enabled", old)).isZero();
            upload(question(cat, later, law, "2020年")).statusCode(409)
                    .body("code", equalTo("questions-cite-laws-not-in-force"));
            assertThat(db.count("select count(*) from question where id = ?", later)).isZero();

            // Ending the campaign before the lapse lets the question back; moving the end past it again is refused.
            national().contentType(ContentType.JSON).body(campaign("law-" + cat, "2027-06-01", "2027-06-14"))
                    .when().put("/api/v1/admin/campaigns/{id}", campaign).then().statusCode(200);
            enable(old, true).statusCode(200);
            national().contentType(ContentType.JSON).body(campaign("law-" + cat, "2027-06-01", "2027-06-30"))
                    .when().put("/api/v1/admin/campaigns/{id}", campaign).then().statusCode(409)
                    .body("code", equalTo("questions-cite-laws-not-in-force"));
            assertThat(db.count("select count(*) from campaign where id = ? and end_date = date '2027-06-14'", campaign))
                    .isEqualTo(1);
        } finally {
            status(campaign, "CLOSED");
            // Left enabled, it would block other tests' campaigns running into the lapse.
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
