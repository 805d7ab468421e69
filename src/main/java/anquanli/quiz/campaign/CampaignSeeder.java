package anquanli.quiz.campaign;

import anquanli.common.AppClock;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.TreeMap;

/**
 * Creates the configured campaign at start-up if it does not exist yet; after that admins own it (the admin API).
 * In dev and test the window is moved to stay around today, so the demo is always playable.
 */
@ApplicationScoped
public class CampaignSeeder {

    private static final Logger LOG = Logger.getLogger(CampaignSeeder.class);

    void onStart(@Observes @Priority(40) StartupEvent event, CampaignSeedConfig seed, AgroalDataSource dataSource,
                 AppClock clock, CampaignRepository campaigns) throws SQLException {
        if (seed.enabled()) {
            upsert(seed, dataSource, clock);
        }
        campaigns.reload().await().atMost(Duration.ofSeconds(30));
    }

    private void upsert(CampaignSeedConfig seed, AgroalDataSource dataSource, AppClock clock) throws SQLException {
        int mixTotal = seed.categoryMix().values().stream().mapToInt(Integer::intValue).sum();
        if (mixTotal != seed.questionsPerAttempt()) {
            throw new IllegalStateException("anquanli.campaign.seed.category-mix adds up to " + mixTotal
                    + " questions, but questions-per-attempt is " + seed.questionsPerAttempt());
        }
        LocalDate today = clock.today();
        LocalDate start = seed.windowAroundToday() ? today.minusDays(3)
                : seed.startDate().orElse(LocalDate.of(today.getYear(), 6, 1));
        LocalDate end = seed.windowAroundToday() ? today.plusDays(26)
                : seed.endDate().orElse(LocalDate.of(start.getYear(), 6, 30));
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into campaign (code, name, start_date, end_date, status, attempts_per_day, questions_per_attempt,
                    seconds_per_question, correct_per_chance, chances_per_day_cap, points_per_correct, perfect_bonus,
                    category_mix)
                values (?, ?, ?, ?, 'ACTIVE', ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                on conflict (code) do update set start_date = excluded.start_date, end_date = excluded.end_date,
                    updated_at = now()
                where ?
                """)) {
            ps.setString(1, seed.code());
            ps.setString(2, seed.name());
            ps.setDate(3, Date.valueOf(start));
            ps.setDate(4, Date.valueOf(end));
            ps.setInt(5, seed.attemptsPerDay());
            ps.setInt(6, seed.questionsPerAttempt());
            ps.setInt(7, seed.secondsPerQuestion());
            ps.setInt(8, seed.correctPerChance());
            ps.setInt(9, seed.chancesPerDayCap());
            ps.setInt(10, seed.pointsPerCorrect());
            ps.setInt(11, seed.perfectBonus());
            ps.setString(12, new JsonObject(new TreeMap<String, Object>(seed.categoryMix())).encode());
            // Admins own a campaign once it exists; only the dev/test rolling window is moved on restart.
            ps.setBoolean(13, seed.windowAroundToday());
            ps.executeUpdate();
        }
        LOG.infof("Campaign %s open %s to %s", seed.code(), start, end);
    }
}
