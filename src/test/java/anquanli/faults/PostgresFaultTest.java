package anquanli.faults;

import anquanli.Api;
import anquanli.Db;
import anquanli.LogCapture;
import anquanli.Play;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static anquanli.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL crashes while people answer: requests answer 503 with Retry-After (never 500), quickly; the outage is
 * logged once, not per request; readiness goes down and comes back by itself; and every answer the service
 * acknowledged before, during or after the crash is still there once PostgreSQL has recovered.
 */
@QuarkusTest
@TestProfile(PostgresFaultTest.OwnPostgres.class)
class PostgresFaultTest {

    public static class OwnPostgres implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PrivatePostgres.class));
        }
    }

    @Inject
    Play play;
    @Inject
    Db db;

    @Test
    void aCrashAnswers503LogsOnceAndLosesNothingAcknowledged() throws Exception {
        long c = play.shortCampaign(100);
        List<Api.Session> players = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            players.add(Api.player("320102", null));
        }
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        LogCapture capture = LogCapture.start();
        long end = System.currentTimeMillis() + 14_000;
        ExecutorService pool = Executors.newFixedThreadPool(players.size());
        try {
            List<Future<?>> work = new ArrayList<>();
            for (Api.Session s : players) {
                work.add(pool.submit(() -> {
                    while (System.currentTimeMillis() < end) {
                        playTolerantly(s, c, end, acknowledged, statuses);
                    }
                    return null;
                }));
            }
            Thread.sleep(3_000);
            PrivatePostgres.crash();
            Thread.sleep(500);
            Api.management().when().get("/q/health/ready").then().statusCode(503);
            Thread.sleep(3_000);
            PrivatePostgres.startPostgres();
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            capture.close();
        }

        assertThat(statuses.keySet()).as("statuses seen").doesNotContain(500).contains(503);
        assertThat(statuses.keySet()).allMatch(s -> s == 200 || s == 201 || s == 503, "only 200, 201 and 503");
        List<String> warnings = capture.lines().stream().map(LogCapture.Line::toString).toList();
        List<String> outageLines = warnings.stream().filter(w -> w.contains("PostgreSQL unavailable")).toList();
        assertThat(outageLines).hasSizeBetween(1, 2);
        assertThat(warnings).noneMatch(w -> w.contains("Unhandled error"));
        System.out.printf("PostgresFaultTest: statuses %s, %d attempts acknowledged, all in the ledger%n", statuses,
                acknowledged.size());
        assertThat(acknowledged).isNotEmpty();
        for (String attemptId : acknowledged) {
            assertThat(db.count("select count(*) from points_ledger where attempt_id = ?::uuid", attemptId))
                    .as("ledger row of acknowledged attempt " + attemptId).isEqualTo(1);
        }
        long until = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < until) {
            Response r = Api.management().when().get("/q/health/ready");
            if (r.statusCode() == 200) {
                break;
            }
            Thread.sleep(200);
        }
        Api.management().when().get("/q/health/ready").then().statusCode(200);
        assertThat(db.count("select sum(attempts) from competition_rollup where campaign_id = ? and region_code = 'CN'",
                c)).isEqualTo(db.count("select count(*) from points_ledger where campaign_id = ?", c));
    }

    /** Plays one attempt; a 503 is retried after a pause, as the app does (answers are idempotent). */
    private void playTolerantly(Api.Session s, long c, long end, Set<String> acknowledged,
                                Map<Integer, Integer> statuses) throws InterruptedException {
        Response start = as(s).when().post("/api/v1/campaigns/{id}/attempts", c);
        statuses.merge(start.statusCode(), 1, Integer::sum);
        if (start.statusCode() != 201) {
            Thread.sleep(200);
            return;
        }
        String id = start.jsonPath().getString("id");
        for (int i = 1; i <= 5 && System.currentTimeMillis() < end + 20_000; ) {
            Response q = as(s).when().get("/api/v1/attempts/{id}/questions/current", id);
            statuses.merge(q.statusCode(), 1, Integer::sum);
            if (q.statusCode() != 200) {
                Thread.sleep(200);
                continue;
            }
            Set<String> correct;
            try {
                correct = db.correctOptionIds(id, i);
            } catch (RuntimeException databaseDown) {
                Thread.sleep(200);
                continue;
            }
            Response a = as(s).contentType("application/json").body(new Play.AnswerBody(i, List.copyOf(correct)))
                    .when().post("/api/v1/attempts/{id}/answers", id);
            statuses.merge(a.statusCode(), 1, Integer::sum);
            if (a.statusCode() == 200) {
                if (i == 5) {
                    acknowledged.add(id);
                }
                i++;
            } else {
                Thread.sleep(200);
            }
        }
    }
}
