package anquanli.leaderboard;

import anquanli.common.ApiProblem;
import anquanli.common.Outages;
import anquanli.quiz.CompetitionRollup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;

/** Decides when the boards need rebuilding; {@link LeaderboardRebuilder} does it. */
@ApplicationScoped
public class BoardCheck {

    private static final Logger LOG = Logger.getLogger(BoardCheck.class);

    private final Pool pool;
    private final Redis redis;
    private final LeaderboardRebuilder rebuilder;
    private final Outages outages;

    public BoardCheck(Pool pool, Redis redis, LeaderboardRebuilder rebuilder, Outages outages) {
        this.pool = pool;
        this.redis = redis;
        this.rebuilder = rebuilder;
        this.outages = outages;
    }

    /**
     * Heals the boards without anyone's call: for every campaign open or closed, whether Redis holds boards built from
     * this database and has applied every outbox entry the database says it should have. Redis's count of applied
     * entries is read before and after the database: an entry is applied only after its attempt committed, so the
     * count before can never exceed the attempts closed (more means a Redis kept from another database or a database
     * restored from a backup); and every entry no longer in the outbox was applied, so the count after must reach
     * attempts − pending (fewer means Redis lost writes: a flush, a restart from an older snapshot, a failover to a
     * lagging replica). Either way the boards are rebuilt, in the background, by whichever instance takes the lock.
     * Runs soon after start (instead of rebuilding inside the start-up event, which at 1 M participants outlasted the
     * start-up probe) and then every check-interval.
     */
    @io.quarkus.scheduler.Scheduled(every = "${anquanli.leaderboard.check-interval}", delayed = "2s",
            concurrentExecution = io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> check() {
        return pool.query("select id, created_at from campaign where status <> 'DRAFT' order by id").execute()
                .chain(rows -> {
                    // One campaign after another: a Redis flush leaves every campaign to rebuild, and each rebuild
                    // takes four connections; all at once would take the answer loop's pool.
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Row r : rows) {
                        long id = r.getLong("id");
                        String fingerprint = id + "@" + r.getOffsetDateTime("created_at").toInstant();
                        chain = chain.chain(() -> check(id, fingerprint));
                    }
                    return chain;
                })
                .onFailure().invoke(e -> {
                    if (!outages.failed(e, "the boards' health is not checked")) {
                        LOG.errorf(e, "Checking the boards failed");
                    }
                })
                .onFailure().recoverWithNull();
    }

    private Uni<Void> check(long campaignId, String fingerprint) {
        return redis.batch(List.of(Request.cmd(Command.GET).arg(BoardKeys.built(campaignId)),
                        Request.cmd(Command.GET).arg(BoardKeys.appliedCount(campaignId)),
                        Request.cmd(Command.EXISTS).arg(BoardKeys.rebuilding(campaignId))))
                .chain(before -> {
                    if (before.get(2).toInteger() == 1) {
                        return Uni.createFrom().item("");
                    }
                    String built = before.get(0) == null ? null : before.get(0).toString();
                    long appliedBefore = before.get(1) == null ? -1 : before.get(1).toLong();
                    return pool.preparedQuery("select " + CompetitionRollup.attemptsClosed("$1") + " as attempts, "
                                    + "(select count(*) from board_outbox where campaign_id = $1) as pending")
                            .execute(Tuple.of(campaignId))
                            .chain(rows -> redis.send(Request.cmd(Command.GET).arg(BoardKeys.appliedCount(campaignId)))
                                    .map(after -> {
                                        Row r = rows.iterator().next();
                                        long attempts = r.getLong("attempts");
                                        long pending = r.getLong("pending");
                                        long appliedAfter = after == null ? -1 : after.toLong();
                                        return !fingerprint.equals(built) ? "no boards of this database"
                                                : appliedAfter < attempts - pending ? "Redis has applied "
                                                + appliedAfter + " of at least " + (attempts - pending)
                                                + " board updates"
                                                : appliedBefore > attempts ? "Redis had applied more board updates ("
                                                + appliedBefore + ") than attempts closed (" + attempts + ")" : "";
                                    }));
                })
                .chain((String why) -> {
                    if (why.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    LOG.warnf("Leaderboards of campaign %d need rebuilding: %s", campaignId, why);
                    return rebuilder.rebuild(campaignId).replaceWithVoid().onFailure(ApiProblem.class).recoverWithNull();
                });
    }
}
