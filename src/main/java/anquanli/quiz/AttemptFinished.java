package anquanli.quiz;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A closed attempt and the ledger credit it produced, as seen by everything that reacts to it (leaderboards now,
 * the lottery later). Carries every dimension the credit counts for, whether the participant is new to each of
 * them, the name to show and the unit's region, so nothing downstream needs to read them back.
 */
public record AttemptFinished(long campaignId, long participantId, UUID attemptId, String status, int points,
                              int correctCount, int questionCount, int lotteryChances, LocalDate localDay,
                              Instant finishedAt, Long unitId, String provinceCode, String cityCode,
                              String countyCode, String townCode, Firsts firsts, String displayName,
                              String unitRegionCode) {
}
