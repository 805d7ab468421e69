package anquanli.lottery;

import anquanli.PlanProbe;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read of the draws' states (chances, an earlier draw with the same request id, the participant's region) runs
 * in every draw transaction and must run on PostgreSQL's generic plan once prepared: on custom plans, planning took
 * three times its execution. The probe fills copies of the three tables it reads to 20,000 participants with three
 * chances and one draw each; at that size, without its {@code limit}, the statement stayed on custom plans (checked
 * by removing it).
 */
@QuarkusTest
class DrawStatePlanTest {

    private static final String FILL = """
            create table plan_probe.participant (like participant including all);
            create table plan_probe.lottery_chance (like lottery_chance including all);
            create table plan_probe.lottery_draw (like lottery_draw including all);
            insert into plan_probe.participant (id, phone_hash, phone_cipher, phone_masked, region_code)
              select g, int8send(g), int8send(g), '138****0000', '110101' from generate_series(1, 20000) g;
            insert into plan_probe.lottery_chance (id, campaign_id, participant_id, delta, created_at)
              select g, 1, 1 + g % 20000, 1, now() from generate_series(1, 60000) g;
            insert into plan_probe.lottery_draw (id, campaign_id, participant_id, request_id, seq, drawn_at, local_day)
              select gen_random_uuid(), 1, g, gen_random_uuid(), g, now(), current_date
              from generate_series(1, 20000) g;
            analyze plan_probe.participant, plan_probe.lottery_chance, plan_probe.lottery_draw;
            """;

    @Inject
    AgroalDataSource ds;

    @Test
    void theDrawStateReadRunsOnTheGenericPlanAfterFiveExecutions() {
        String args = "'{1}', '{42}', array['" + UUID.randomUUID() + "']::uuid[], 1";
        List<String> plans = PlanProbe.plans(ds, FILL, LotteryRepository.DRAW_STATES,
                "bigint[], bigint[], uuid[], int8", args, 6);

        assertThat(plans.get(0)).as("the first executions are planned for their values").doesNotContain("unnest($1");
        assertThat(plans.get(5)).as("then the generic plan is kept").contains("unnest($1");
    }
}
