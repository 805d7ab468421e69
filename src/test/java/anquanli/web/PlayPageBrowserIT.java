package anquanli.web;

import anquanli.Browser;
import anquanli.DysmsapiStandIn;
import anquanli.PackagedService;
import anquanli.PackagedService.Instance;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.net.URLDecoder;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person's paths through the H5 play page in a real browser, against the packaged service with PostgreSQL and
 * Redis: sign in with the code the SMS gateway (a stand-in of Alibaba Cloud's API) carried, fill in the profile with
 * the region pickers, play the daily challenge against its clock, read the review, practise, look at my ranks.
 */
class PlayPageBrowserIT {

    private static final DysmsapiStandIn sms = new DysmsapiStandIn();
    private static PackagedService service;
    private static Instance instance;

    @BeforeAll
    static void start() throws Exception {
        service = PackagedService.fresh("anquanli_it_play", 7);
        sms.start().forEach((k, v) -> service.set("-D" + k, v));
        // The poster's QR code opens this instance's play page.
        service.set("ANQUANLI_ACTIVITY_CHECK_IN_URL", "http://127.0.0.1:18193/play/?checkin=");
        instance = service.start("play", 18193, 19193);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.stopAll();
        }
        sms.stop();
    }

    @Test
    void aNewPlayerSignsInPlaysTheChallengePractisesAndSeesTheirRanks() throws Exception {
        try (Browser b = new Browser("play")) {
            b.open("http://127.0.0.1:" + instance.port() + "/play/");
            String phone = "13700009876";
            b.type(By.id("phone"), phone);
            b.click(By.id("send-code"));
            b.type(By.id("code"), codeSentTo(phone));
            b.screenshot("login");
            b.click(By.id("login"));

            // Profile: province → city → county, each list loaded from the region tree.
            b.type(By.id("display-name"), "李四");
            new Select(b.visible(By.id("identity"))).selectByValue("EMPLOYEE");
            new Select(b.visible(By.id("province"))).selectByValue("11");
            new Select(b.visible(By.id("city"))).selectByValue("1101");
            new Select(b.visible(By.id("county"))).selectByValue("110101");
            b.visible(By.id("town"));
            b.screenshot("profile");
            b.click(By.id("save-profile"));

            // A prize pool whose every spin wins a physical prize, so the claim form can be walked through.
            long campaign = instance.api().when().get("/api/v1/campaigns/current").then().statusCode(200).extract()
                    .jsonPath().getLong("id");
            instance.api().header("Authorization", "Bearer " + service.nationalAdminToken())
                    .contentType(io.restassured.http.ContentType.JSON)
                    .body(Map.of("drawDeadline", java.time.Instant.now().plus(java.time.Duration.ofDays(30)).toString(),
                            "claimDeadline", java.time.Instant.now().plus(java.time.Duration.ofDays(60)).toString(),
                            "totalWeight", 100, "thanksName", "谢谢参与", "tiers", List.of(Map.of("name", "安全帽",
                                    "kind", "PHYSICAL", "amount", 0, "weight", 100, "stock", 50))))
                    .when().post("/api/v1/admin/campaigns/{id}/lottery", campaign).then().statusCode(201);

            // As a phone shows it.
            assertThat(b.overflowAt(390, 844)).isEmpty();
            b.click(By.id("daily"));
            int total = 0;
            while (true) {
                assertThat(b.text(By.id("stem"))).isNotBlank();
                String clock = b.text(By.id("clock"));
                assertThat(Integer.parseInt(clock.replace(" 秒", ""))).isBetween(1, 30);
                if (total == 0) {
                    b.screenshot("question");
                }
                // Every answer right (the key read from the database): 15 right answers earn 3 chances.
                String attempt = service.db().row("select id::text as id from attempt where status = 'IN_PROGRESS' "
                        + "order by started_at desc limit 1").get("id").toString();
                for (String right : service.db().correctOptionIds(attempt, total + 1)) {
                    b.click(By.cssSelector(".option[data-id='" + right + "']"));
                }
                b.click(By.id("submit"));
                assertThat(b.visible(By.id("verdict")).getText()).isEqualTo("回答正确");
                assertThat(b.visible(By.id("feedback")).getText()).contains("解析：");
                if (total == 0) {
                    b.screenshot("feedback");
                }
                total++;
                b.click(By.id("next"));
                if (!b.all(By.id("summary")).isEmpty() || total == 15) {
                    break;
                }
            }
            assertThat(total).isEqualTo(15);
            String summary = b.visible(By.id("summary")).getText();
            assertThat(summary).contains("答对 15 / 15 题").contains("获得 3 次抽奖机会");
            b.screenshot("summary");

            b.click(By.id("review"));
            b.visible(By.cssSelector(".review-item"));
            assertThat(b.all(By.cssSelector(".review-item"))).hasSize(15);
            b.screenshot("review");

            // Practice: a category, ten questions graded at once, nothing counted.
            b.click(By.id("home"));
            b.click(By.id("practice"));
            b.click(By.cssSelector("[data-category='fire']"));
            for (int i = 0; i < 10; i++) {
                b.visible(By.id("stem"));
                assertThat(b.all(By.id("clock"))).isEmpty();
                b.all(By.cssSelector(".option")).get(0).click();
                b.click(By.id("submit"));
                b.visible(By.id("verdict"));
                b.click(By.id("next"));
            }
            assertThat(b.visible(By.id("practice-summary")).getText()).containsPattern("答对 \\d+ / 10 题");
            assertThat(service.db().count("select count(*) from attempt")).isEqualTo(1);

            // The wheel: three chances, three prizes, one claimed with the delivery details.
            b.click(By.id("home"));
            b.click(By.id("lottery"));
            assertThat(b.visible(By.id("chances-left")).getText()).isEqualTo("3");
            for (int left = 2; left >= 0; left--) {
                b.click(By.id("draw"));
                b.waitForText(By.id("chances-left"), Integer.toString(left));
                assertThat(b.visible(By.id("draw-result")).getText()).contains("恭喜获得：安全帽");
            }
            assertThat(b.all(By.cssSelector("#my-prizes .prize"))).hasSize(3);
            b.screenshot("wheel");
            b.click(By.cssSelector("#my-prizes .claim"));
            b.type(By.id("claim-name"), "李四");
            b.type(By.id("claim-phone"), "13700001111");
            b.type(By.id("claim-address"), "北京市东城区东华门街道1号");
            b.click(By.id("submit-claim"));
            assertThat(b.waitForText(By.id("my-prizes"), "已提交领奖信息")).contains("填写领奖信息");
            assertThat(service.db().count("select count(*) from lottery_claim")).isEqualTo(1);
            // Sealed at rest: the name's bytes are nowhere in the stored cipher text.
            assertThat(service.db().count("select count(*) from lottery_claim where position(convert_to('李四', 'UTF8') "
                    + "in name_cipher) > 0 or position(convert_to('13700001111', 'UTF8') in phone_cipher) > 0")).isZero();

            b.click(By.id("home"));
            b.click(By.id("ranks"));
            String ranks = b.visible(By.id("my-ranks")).getText();
            assertThat(ranks).contains("全国").contains("北京市").contains("东城区");
            b.screenshot("ranks");

            // A hazard snapshot, anonymous: a photo from the "camera", the tracking code and its secret shown once,
            // and the progress looked up with them.
            Path photo = Path.of("target", "it-hazard.jpg").toAbsolutePath();
            java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(640, 480,
                    java.awt.image.BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = image.createGraphics();
            g.setPaint(new java.awt.GradientPaint(0, 0, java.awt.Color.ORANGE, 640, 480, java.awt.Color.DARK_GRAY));
            g.fillRect(0, 0, 640, 480);
            g.dispose();
            javax.imageio.ImageIO.write(image, "jpg", photo.toFile());
            b.click(By.id("home"));
            b.click(By.id("hazard"));
            new Select(b.visible(By.id("hz-category"))).selectByValue("GAS");
            b.type(By.id("hz-description"), "小区门口餐馆液化气钢瓶放在厨房过道，旁边堆着纸箱");
            b.visible(By.id("hz-county"));
            b.type(By.id("hz-address"), "东华门街道某路12号");
            b.driver().findElement(By.id("hz-photos")).sendKeys(photo.toString());
            b.click(By.id("hz-anonymous"));
            b.screenshot("hazard-form");
            b.click(By.id("hz-submit"));
            String trackingCode = b.visible(By.id("hz-code")).getText();
            String secret = b.visible(By.id("hz-secret")).getText();
            assertThat(trackingCode).isNotBlank();
            assertThat(secret).isNotBlank();
            b.screenshot("hazard-submitted");
            assertThat(service.db().count("select count(*) from hazard_report where tracking_code = ? "
                    + "and category = 'GAS' and region_code = '110101'", trackingCode)).isEqualTo(1);
            b.click(By.xpath("//button[text()='查询进度']"));
            assertThat(b.waitForText(By.id("track-status"), "已提交")).isEqualTo("已提交");

            // A consultation booth's poster: its QR link opens the page, which checks in once.
            io.restassured.path.json.JsonPath activity = instance.api()
                    .header("Authorization", "Bearer " + service.nationalAdminToken())
                    .contentType(io.restassured.http.ContentType.JSON)
                    .body(Map.of("campaignId", campaign, "name", "6·16 安全宣传咨询日东华门站", "kind", "CONSULTATION",
                            "regionCode", "110101001", "address", "东华门街道广场",
                            "startsAt", java.time.Instant.now().minusSeconds(600).toString(),
                            "endsAt", java.time.Instant.now().plusSeconds(7200).toString()))
                    .when().post("/api/v1/admin/activities").then().statusCode(201).extract().jsonPath();
            String qr = activity.getString("checkInCode.qrText");
            assertThat(qr).startsWith("http://127.0.0.1:18193/play/?checkin=");
            b.open(qr);
            assertThat(b.visible(By.id("checkin-verdict")).getText()).isEqualTo("签到成功");
            b.screenshot("check-in");
            b.open(qr);
            assertThat(b.visible(By.id("checkin-verdict")).getText()).isEqualTo("已签到过，无需重复签到");
            assertThat(service.db().count("select count(*) from check_in")).isEqualTo(1);

            // A second challenge the same day: the page says why, with the problem's own words.
            b.click(By.id("home"));
            b.click(By.id("daily"));
            b.visible(By.id("summary"));
            assertThat(b.error()).isNotBlank();
            assertThat(b.error()).doesNotContain("Exception");
        }
    }

    /** The one-time code in the SendSms request the service made for {@code phone}. */
    private static String codeSentTo(String phone) throws InterruptedException {
        Pattern code = Pattern.compile("\"code\"\\s*:\\s*\"(\\d{6})\"");
        long until = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < until) {
            List<LoggedRequest> requests = DysmsapiStandIn.requests();
            for (LoggedRequest r : requests) {
                String body = URLDecoder.decode(r.getBodyAsString(), StandardCharsets.UTF_8);
                if (body.contains(phone)) {
                    Matcher m = code.matcher(body);
                    if (m.find()) {
                        return m.group(1);
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("No code was sent to " + phone + ": " + Map.of("requests", DysmsapiStandIn.requests().size()));
    }
}
