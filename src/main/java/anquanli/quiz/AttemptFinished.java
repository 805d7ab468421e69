package anquanli.quiz;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A closed attempt and the ledger credit it produced, as seen by everything that reacts to it (leaderboards now,
 * the lottery later). Carries every dimension the credit counts for, so listeners need not read it back.
 */
public record AttemptFinished(long campaignId, long participantId, UUID attemptId, String status, int points,
                              int correctCount, int questionCount, int lotteryChances, LocalDate localDay,
                              Instant finishedAt, Long unitId, String provinceCode, String cityCode,
                              String countyCode, String townCode) {
}
