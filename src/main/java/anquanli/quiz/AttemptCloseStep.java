package anquanli.quiz;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Work that must commit together with an attempt's closing (e.g. crediting lottery chances to their ledger): run
 * inside the closing transaction, so it happens exactly when the attempt closes, or not at all. Keep it to a
 * statement or two; failures roll the closing back.
 */
public interface AttemptCloseStep {

    Uni<Void> onClose(SqlClient tx, AttemptFinished closed);
}
