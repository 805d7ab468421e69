package anquanli.faults;

import anquanli.Db;
import anquanli.PackagedService;
import anquanli.PackagedService.Instance;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the packaged service (the runnable jar this build made) on one database and one Redis, as in a
 * deployment: one is SIGKILLed in the middle of an attempt, and the participant carries on through the other with
 * nothing lost or counted twice; when Redis loses the boards, both instances notice and exactly one rebuilds them.
 * Runs after the jar is built (failsafe, {@code verify}), on a schema and Redis database of its own.
 */
class ServiceInstancesIT {

    private static final int REDIS_DB = 7;
    private static PackagedService service;
    private static Db db;

    @BeforeAll
    static void freshSchemaAndRedis() throws Exception {
        // Every instance checks the boards every 2 s, so the flush below is noticed within the test.
        service = PackagedService.fresh("anquanli_it", REDIS_DB).set("ANQUANLI_LEADERBOARD_CHECK_INTERVAL", "2s");
        db = service.db();
    }

    @AfterAll
    static void stopAll() {
        service.stopAll();
    }

    private static Instance start(String name, int port, int managementPort) throws Exception {
        return service.start(name, port, managementPort);
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor()).as(String.join(" ", command)).isZero();
    }

    private static String participant(Instance via) {
        return service.participant(via, "320102");
    }

    private static void answer(Instance via, String token, String attempt, int index) {
        service.answer(via, token, attempt, index);
    }

    private static long rebuilds(List<Instance> of, long campaign) throws java.io.IOException {
        long n = 0;
        for (Instance i : of) {
            n += i.logText().lines().filter(l -> l.contains("Leaderboards of campaign " + campaign + " rebuilt"))
                    .count();
        }
        return n;
    }

    @Test
    void anInstanceKilledMidAttemptLosesNothingAndScheduledWorkRunsOnce() throws Exception {
        Instance a = start("a", 18181, 19181);
        Instance b = start("b", 18182, 19182);
        long campaign = b.api().when().get("/api/v1/campaigns/current").then().statusCode(200).extract().jsonPath()
                .getLong("id");

        String token = participant(a);
        String attempt = a.api().header("Authorization", "Bearer " + token).when()
                .post("/api/v1/campaigns/{id}/attempts", campaign).then().statusCode(201).extract().jsonPath()
                .getString("id");
        for (int i = 1; i <= 7; i++) {
            answer(a, token, attempt, i);
        }

        a.process().destroyForcibly().waitFor();

        // The participant carries on through the other instance, at the question after the last acknowledged one.
        JsonPath current = b.api().header("Authorization", "Bearer " + token).when()
                .get("/api/v1/attempts/{id}/questions/current", attempt).then().statusCode(200).extract().jsonPath();
        assertThat(current.getInt("index")).isEqualTo(8);
        int total = current.getInt("total");
        for (int i = 8; i <= total; i++) {
            answer(b, token, attempt, i);
        }
        b.api().header("Authorization", "Bearer " + token).when().get("/api/v1/attempts/{id}", attempt).then()
                .statusCode(200);

        assertThat(db.count("select answered_count from attempt where id = ?::uuid", attempt)).isEqualTo(total);
        assertThat(db.count("select count(*) from points_ledger where attempt_id = ?::uuid", attempt)).isEqualTo(1);
        assertThat(db.count("select sum(attempts) from competition_rollup where campaign_id = ? "
                + "and region_code = 'CN'", campaign)).isEqualTo(1);

        // Redis loses the boards while two instances run: each checks, one rebuilds.
        Instance c = start("c", 18183, 19183);
        long before = rebuilds(List.of(b, c), campaign);
        run("redis-cli", "-n", Integer.toString(REDIS_DB), "flushdb");
        long until = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < until && b.api().when()
                .get("/api/v1/campaigns/{id}/leaderboards/participants", campaign).statusCode() != 200) {
            Thread.sleep(200);
        }
        b.api().when().get("/api/v1/campaigns/{id}/leaderboards/participants", campaign).then().statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.equalTo(1));
        Thread.sleep(5_000);
        assertThat(rebuilds(List.of(b, c), campaign) - before).as("rebuilds after the flush, over both instances")
                .isEqualTo(1);
        assertThat(db.count("select count(*) from board_outbox")).isZero();
    }
}
