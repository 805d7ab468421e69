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

    private void signIn(Browser b, String username) throws Exception {
        b.open("http://127.0.0.1:" + instance.port() + "/console/");
        b.click(By.id("login"));
        b.type(By.id("username"), username);
        b.type(By.id("password"), "change-me-" + username);
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
            assertThat(b.error()).isEmpty();
        }
    }
}
