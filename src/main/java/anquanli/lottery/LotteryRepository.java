package anquanli.lottery;

import static anquanli.common.Rows.first;
import static anquanli.common.Rows.instant;
import static anquanli.common.Rows.list;
import static anquanli.common.Rows.utc;

import anquanli.lottery.Lottery.Draw;
import anquanli.lottery.Lottery.Kind;
import anquanli.lottery.Lottery.PrizePool;
import anquanli.lottery.Lottery.Tier;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static anquanli.common.SqlArrays.column;

/** The lottery's SQL. */
@ApplicationScoped
public class LotteryRepository {

    // ------------------------------------------------------------------ locks

    /**
     * Draws hold their campaigns' locks shared and their participants' exclusively until they commit: a participant's
     * draws run one at a time (the chance balance cannot go negative), and a rebuild of Redis (which takes the campaign
     * lock exclusively) never sees a draw that has touched Redis but not yet committed. A batch takes the campaign
     * locks first and then the participants' in the order of their lock keys, as every batch does, so two batches
     * (here or on another instance) can wait for each other but never deadlock.
     */
    public Uni<Void> lockForDraws(SqlClient tx, List<Long> campaignIds, List<DrawKey> draws) {
        String[] campaigns = campaignIds.stream().map(c -> "lottery:" + c).toArray(String[]::new);
        String[] participants = draws.stream().map(d -> "lottery:" + d.campaignId() + ":" + d.participantId())
                .toArray(String[]::new);
        return tx.preparedQuery("select count(*) from (select pg_advisory_xact_lock_shared(h) from (select "
                        + "hashtextextended(k, 0) as h from unnest($1::text[]) k order by 1) c union all "
                        + "select pg_advisory_xact_lock(h) from (select hashtextextended(k, 0) as h "
                        + "from unnest($2::text[]) k order by 1) p) locks")
                .execute(Tuple.of(campaigns, participants)).replaceWithVoid();
    }

    public Uni<Void> lockCampaign(SqlClient tx, long campaignId) {
        return tx.preparedQuery("select pg_advisory_xact_lock(hashtextextended($1, 0))")
                .execute(Tuple.of("lottery:" + campaignId)).replaceWithVoid();
    }

    // ------------------------------------------------------------------ pools and tiers

    public Uni<PrizePool> pool(SqlClient db, long campaignId) {
        return db.preparedQuery("select p.*, c.start_date from lottery_pool p join campaign c on c.id = p.campaign_id "
                + "where p.campaign_id = $1").execute(Tuple.of(campaignId)).map(rows -> first(rows, r ->
                new PrizePool(r.getLong("campaign_id"), r.getBuffer("seed").getBytes(), r.getString("commitment"),
                        r.getInteger("total_weight"), r.getString("thanks_name"), instant(r, "draw_deadline"),
                        instant(r, "claim_deadline"), r.getLocalDate("start_date"))));
    }

    public Uni<List<Long>> poolsOpenAt(SqlClient db, Instant now) {
        return db.preparedQuery("select campaign_id from lottery_pool where draw_deadline > $1")
                .execute(Tuple.of(utc(now))).map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getLong(0)));
                    return ids;
                });
    }

    public Uni<Boolean> insertPool(SqlClient tx, long campaignId, byte[] seed, String commitment, int totalWeight,
                                   String thanksName, Instant drawDeadline, Instant claimDeadline, Instant now) {
        return tx.preparedQuery("insert into lottery_pool (campaign_id, seed, commitment, total_weight, thanks_name, "
                        + "draw_deadline, claim_deadline, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8) "
                        + "on conflict (campaign_id) do nothing")
                .execute(Tuple.tuple(List.of(campaignId, seed, commitment, totalWeight, thanksName, utc(drawDeadline),
                        utc(claimDeadline), utc(now))))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Long> insertTier(SqlClient tx, long campaignId, int rank, String name, Kind kind, int amount,
                                int weight, Integer perPersonLimit, Integer dailyRelease) {
        return tx.preparedQuery("insert into lottery_tier (campaign_id, rank, name, kind, amount, weight, stock, "
                        + "per_person_limit, daily_release) values ($1, $2, $3, $4, $5, $6, 0, $7, $8) returning id")
                .execute(Tuple.tuple(List.of(campaignId, (short) rank, name, kind.name(), amount, weight))
                        .addValue(perPersonLimit).addValue(dailyRelease))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /** Stock only grows: each addition is an event (the public stock history) and raises the tier's total. */
    public Uni<Boolean> addStock(SqlClient tx, long campaignId, long tierId, int units, String admin, Instant now) {
        return tx.preparedQuery("update lottery_tier set stock = stock + $3 where id = $2 and campaign_id = $1")
                .execute(Tuple.of(campaignId, tierId, units)).chain(rows -> rows.rowCount() == 0
                        ? Uni.createFrom().item(false)
                        : tx.preparedQuery("insert into lottery_stock_event (tier_id, units, admin, created_at) "
                                + "values ($1, $2, $3, $4)").execute(Tuple.of(tierId, units, admin, utc(now)))
                        .replaceWith(true));
    }

    public Uni<List<Tier>> tiers(SqlClient db, long campaignId) {
        return db.preparedQuery("select * from lottery_tier where campaign_id = $1 order by rank")
                .execute(Tuple.of(campaignId)).map(rows -> list(rows, r -> new Tier(r.getLong("id"),
                        r.getShort("rank"), r.getString("name"), Kind.valueOf(r.getString("kind")),
                        r.getInteger("amount"), r.getInteger("weight"), r.getInteger("stock"),
                        r.getInteger("per_person_limit"), r.getInteger("daily_release"))));
    }

    public record StockEvent(long tierId, int units, Instant at) {
    }

    public Uni<List<StockEvent>> stockHistory(SqlClient db, long campaignId) {
        return db.preparedQuery("select e.* from lottery_stock_event e join lottery_tier t on t.id = e.tier_id "
                        + "where t.campaign_id = $1 order by e.created_at, e.id").execute(Tuple.of(campaignId))
                .map(rows -> list(rows, r -> new StockEvent(r.getLong("tier_id"), r.getInteger("units"),
                        instant(r, "created_at"))));
    }

    // ------------------------------------------------------------------ chances

    /** 每答对5题可获得1次抽奖机会: one credit per closed attempt, written with its closing. */
    public Uni<Void> credit(SqlClient tx, long campaignId, long participantId, UUID attemptId, int chances,
                            Instant at) {
        return tx.preparedQuery("insert into lottery_chance (campaign_id, participant_id, delta, attempt_id, created_at) "
                        + "values ($1, $2, $3, $4, $5) on conflict (attempt_id) do nothing")
                .execute(Tuple.of(campaignId, participantId, chances, attemptId, utc(at))).replaceWithVoid();
    }

    /**
     * The bonus chances for a participant's first check-in in a campaign (CheckInBonus): the campaign's bonus cut to
     * what the day's cap has left after the day's attempts and bonuses; nothing when it is not their first check-in,
     * or the day is full. Answers the chances credited (0 for none). Run it with the participant locked.
     */
    public Uni<Integer> creditCheckIn(SqlClient tx, long campaignId, long participantId, UUID checkInId,
                                      LocalDate day, Instant at) {
        return tx.preparedQuery("insert into lottery_chance (campaign_id, participant_id, delta, check_in_id, "
                        + "local_day, created_at) select $1, $2, g.chances, $3, $4, $5 from (select least("
                        + "p.check_in_bonus, k.chances_per_day_cap - (select coalesce(sum(a.lottery_chances), 0) "
                        + "from attempt a where a.campaign_id = $1 and a.participant_id = $2 and a.local_day = $4) "
                        + "- (select coalesce(sum(b.delta), 0) from lottery_chance b where b.campaign_id = $1 "
                        + "and b.participant_id = $2 and b.check_in_id is not null and b.local_day = $4)) as chances "
                        + "from lottery_pool p join campaign k on k.id = p.campaign_id where p.campaign_id = $1) g "
                        + "where g.chances > 0 and not exists (select 1 from check_in x where x.campaign_id = $1 "
                        + "and x.participant_id = $2 and x.id <> $3) on conflict do nothing returning delta")
                .execute(Tuple.of(campaignId, participantId, checkInId, day, utc(at)))
                .map(rows -> rows.rowCount() == 0 ? 0 : rows.iterator().next().getInteger("delta"));
    }

    /** The campaign's check-in bonus; null without a prize pool. */
    public Uni<Integer> checkInBonus(SqlClient db, long campaignId) {
        return db.preparedQuery("select check_in_bonus from lottery_pool where campaign_id = $1")
                .execute(Tuple.of(campaignId))
                .map(rows -> first(rows, r -> (int) r.getShort("check_in_bonus")));
    }

    /** Sets the campaign's check-in bonus; null without a prize pool. */
    public Uni<Integer> setCheckInBonus(SqlClient db, long campaignId, int chances) {
        return db.preparedQuery("update lottery_pool set check_in_bonus = $2 where campaign_id = $1 "
                        + "returning check_in_bonus").execute(Tuple.of(campaignId, (short) chances))
                .map(rows -> first(rows, r -> (int) r.getShort("check_in_bonus")));
    }

    public record Balance(long earned, long spent) {
        public long left() {
            return earned - spent;
        }
    }

    public Uni<Balance> balance(SqlClient db, long campaignId, long participantId) {
        return db.preparedQuery("select coalesce(sum(delta) filter (where delta > 0), 0) as earned, "
                        + "coalesce(-sum(delta) filter (where delta < 0), 0) as spent from lottery_chance "
                        + "where campaign_id = $1 and participant_id = $2")
                .execute(Tuple.of(campaignId, participantId))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Balance(r.getLong("earned"), r.getLong("spent"));
                });
    }

    // ------------------------------------------------------------------ draws

    private static final String DRAW_COLUMNS = "d.id, d.campaign_id, d.participant_id, d.request_id, d.seq, "
            + "d.hit_rank, d.tier_id, d.drawn_at, d.local_day";

    /** A draw asked for: the campaign, the participant and the request id their app chose. */
    public record DrawKey(long campaignId, long participantId, UUID requestId) {
    }

    /**
     * What one draw decides on besides its pool: the participant's chances, an earlier draw with the same request id
     * (in any campaign), and the participant's region and unit (for a points prize's ledger row).
     */
    public record DrawState(Balance balance, Draw earlier, String regionCode, Long unitId) {
    }

    // "limit $4" (the number of keys, so it drops nothing) makes the planner keep the generic plan, as for the answer
    // write (AttemptRepository.RECORD_AND_ADVANCE_ALL): without it every execution was planned again (3,471 plans in
    // 3,480 calls, 1.2 s of planning against 0.4 s of execution in 20 s of draws).
    static final String DRAW_STATES = "select b.earned, b.spent, pt.region_code, pt.unit_id, " + DRAW_COLUMNS + " "
            + "from (select * from unnest($1::bigint[], $2::bigint[], $3::uuid[]) with ordinality "
            + "as i(campaign_id, participant_id, request_id, ord) limit $4) i "
            + "cross join lateral (select coalesce(sum(delta) filter (where delta > 0), 0) as earned, "
            + "coalesce(-sum(delta) filter (where delta < 0), 0) as spent from lottery_chance c "
            + "where c.campaign_id = i.campaign_id and c.participant_id = i.participant_id) b "
            + "left join participant pt on pt.id = i.participant_id "
            + "left join lottery_draw d on d.participant_id = i.participant_id "
            + "and d.request_id = i.request_id order by i.ord";

    /** The state of each draw, in the order of {@code keys}; read once the draws' locks are held. */
    public Uni<List<DrawState>> drawStates(SqlClient tx, List<DrawKey> keys) {
        return tx.preparedQuery(DRAW_STATES)
                .execute(Tuple.of(column(keys, DrawKey::campaignId, Long[]::new),
                        column(keys, DrawKey::participantId, Long[]::new),
                        column(keys, DrawKey::requestId, UUID[]::new), (long) keys.size()))
                .map(rows -> list(rows, r -> new DrawState(new Balance(r.getLong("earned"), r.getLong("spent")),
                        r.getValue("id") == null ? null : draw(r), r.getString("region_code"), r.getLong("unit_id"))));
    }

    /** A campaign's pool with its tiers in rank order. */
    public record PoolWithTiers(PrizePool pool, List<Tier> tiers) {
    }

    /** The pools (with tiers) of those of {@code campaignIds} that have one. */
    public Uni<Map<Long, PoolWithTiers>> poolsWithTiers(SqlClient db, List<Long> campaignIds) {
        return db.preparedQuery("select p.campaign_id, p.seed, p.commitment, p.total_weight, p.thanks_name, "
                        + "p.draw_deadline, p.claim_deadline, c.start_date, "
                        + "t.id as t_id, t.rank as t_rank, t.name as t_name, t.kind as t_kind, t.amount as t_amount, "
                        + "t.weight as t_weight, t.stock as t_stock, t.per_person_limit as t_limit, "
                        + "t.daily_release as t_daily "
                        + "from lottery_pool p join campaign c on c.id = p.campaign_id "
                        + "left join lottery_tier t on t.campaign_id = p.campaign_id "
                        + "where p.campaign_id = any($1::bigint[]) order by p.campaign_id, t.rank")
                .execute(Tuple.of(campaignIds.toArray(Long[]::new))).map(rows -> {
                    Map<Long, PoolWithTiers> pools = new HashMap<>();
                    for (Row r : rows) {
                        PoolWithTiers p = pools.computeIfAbsent(r.getLong("campaign_id"), id -> new PoolWithTiers(
                                new PrizePool(id, r.getBuffer("seed").getBytes(), r.getString("commitment"),
                                        r.getInteger("total_weight"), r.getString("thanks_name"),
                                        instant(r, "draw_deadline"), instant(r, "claim_deadline"),
                                        r.getLocalDate("start_date")), new ArrayList<>()));
                        if (r.getValue("t_id") != null) {
                            p.tiers().add(new Tier(r.getLong("t_id"), r.getShort("t_rank"), r.getString("t_name"),
                                    Kind.valueOf(r.getString("t_kind")), r.getInteger("t_amount"),
                                    r.getInteger("t_weight"), r.getInteger("t_stock"), r.getInteger("t_limit"),
                                    r.getInteger("t_daily")));
                        }
                    }
                    return pools;
                });
    }

    public Uni<Draw> draw(SqlClient db, UUID id) {
        return db.preparedQuery("select " + DRAW_COLUMNS + " from lottery_draw d where id = $1")
                .execute(Tuple.of(id)).map(rows -> first(rows, LotteryRepository::draw));
    }

    /** Records the draws and spends their chances, in one statement: all or none. */
    public Uni<Void> insertDraws(SqlClient tx, List<Draw> draws) {
        return tx.preparedQuery("with d as (insert into lottery_draw (id, campaign_id, participant_id, request_id, "
                        + "seq, hit_rank, tier_id, drawn_at, local_day) select * from unnest($1::uuid[], $2::bigint[], "
                        + "$3::bigint[], $4::uuid[], $5::bigint[], $6::smallint[], $7::bigint[], $8::timestamptz[], "
                        + "$9::date[]) returning id, campaign_id, participant_id, drawn_at) "
                        + "insert into lottery_chance (campaign_id, participant_id, delta, draw_id, created_at) "
                        + "select campaign_id, participant_id, -1, id, drawn_at from d")
                .execute(Tuple.tuple(List.of(column(draws, Draw::id, UUID[]::new),
                        column(draws, Draw::campaignId, Long[]::new), column(draws, Draw::participantId, Long[]::new),
                        column(draws, Draw::requestId, UUID[]::new), column(draws, Draw::seq, Long[]::new),
                        column(draws, d -> d.hitRank() == null ? null : d.hitRank().shortValue(), Short[]::new),
                        column(draws, Draw::tierId, Long[]::new), column(draws, d -> utc(d.drawnAt()),
                                OffsetDateTime[]::new), column(draws, Draw::localDay, LocalDate[]::new))))
                .replaceWithVoid();
    }

    /** A participant's draw and whether its prize has been claimed. */
    public record MyDraw(Draw draw, boolean claimed) {
    }

    /** A participant's latest draws in a campaign, newest first. */
    public Uni<List<MyDraw>> drawsOf(SqlClient db, long campaignId, long participantId, int limit) {
        return db.preparedQuery("select " + DRAW_COLUMNS + ", exists (select 1 from lottery_claim c "
                        + "where c.draw_id = d.id) as claimed from lottery_draw d where campaign_id = $1 "
                        + "and participant_id = $2 order by drawn_at desc, seq desc limit $3")
                .execute(Tuple.of(campaignId, participantId, limit))
                .map(rows -> list(rows, r -> new MyDraw(draw(r), r.getBoolean("claimed"))));
    }

    /** The public draw list in draw order, for the fairness replay. */
    public Uni<List<Draw>> drawsAfter(SqlClient db, long campaignId, long afterSeq, int limit) {
        return db.preparedQuery("select " + DRAW_COLUMNS + " from lottery_draw d where campaign_id = $1 and seq > $2 "
                        + "order by seq limit $3")
                .execute(Tuple.of(campaignId, afterSeq, limit)).map(rows -> list(rows, LotteryRepository::draw));
    }

    public Uni<Long> countDraws(SqlClient db, long campaignId) {
        return db.preparedQuery("select count(*) from lottery_draw where campaign_id = $1")
                .execute(Tuple.of(campaignId)).map(rows -> rows.iterator().next().getLong(0));
    }

    /** What PostgreSQL says Redis should hold: issued units per tier, per-person counts, the last draw order. */
    public record Issued(Map<Long, Integer> byTier, Map<String, Integer> wonByField, long maxSeq) {
    }

    public Uni<Issued> issued(SqlClient db, long campaignId) {
        return db.preparedQuery("select participant_id, tier_id, count(*) as n from lottery_draw "
                        + "where campaign_id = $1 and tier_id is not null group by participant_id, tier_id")
                .execute(Tuple.of(campaignId))
                .chain(rows -> db.preparedQuery("select coalesce(max(seq), 0) from lottery_draw where campaign_id = $1")
                        .execute(Tuple.of(campaignId)).map(seq -> {
                            Map<Long, Integer> byTier = new HashMap<>();
                            Map<String, Integer> won = new HashMap<>();
                            rows.forEach(r -> {
                                int n = (int) r.getLong("n").longValue();
                                byTier.merge(r.getLong("tier_id"), n, Integer::sum);
                                won.put(LotteryStock.wonField(r.getLong("participant_id"), r.getLong("tier_id")), n);
                            });
                            return new Issued(byTier, won, seq.iterator().next().getLong(0));
                        }));
    }

    public record DayCount(long tierId, LocalDate day, int issued) {
    }

    public Uni<List<DayCount>> issuedByDay(SqlClient db, long campaignId) {
        return db.preparedQuery("select tier_id, local_day, count(*) as n from lottery_draw where campaign_id = $1 "
                        + "and tier_id is not null group by tier_id, local_day order by local_day")
                .execute(Tuple.of(campaignId)).map(rows -> list(rows, r -> new DayCount(r.getLong("tier_id"),
                        r.getLocalDate("local_day"), (int) r.getLong("n").longValue())));
    }

    // ------------------------------------------------------------------ helpers

    static Draw draw(Row r) {
        Short hit = r.getShort("hit_rank");
        return new Draw(r.getUUID("id"), r.getLong("campaign_id"), r.getLong("participant_id"),
                r.getUUID("request_id"), r.getLong("seq"), hit == null ? null : hit.intValue(), r.getLong("tier_id"),
                instant(r, "drawn_at"), r.getLocalDate("local_day"));
    }
}
