package anquanli.bench;

import anquanli.quiz.campaign.CampaignRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the benchmark harness working: seeds a small campaign with the generator and drives each scenario for a few
 * seconds at a low rate against the test instance. Checks that it runs without errors — never how fast.
 */
@QuarkusTest
class BenchmarkSmokeTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.management.test-port")
    int managementPort;
    @Inject
    CampaignRepository campaigns;

    @Test
    void harnessSeedsAndDrivesEveryScenario() throws Exception {
        long[] seeded = BenchSeed.seed(jdbcUrl, 300, 1);
        campaigns.reload().await().atMost(Duration.ofSeconds(10));
        LoadDriver driver = new LoadDriver("localhost", RestAssured.port, 16);
        try {
            LoadDriver.Result answers = driver.answers(seeded[0], seeded[1], seeded[2], 30, 4);
            assertThat(answers.errors()).as("errors %s", answers.errorKinds()).isZero();
            assertThat(answers.answers()).isPositive();
            assertThat(answers.latencyMillis()).containsKeys("start", "current", "answer", "summary");
            // The service runs in this JVM here, so its time is the driver's; PostgreSQL's processes are found by name.
            assertThat(answers.cpuSeconds()).containsKey("postgres");
            assertThat(answers.cpuSeconds().get("driver")).isPositive();

            LoadDriver.Result boards = driver.boards(seeded[0], seeded[1], seeded[2], 30, 2);
            assertThat(boards.errors()).as("errors %s", boards.errorKinds()).isZero();
            assertThat(boards.requests()).isEqualTo(60);

            LoadDriver.Result draws = driver.draws(seeded[0], seeded[1], seeded[2], 30, 2, BenchSeed.CHANCES_EACH);
            assertThat(draws.errors()).as("errors %s", draws.errorKinds()).isZero();
            assertThat(draws.answers()).as("draws recorded").isEqualTo(60);
            assertThat(draws.latencyMillis()).containsKeys("chances", "draw");

            // The progress report beside answers, by participants who have not played yet today.
            LoadDriver.Result statistics = driver.statistics(seeded[0], seeded[1] + 100, seeded[2], 30, 3, 2, "11",
                    "110105", anquanli.AdminTokens.national());
            assertThat(statistics.errors()).as("errors %s", statistics.errorKinds()).isZero();
            assertThat(statistics.latencyMillis()).containsKeys("statisticsNational", "statisticsProvince",
                    "statisticsCounty", "answer");

            LoadDriver.Result trivial = driver.trivial(managementPort, 50, 1);
            assertThat(trivial.errors()).isZero();
        } finally {
            driver.close();
        }
    }

    @Test
    void harnessDrivesReportsWithPhotosAndABurstBesideTheAnswers() throws Exception {
        long[] seeded = BenchSeed.seed(jdbcUrl, 100, 1);
        campaigns.reload().await().atMost(Duration.ofSeconds(10));
        List<Path> photos = BenchPhotos.write(Path.of("target/bench-smoke-photos"), 2, 200_000, 1024, 768);
        assertThat(Files.size(photos.get(0))).isBetween(194_000L, 206_000L);
        LoadDriver driver = new LoadDriver("localhost", RestAssured.port, 16);
        try {
            LoadDriver.Result reports = driver.reports(2, 1, photos.subList(0, 1));
            assertThat(reports.errors()).as("errors %s", reports.errorKinds()).isZero();
            assertThat(reports.uploads().reports()).isEqualTo(2);
            assertThat(reports.uploads().photoBytes()).isEqualTo(2 * Files.size(photos.get(0)));
            assertThat(reports.latencyMillis().get("report").get("count")).isEqualTo(2.0);

            LoadDriver.Result burst = driver.reportBurst(3, photos, seeded[0], seeded[1], seeded[2], 30, 3);
            assertThat(burst.errors()).as("errors %s", burst.errorKinds()).isZero();
            assertThat(burst.uploads().reports()).isEqualTo(3);
            assertThat(burst.uploads().photoBytes()).isEqualTo(3 * (Files.size(photos.get(0))
                    + Files.size(photos.get(1))));
            assertThat(burst.answers()).as("answers beside the burst").isPositive();
            assertThat(burst.latencyMillis()).containsKeys("start", "current", "answer", "summary", "report");
            assertThat(burst.latencyMillis().get("report").get("count")).isEqualTo(3.0);
            // The answers' latencies are kept apart from the uploads' seconds.
            assertThat(burst.latencyMillis().get("all").get("count"))
                    .isEqualTo(burst.requests() - burst.latencyMillis().get("report").get("count"));
        } finally {
            driver.close();
        }
    }
}
