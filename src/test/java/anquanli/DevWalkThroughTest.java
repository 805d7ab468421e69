package anquanli;

import anquanli.lottery.DemoLotteryPool;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first run, as a newcomer does it: the walk-through script plays a whole daily challenge against the
 * service and spends the chances it earned on the demo prize pool.
 */
@QuarkusTest
class DevWalkThroughTest {

    @Inject
    Db db;
    @Inject
    DemoLotteryPool demoPool;

    @Test
    void theWalkThroughScriptPlaysAChallengeAndSpendsItsChances() throws Exception {
        demoPool.ensure();
        demoPool.ensure();
        long campaign = Api.currentCampaignId();
        assertThat(db.count("select count(*) from lottery_tier where campaign_id = ?", campaign)).isEqualTo(3);

        String phone = Api.newPhone();
        ProcessBuilder pb = new ProcessBuilder("src/main/dev/play.sh", phone).redirectErrorStream(true);
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        pb.environment().putAll(Map.of("BASE", "http://localhost:" + port, "CODE", Api.FIXED_CODE,
                "ANSWER", "random"));
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();

        long participant = Long.parseLong(out.lines().filter(l -> l.startsWith("Signed in as participant "))
                .findFirst().orElseThrow().replaceAll("Signed in as participant (\\d+);.*", "$1"));
        Map<String, Object> attempt = db.row("select status, answered_count, lottery_chances from attempt "
                + "where participant_id = ? and campaign_id = ?", participant, campaign);
        assertThat(attempt.get("status")).isEqualTo("FINISHED");
        assertThat(attempt.get("answered_count")).isEqualTo(15);
        assertThat(out).contains("Finished: ").contains("Q15/15");
        // Every chance earned was spent on the wheel.
        int chances = ((Number) attempt.get("lottery_chances")).intValue();
        assertThat(db.count("select count(*) from lottery_draw where participant_id = ? and campaign_id = ?",
                participant, campaign)).isEqualTo(chances);
        assertThat(out.lines().filter(l -> l.startsWith("Wheel: ")).count()).isEqualTo(chances);
    }
}
