package anquanli.quiz.campaign;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "anquanli.campaign.seed")
public interface CampaignSeedConfig {

    boolean enabled();

    String code();

    String name();

    Optional<LocalDate> startDate();

    Optional<LocalDate> endDate();

    /** Dev and test: a window from 3 days ago to 26 days ahead, so the campaign is always open. */
    @WithDefault("false")
    boolean windowAroundToday();

    int attemptsPerDay();

    int questionsPerAttempt();

    int secondsPerQuestion();

    int correctPerChance();

    int chancesPerDayCap();

    int pointsPerCorrect();

    int perfectBonus();

    Map<String, Integer> categoryMix();
}
