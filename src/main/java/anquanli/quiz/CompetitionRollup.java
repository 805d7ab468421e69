package anquanli.quiz;

import anquanli.region.RegionNodes;
import anquanli.region.RegionNodes.Node;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

import static anquanli.common.SqlArrays.column;

/**
 * The competition's daily roll-up (table competition_rollup): each closed attempt adds itself to its day's row of
 * every region node it counts in, inside its closing transaction, so the progress report reads a few thousand rows
 * whatever the ledger's size and is exact the moment an attempt commits.
 */
@ApplicationScoped
public class CompetitionRollup {

    /**
     * The attempts a campaign has closed, as a scalar sub-query ({@code campaign} is a SQL expression: a parameter or
     * a column): the country's rows, every day and shard.
     */
    public static String attemptsClosed(String campaign) {
        return "(select coalesce(sum(r.attempts), 0) from competition_rollup r where r.campaign_id = " + campaign
                + " and r.region_code = 'CN' and r.parent_code = '')";
    }

    /** Rows per (campaign, day, node) the writes spread over; readers sum them. */
    public static final int SHARDS = 8;

    /**
     * One statement for every node. The nodes go country first and down the levels, in the same order in every
     * transaction, so two closings that share rows lock them in one order and cannot deadlock. Run it last in the
     * closing transaction: the busiest rows are then held the shortest time.
     */
    public Uni<Void> add(SqlClient tx, AttemptFinished f) {
        List<Node> nodes = RegionNodes.of(new String[]{f.provinceCode(), f.cityCode(), f.countyCode(), f.townCode()});
        Firsts firsts = f.firsts();
        Boolean[] firstT = new Boolean[nodes.size()];
        Boolean[] firstD = new Boolean[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (n.parent().equals(RegionNodes.NO_PARENT)) {
                firstT[i] = firsts.nationalT();
                firstD[i] = firsts.nationalD();
            } else if (n.direct()) {
                firstT[i] = firsts.exactT();
                firstD[i] = firsts.exactD();
            } else {
                firstT[i] = firsts.level(i - 1, false);
                firstD[i] = firsts.level(i - 1, true);
            }
        }
        boolean perfect = f.correctCount() == f.questionCount();
        return tx.preparedQuery("insert into competition_rollup as r (campaign_id, local_day, region_code, parent_code, "
                        + "shard, attempts, points, perfect_attempts, lottery_chances, first_in_campaign, first_in_day) "
                        + "select $1, $2, n.code, n.parent, $3, 1, $4, $5, $6, n.ft::int, n.fd::int "
                        + "from unnest($7::text[], $8::text[], $9::bool[], $10::bool[]) with ordinality "
                        + "as n(code, parent, ft, fd, ord) order by n.ord "
                        + "on conflict (campaign_id, region_code, parent_code, local_day, shard) do update set "
                        + "attempts = r.attempts + 1, points = r.points + excluded.points, "
                        + "perfect_attempts = r.perfect_attempts + excluded.perfect_attempts, "
                        + "lottery_chances = r.lottery_chances + excluded.lottery_chances, "
                        + "first_in_campaign = r.first_in_campaign + excluded.first_in_campaign, "
                        + "first_in_day = r.first_in_day + excluded.first_in_day")
                .execute(Tuple.tuple(List.of(f.campaignId(), f.localDay(), (short) (f.participantId() % SHARDS),
                        (long) f.points(), perfect ? 1L : 0L, (long) f.lotteryChances(),
                        column(nodes, Node::code, String[]::new), column(nodes, Node::parent, String[]::new),
                        firstT, firstD)))
                .replaceWithVoid();
    }
}
