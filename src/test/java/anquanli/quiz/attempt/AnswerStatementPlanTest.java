package anquanli.quiz.attempt;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answer write is prepared once per connection and must then run on PostgreSQL's generic plan: when the planner
 * preferred custom plans, every answer was planned again (0.4 ms of planning per execution against 0.19 ms of
 * execution, the largest single cost of an answer in PostgreSQL). After five executions PostgreSQL compares the two
 * and keeps the generic plan only if its estimate is no worse; a generic plan shows the statement's parameters
 * ({@code $8}, the open status) where a custom plan shows their values.
 * <p>
 * The choice depends on the tables' size, so the probe runs on copies of the two tables filled to 10,000 attempts of
 * 15 questions: at that size, the statement without its {@code limit} stayed on custom plans (checked by removing
 * it), as it did on the benchmark's data. On the few rows of the test schema both plans cost about the same.
 */
@QuarkusTest
class AnswerStatementPlanTest {

    private static final String TYPES = "uuid[], int2[], text[], bool[], bool[], timestamptz[], timestamptz[], text, int8";

    /** Copies of the attempt tables, empty of the test's data, filled to a size where the plans differ. */
    private static final String FILL = """
            drop schema if exists plan_probe cascade;
            create schema plan_probe;
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
    Pool pool;

    @Test
    void theAnswerWriteRunsOnTheGenericPlanAfterFiveExecutions() {
        // An attempt that does not exist: the statement matches nothing and changes nothing.
        String args = "(array['" + UUID.randomUUID() + "']::uuid[], '{0}', array['[\"a\"]'], '{t}', '{f}', "
                + "array[now()], array[now() + interval '30 seconds'], 'IN_PROGRESS', 1)";
        List<String> plans = pool.withConnection(c -> c.query(FILL).execute()
                        .chain(() -> c.query("set search_path = plan_probe").execute())
                        .chain(() -> c.query("prepare answer_plan_probe(" + TYPES + ") as "
                                + AttemptRepository.RECORD_AND_ADVANCE_ALL).execute())
                        .chain(() -> explainAfter(c, 6, args))
                        .call(() -> c.query("deallocate answer_plan_probe; reset search_path; "
                                + "drop schema plan_probe cascade").execute()))
                .await().indefinitely();

        assertThat(plans.get(0)).as("the first executions are planned for their values").doesNotContain("$8");
        assertThat(plans.get(5)).as("then the generic plan is kept").contains("$8");
    }

    /** The plan of each of the first {@code n} executions, as EXPLAIN EXECUTE shows it. */
    private io.smallrye.mutiny.Uni<List<String>> explainAfter(SqlConnection c, int n, String args) {
        List<String> plans = new ArrayList<>();
        io.smallrye.mutiny.Uni<Void> chain = io.smallrye.mutiny.Uni.createFrom().voidItem();
        for (int i = 0; i < n; i++) {
            chain = chain.chain(() -> c.query("explain execute answer_plan_probe" + args).execute()
                    .invoke(rows -> {
                        StringBuilder plan = new StringBuilder();
                        for (Row r : rows) {
                            plan.append(r.getString(0)).append('\n');
                        }
                        plans.add(plan.toString());
                    })
                    .replaceWithVoid());
        }
        return chain.replaceWith(plans);
    }
}
