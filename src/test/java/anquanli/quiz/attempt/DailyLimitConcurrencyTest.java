package anquanli.quiz.attempt;

import anquanli.Api;
import anquanli.Concurrently;
import anquanli.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static anquanli.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class DailyLimitConcurrencyTest {

    @Inject
    Db db;

    @Test
    void fiftyParallelStartsGiveExactlyOneAttempt() throws Exception {
        Api.Session s = Api.player();
        long campaign = Api.currentCampaignId();

        List<Integer> statuses = Concurrently.run(50, () -> as(s).when()
                .post("/api/v1/campaigns/{id}/attempts", campaign).then().extract().statusCode());

        assertThat(statuses.stream().filter(c -> c == 201).count()).isEqualTo(1);
        assertThat(statuses.stream().filter(c -> c == 409).count()).isEqualTo(49);
        assertThat(db.count("select count(*) from attempt where participant_id = ?", s.participantId())).isEqualTo(1);
        assertThat(db.count("select count(*) from attempt_question aq join attempt a on a.id = aq.attempt_id "
                + "where a.participant_id = ?", s.participantId())).isEqualTo(15);
    }
}
