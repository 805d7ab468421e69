package anquanli.quiz.attempt;

import anquanli.PlanProbe;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answer write must run on PostgreSQL's generic plan once prepared on a connection: while the planner preferred
 * custom plans, every answer was planned again (0.4 ms of planning per execution against 0.19 ms of execution, the
 * largest single cost of an answer in PostgreSQL). The probe fills copies of the two tables to 10,000 attempts of 15
 * questions: at that size the statement without its {@code limit} stayed on custom plans (checked by removing it),
 * as it did on the benchmark's data. On the few rows of the test schema both plans cost about the same.
 */
@QuarkusTest
class AnswerStatementPlanTest {

    private static final String FILL = """
            create table plan_probe.attempt (like attempt including all);
            create table plan_probe.attempt_question (like attempt_question including all);
            insert into plan_probe.attempt (id, campaign_id, participant_id, local_day, seq, status, question_count,
                region_code, started_at, deadline_at, finished_at)
              select gen_random_uuid(), 1, g, current_date, 1, 'FINISHED', 15, '110101', now(), now(), now()
              from generate_series(1, 10000) g;
            insert into plan_probe.attempt_question (attempt_id, idx, question_id, question_version, option_order)
              select a.id, i, 'q' || i, 1, '[]' from plan_probe.attempt a, generate_series(0, 14) i;
            analyze plan_probe.attempt, plan_probe.attempt_question;
            """;

    @Inject
    AgroalDataSource ds;

    @Test
    void theAnswerWriteRunsOnTheGenericPlanAfterFiveExecutions() {
        // An attempt that does not exist: the statement matches nothing and changes nothing.
        String args = "array['" + UUID.randomUUID() + "']::uuid[], '{0}', array['[\"a\"]'], '{t}', '{f}', "
                + "array[now()], array[now() + interval '30 seconds'], 'IN_PROGRESS', 1";
        List<String> plans = PlanProbe.plans(ds, FILL, AttemptRepository.RECORD_AND_ADVANCE_ALL,
                "uuid[], int2[], text[], bool[], bool[], timestamptz[], timestamptz[], text, int8", args, 6);

        assertThat(plans.get(0)).as("the first executions are planned for their values").doesNotContain("unnest($1");
        assertThat(plans.get(5)).as("then the generic plan is kept").contains("unnest($1");
    }
}
