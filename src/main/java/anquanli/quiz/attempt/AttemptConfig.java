package anquanli.quiz.attempt;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;

@ConfigMapping(prefix = "anquanli.attempt")
public interface AttemptConfig {

    /** Added to questions × seconds-per-question to give an attempt's overall deadline. */
    Duration grace();

    String expiryScanInterval();

    /** How answers share statements at peak ({@link AnswerBatches}). */
    Batch batch();

    /** The question each open attempt is to be answered at next ({@link NextQuestionCache}). */
    NextQuestionCacheConfig nextQuestionCache();

    interface NextQuestionCacheConfig {
        /** Open attempts held at most; 0 turns the cache off (every answer then reads PostgreSQL first). */
        int maxEntries();
    }

    interface Batch {
        /** Most answers one statement reads or writes; 1 sends every answer on its own. */
        int maxSize();

        /** Statements of each kind (reads, writes) running at once; further answers wait and leave together. */
        int maxInFlight();

        /** Answers waiting beyond this are refused as "service busy" (503) rather than held in memory. */
        int maxQueued();
    }
}
