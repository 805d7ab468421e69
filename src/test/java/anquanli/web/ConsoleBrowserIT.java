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
            b.click(By.cssSelector("a[data-page=report]"));
            assertThat(b.waitForText(By.cssSelector("[data-section=competition]"), "合计")).doesNotContain("玄武区");
            assertThat(b.error()).isEmpty();
        }
    }
}
