package anquanli.quiz.attempt;

import anquanli.Api;
import anquanli.Concurrently;
import anquanli.Db;
import anquanli.Play;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static anquanli.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class DailyLimitConcurrencyTest {

    @Inject
    Db db;
    @Inject
    Play play;

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

    /**
     * Two attempts of one participant that close at the same moment must not both take the chances left under the
     * day's cap: each close reads what the other attempts earned, so the two are serialised per participant.
     */
    @Test
    void attemptsClosingTogetherShareTheDailyChanceCap() throws Exception {
        long campaign = play.shortCampaign(2);
        int players = 12;
        // Each player has two attempts at their last question, with four right answers each: 2 chances apiece before
        // the cap of 3 a day.
        List<Api.Session> sessions = new ArrayList<>();
        List<Runnable> lastAnswers = new ArrayList<>();
        for (int p = 0; p < players; p++) {
            Api.Session s = Api.player();
            sessions.add(s);
            for (int a = 0; a < 2; a++) {
                String attempt = play.start(s, campaign);
                for (int i = 1; i <= 4; i++) {
                    play.current(s, attempt);
                    play.answer(s, attempt, i, db.correctOptionIds(attempt, i)).statusCode(200);
                }
                play.current(s, attempt);
                Set<String> right = db.correctOptionIds(attempt, 5);
                lastAnswers.add(() -> play.answer(s, attempt, 5, right).statusCode(200));
            }
        }

        AtomicInteger next = new AtomicInteger();
        Concurrently.run(lastAnswers.size(), () -> {
            lastAnswers.get(next.getAndIncrement()).run();
            return null;
        });

        for (Api.Session s : sessions) {
            assertThat(db.count("select sum(lottery_chances) from attempt where participant_id = ? and campaign_id = ?",
                    s.participantId(), campaign)).as("chances of participant %d", s.participantId()).isEqualTo(3);
            assertThat(db.count("select count(*) from attempt where participant_id = ? and status = 'FINISHED'",
                    s.participantId())).isEqualTo(2);
        }
    }
}
