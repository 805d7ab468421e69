package anquanli.web;

import anquanli.Browser;
import anquanli.KeycloakServer;
import anquanli.PackagedService;
import anquanli.PackagedService.Instance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admins in the console, in a real browser: signed in through the real Keycloak's pages (authorization code with
 * PKCE, the demo password changed at the first sign-in as the realm requires), the boards of their region with
 * charts, drilling down, the progress report and its download, signing out.
 */
class ConsoleBrowserIT {

    private static KeycloakServer keycloak;
    private static PackagedService service;
    private static Instance instance;

    @BeforeAll
    static void start() throws Exception {
        keycloak = KeycloakServer.start();
        service = PackagedService.fresh("anquanli_it_console", 7).adminsFrom(keycloak.realmUrl());
        instance = service.start("console", 18194, 19194);
        keycloak.allowConsoleOrigin("http://127.0.0.1:18194");
        // A reporting round for the whole country, opened by a national office's admin of the tests' own.
        keycloak.createUser("it-national", "national-admin", null, "it-national-pass-1");
        String national = keycloak.userTokens("it-national", "it-national-pass-1").then().statusCode(200).extract()
                .path("access_token");
        long campaign = instance.api().when().get("/api/v1/campaigns/current").then().statusCode(200).extract()
                .jsonPath().getLong("id");
        instance.api().header("Authorization", "Bearer " + national).contentType(io.restassured.http.ContentType.JSON)
                .body(java.util.Map.of("campaignId", campaign, "title", "6月8日进展情况",
                        "deadline", java.time.Instant.now().plus(java.time.Duration.ofDays(3)).toString()))
                .when().post("/api/v1/admin/report-rounds").then().statusCode(201);
        // Some play to look at: two participants in 东城区 (Beijing), one in 南京市玄武区 (Jiangsu).
        for (String region : new String[]{"110101", "110101", "320102"}) {
            service.playThrough(instance, service.participant(instance, region));
        }
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.stopAll();
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }

    /** Keycloak's sign-in form, reached from the console's login button. */
    private void keycloakForm(Browser b, String username, String password) {
        b.open("http://127.0.0.1:" + instance.port() + "/console/");
        b.click(By.id("login"));
        b.type(By.id("username"), username);
        b.type(By.id("password"), password);
    }

    /** A user with a password set for good: straight to the console after Keycloak's form. */
    private void signIn(Browser b, String username, String password) {
        keycloakForm(b, username, password);
        b.click(By.id("kc-login"));
        b.waitForText(By.id("who"), username);
    }

    private void signIn(Browser b, String username) throws Exception {
        keycloakForm(b, username, "change-me-" + username);
        b.screenshot("keycloak-sign-in");
        b.click(By.id("kc-login"));
        // The demo password is temporary: Keycloak asks for a new one first.
        b.type(By.id("password-new"), username + "-Pass-2027");
        b.type(By.id("password-confirm"), username + "-Pass-2027");
        b.screenshot("keycloak-update-password");
        b.click(By.cssSelector("[type=submit]"));
    }

    @Test
    void aNationalAdminSeesTheCountryDrillsIntoAProvinceAndDownloadsTheReport() throws Exception {
        try (Browser b = new Browser("console-national")) {
            signIn(b, "national-admin");
            assertThat(b.waitForText(By.id("who"), "national-admin")).contains("全国");
            String board = b.waitForText(By.id("region-board"), "北京市");
            assertThat(board).contains("江苏省");
            assertThat(b.visible(By.cssSelector("#region-chart svg"))).isNotNull();
            assertThat(b.visible(By.cssSelector("#trend-chart svg"))).isNotNull();
            b.screenshot("boards");

            b.click(By.linkText("北京市"));
            assertThat(b.waitForText(By.id("breadcrumb"), "北京市")).contains("全国");
            assertThat(b.waitForText(By.id("region-board"), "市辖区")).doesNotContain("江苏省");
            b.screenshot("boards-beijing");

            // The report opens at the region the boards were showing; the breadcrumb goes back up to the country.
            b.click(By.cssSelector("a[data-page=report]"));
            assertThat(b.waitForText(By.cssSelector("[data-section=competition]"), "市辖区")).contains("合计");
            b.click(By.linkText("全国"));
            String report = b.waitForText(By.cssSelector("[data-section=competition]"), "北京市");
            assertThat(report).contains("江苏省").contains("合计");
            b.screenshot("report");
            b.click(By.id("download-xlsx"));
            Path xlsx = b.downloaded(".xlsx");
            byte[] head = Files.readAllBytes(xlsx);
            assertThat(head[0]).isEqualTo((byte) 'P');
            assertThat(head[1]).isEqualTo((byte) 'K');
            assertThat(b.error()).isEmpty();

            // Activities with their live counts, and a poster to print.
            String token = keycloak.userTokens("it-national", "it-national-pass-1").then().statusCode(200)
                    .extract().path("access_token");
            long campaign = instance.api().when().get("/api/v1/campaigns/current").then().statusCode(200).extract()
                    .jsonPath().getLong("id");
            instance.api().header("Authorization", "Bearer " + token).contentType(io.restassured.http.ContentType.JSON)
                    .body(java.util.Map.of("campaignId", campaign, "name", "警示教育片放映", "kind", "WARNING_FILM",
                            "regionCode", "110101", "address", "东城区文化馆",
                            "startsAt", java.time.Instant.now().plusSeconds(3600).toString(),
                            "endsAt", java.time.Instant.now().plusSeconds(7200).toString()))
                    .when().post("/api/v1/admin/activities").then().statusCode(201);
            b.click(By.cssSelector("a[data-page=activities]"));
            assertThat(b.waitForText(By.id("activities"), "警示教育片放映")).contains("东城区");
            b.screenshot("activities");
            b.click(By.cssSelector("#activities .poster"));
            assertThat(Files.readString(b.downloaded(".pdf"), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .startsWith("%PDF");

            b.click(By.cssSelector("a[data-page=rounds]"));
            assertThat(b.waitForText(By.id("rounds"), "6月8日进展情况")).contains("全国");

            b.click(By.id("logout"));
            b.visible(By.id("login"));
        }
    }

    @Test
    void aCountyAdminSeesTheirCountyOnly() throws Exception {
        try (Browser b = new Browser("console-county")) {
            signIn(b, "dongcheng-county-admin");
            assertThat(b.waitForText(By.id("who"), "东城区")).contains("dongcheng-county-admin");
            String breadcrumb = b.visible(By.id("breadcrumb")).getText();
            assertThat(breadcrumb).contains("东城区").doesNotContain("全国");
            String board = b.visible(By.id("region-board")).getText();
            assertThat(board).doesNotContain("江苏省").doesNotContain("北京市");
            b.screenshot("boards-county");
            // On a tablet, upright: the page fits.
            List<String> overflow = b.overflowAt(820, 1180);
            b.screenshot("boards-county-tablet");
            assertThat(overflow).isEmpty();
            b.click(By.cssSelector("a[data-page=report]"));
            assertThat(b.waitForText(By.cssSelector("[data-section=competition]"), "合计")).doesNotContain("玄武区");
            assertThat(b.error()).isEmpty();

            // The county's 进展情况统计表: a count typed in, saved as a draft, then submitted, after which it is locked.
            b.click(By.cssSelector("a[data-page=rounds]"));
            b.click(By.linkText("6月8日进展情况"));
            org.openqa.selenium.WebElement count = b.visible(By.cssSelector("input[type=number][data-field]"));
            String field = count.getAttribute("data-field");
            count.sendKeys("6");
            b.click(By.id("save-round"));
            assertThat(b.waitForText(By.id("round-status"), "草稿")).isEqualTo("草稿");
            b.click(By.id("submit-round"));
            b.driver().switchTo().alert().accept();
            assertThat(b.waitForText(By.id("round-status"), "已报送")).isEqualTo("已报送");
            assertThat(b.visible(By.cssSelector("input[data-field='" + field + "']")).isEnabled()).isFalse();
            assertThat(b.visible(By.cssSelector("input[data-field='" + field + "']")).getAttribute("value")).isEqualTo("6");
            b.screenshot("round-submitted");
            b.click(By.linkText("返回列表"));
            assertThat(b.waitForText(By.id("rounds"), "6月8日进展情况")).isNotEmpty();
            assertThat(b.visible(By.id("view")).getText()).doesNotContain("null");
            assertThat(b.error()).isEmpty();
        }
    }

    @Test
    void theNationalOfficeManagesTheBankTheCampaignsAndThePrizes() throws Exception {
        keycloak.createUser("it-office", "national-admin", null, "it-office-Pass-1");
        try (Browser b = new Browser("console-office")) {
            signIn(b, "it-office", "it-office-Pass-1");

            // A file with a defect is refused whole, each defect shown with its line.
            b.click(By.cssSelector("a[data-page=questions]"));
            b.visible(By.id("bank-file")).sendKeys(bankFile("it-upload-bad.yaml", "E").toString());
            b.click(By.id("bank-upload"));
            assertThat(b.waitForText(By.id("bank-defects"), "it-upload-001")).contains("it-upload-bad.yaml:");
            assertThat(b.error()).isNotEmpty();
            b.screenshot("bank-defects");
            assertThat(service.db().count("select count(*) from question where id = 'it-upload-001'")).isZero();
            // The corrected file goes in; the question is found by its id and switched off.
            b.visible(By.id("bank-file")).sendKeys(bankFile("it-upload.yaml", "B").toString());
            b.click(By.id("bank-upload"));
            assertThat(b.waitForText(By.id("bank-result"), "已导入")).contains("it-upload.yaml");
            b.type(By.id("filter-q"), "it-upload\n");
            assertThat(b.waitForText(By.cssSelector("[data-question='it-upload-001']"), "停用"))
                    .contains("中华人民共和国消防法（2021年修正）第四十四条");
            b.click(By.cssSelector("[data-question='it-upload-001'] .toggle"));
            b.waitForText(By.cssSelector("[data-question='it-upload-001']"), "已停用");
            assertThat(service.db().count("select count(*) from question where id = 'it-upload-001' and not enabled"))
                    .isEqualTo(1);
            b.screenshot("bank-list");

            // A draft campaign: a mix that does not add up is refused with the problem's words, then saved and
            // cancelled.
            b.click(By.cssSelector("a[data-page=campaigns]"));
            b.click(By.id("new-campaign"));
            b.type(By.name("code"), "it-draft-2027");
            b.type(By.name("name"), "测试用草稿活动");
            setValue(b, "input[name=startDate]", "2027-06-01");
            setValue(b, "input[name=endDate]", "2027-06-30");
            for (var mix : b.all(By.cssSelector("input[name^=mix-]"))) {
                mix.clear();
                mix.sendKeys("0");
            }
            b.type(By.name("mix-fire"), "14");
            b.click(By.id("save-campaign"));
            // The refusal arrives a moment after the click: wait for the banner rather than read it at once.
            assertThat(b.waitForText(By.id("error"), "categoryMix")).contains("questionsPerAttempt");
            b.type(By.name("mix-fire"), "15");
            assertThat(b.waitForText(By.id("mix-sum"), "15 / 15")).isNotEmpty();
            b.click(By.id("save-campaign"));
            String row = b.waitForText(By.id("campaigns"), "测试用草稿活动");
            assertThat(row).contains("草稿");
            b.click(By.xpath("//tr[contains(., '测试用草稿活动')]//button[contains(@class, 'close')]"));
            b.driver().switchTo().alert().accept();
            b.waitForText(By.xpath("//tr[contains(., '测试用草稿活动')]"), "已结束");
            b.screenshot("campaigns");

            // The prize pool, set up in the page (every spin wins the first tier here), then a winner's claim
            // shipped.
            b.click(By.cssSelector("a[data-page=lottery]"));
            b.type(By.cssSelector("#pool-form tbody tr:first-child input[name=weight]"), "1000000");
            b.type(By.cssSelector("#pool-form tbody tr:nth-child(2) input[name=weight]"), "0");
            setValue(b, "#pool-form input[type=datetime-local]", "2027-12-31T20:00");
            setValue(b, "#pool-form label:nth-of-type(2) input[type=datetime-local]", "2028-01-31T20:00");
            b.click(By.id("create-pool"));
            assertThat(b.waitForText(By.id("tiers"), "安全应急包")).contains("500");
            b.click(By.cssSelector("#tiers tr[data-tier] .add-stock"));
            b.driver().switchTo().alert().sendKeys("20");
            b.driver().switchTo().alert().accept();
            b.waitForText(By.id("tiers"), "520");
            b.click(By.id("reconcile"));
            b.waitForText(By.id("reconcile-result"), "一致");

            String winner = service.participant(instance, "110101");
            service.playThrough(instance, winner);
            long campaign = instance.api().when().get("/api/v1/campaigns/current").then().statusCode(200).extract()
                    .jsonPath().getLong("id");
            String drawId = instance.api().header("Authorization", "Bearer " + winner)
                    .contentType(io.restassured.http.ContentType.JSON)
                    .body(java.util.Map.of("requestId", java.util.UUID.randomUUID().toString()))
                    .when().post("/api/v1/campaigns/{id}/draws", campaign).then().statusCode(201).extract().path("id");
            instance.api().header("Authorization", "Bearer " + winner).contentType(io.restassured.http.ContentType.JSON)
                    .body(java.util.Map.of("name", "王领奖", "phone", "13912345678", "address", "北京市东城区某街道1号"))
                    .when().put("/api/v1/draws/{id}/claim", drawId).then().statusCode(200);
            b.driver().navigate().refresh();
            b.waitForText(By.cssSelector("[data-draw='" + drawId + "']"), "已登记");
            b.click(By.cssSelector("[data-draw='" + drawId + "'] .fulfil[data-step=SHIPPED]"));
            b.driver().switchTo().alert().sendKeys("顺丰速运");
            b.driver().switchTo().alert().accept();
            b.driver().switchTo().alert().sendKeys("SF1234567890");
            b.driver().switchTo().alert().accept();
            assertThat(b.waitForText(By.cssSelector("[data-draw='" + drawId + "']"), "已发货")).contains("SF1234567890");
            b.screenshot("lottery");
            assertThat(b.overflowAt(1024, 768)).isEmpty();
        }
    }

    @Test
    void aHazardOfficerTriagesAReportAndLooksUpTheReporterWithAReason() throws Exception {
        String reporter = service.participant(instance, "110101");
        Path photo = Path.of("target", "it-console-hazard.jpg").toAbsolutePath();
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(320, 240,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        javax.imageio.ImageIO.write(image, "jpg", photo.toFile());
        String report = "{\"category\":\"GAS\",\"description\":\"饭店后厨液化气钢瓶放在灶台旁\",\"regionCode\":\"110101001\","
                + "\"anonymous\":false,\"reporterName\":\"赵吹哨\",\"gpsConsent\":false,\"reporterWorksThere\":false,"
                + "\"lat\":39.915,\"lng\":116.41,\"coordinateSystem\":\"GCJ02\"}";
        String tracking = instance.api().header("Authorization", "Bearer " + reporter)
                .contentType(io.restassured.http.ContentType.MULTIPART)
                .multiPart(new io.restassured.builder.MultiPartSpecBuilder(report).controlName("report")
                        .mimeType("application/json").charset("UTF-8").build())
                .multiPart("photos", photo.toFile(), "image/jpeg")
                .when().post("/api/v1/hazard-reports").then().statusCode(201).extract().path("trackingCode");

        try (Browser b = new Browser("console-officer")) {
            signIn(b, "dongcheng-hazard-officer");
            // Hazard officers start at the reports of their county, with the located ones plotted.
            b.waitForText(By.id("hazards"), tracking);
            assertThat(b.visible(By.cssSelector("#hazard-map svg"))).isNotNull();
            b.click(By.linkText(tracking));
            assertThat(b.waitForText(By.id("hazard-summary"), "液化气钢瓶")).contains("待受理");
            // The photo comes through the token-guarded endpoint as an image the browser decoded.
            b.until(d -> (Boolean) ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                    "const i = document.querySelector('#hazard-photos img'); return !!i && i.naturalWidth > 0;"));
            new org.openqa.selenium.support.ui.Select(b.visible(By.id("transition-to"))).selectByValue("ACCEPTED");
            b.type(By.id("transition-public"), "已受理，将在60日内核查处理");
            b.click(By.id("transition-go"));
            assertThat(b.waitForText(By.id("hazard-state"), "已受理")).isNotEmpty();
            assertThat(b.waitForText(By.id("hazard-timeline"), "已受理")).contains("将在60日内核查处理");

            // Looking at who reported takes a reason, recorded before the name is shown.
            b.type(By.id("reveal-reason"), "需要联系举报人确认钢瓶位置");
            b.click(By.id("reveal"));
            assertThat(b.waitForText(By.id("reveal-result"), "赵吹哨")).isNotEmpty();
            assertThat(service.db().count("select count(*) from hazard_identity_reveal where reason = ?",
                    "需要联系举报人确认钢瓶位置")).isEqualTo(1);
            b.screenshot("hazard-triage");
            // Parts of a page left out for a role leave nothing behind (they once showed as the word "null").
            assertThat(b.visible(By.id("view")).getText()).doesNotContain("null");
            assertThat(b.overflowAt(820, 1180)).isEmpty();
        }
    }

    /** A one-question upload in the bank's format; {@code answer} E is not an option. */
    private static Path bankFile(String name, String answer) throws java.io.IOException {
        Path file = Path.of("target", name).toAbsolutePath();
        Files.writeString(file, """
                category: fire
                questions:
                  - id: it-upload-001
                    type: single
                    difficulty: 1
                    stem: 测试上传：发现火灾应当拨打的电话是（ ）。
                    options:
                      A: "110"
                      B: "119"
                    answer: %s
                    explanation: 119是火警电话。
                    reference:
                      law: 中华人民共和国消防法
                      article: 第四十四条
                      edition: 2021年修正
                """.formatted(answer));
        return file;
    }

    /** Date inputs take their value from script: typing into them depends on the browser's locale. */
    private static void setValue(Browser b, String css, String value) {
        ((org.openqa.selenium.JavascriptExecutor) b.driver()).executeScript(
                "const e = document.querySelector(arguments[0]); e.value = arguments[1];"
                        + "e.dispatchEvent(new Event('input', {bubbles: true}));"
                        + "e.dispatchEvent(new Event('change', {bubbles: true}));", css, value);
    }
}
