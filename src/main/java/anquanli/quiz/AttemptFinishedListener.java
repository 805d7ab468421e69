package anquanli.quiz;

import io.smallrye.mutiny.Uni;

/**
 * Reacts to a closed attempt after its ledger row is committed. The ledger is the truth: a listener that fails is
 * logged and does not fail the participant's answer; whatever it maintains must be rebuildable from the ledger.
 */
public interface AttemptFinishedListener {

    Uni<Void> onAttemptFinished(AttemptFinished finished);
}
