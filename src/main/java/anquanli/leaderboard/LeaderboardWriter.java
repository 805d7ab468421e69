package anquanli.leaderboard;

import anquanli.common.AppClock;
import anquanli.quiz.AttemptCloseStep;
import anquanli.quiz.AttemptFinished;
import anquanli.quiz.Firsts;
import anquanli.quiz.campaign.Campaign;
import anquanli.quiz.campaign.CampaignRepository;
import anquanli.region.Region;
import anquanli.region.RegionTree;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Works out everything a closed attempt changes on the boards — regions at each level among their siblings, the unit
 * within each region level above it, the participant within each region level, for the whole campaign and for the
 * day — and writes it, as one outbox entry, inside the closing transaction: the entry commits exactly when the attempt
 * does. {@link BoardRelay} then applies it to Redis (one script call, atomic, at most once) and deletes it; whatever
 * happens between the commit and Redis (a crash, Redis away), the entry waits in PostgreSQL until it is applied.
 */
@ApplicationScoped
public class LeaderboardWriter implements AttemptCloseStep {

    private final CampaignRepository campaigns;
    private final Bases bases;
    private final RegionTree regions;
    private final Duration dailyRetention;

    public LeaderboardWriter(CampaignRepository campaigns, Bases bases, RegionTree regions,
                             @ConfigProperty(name = "anquanli.leaderboard.daily-retention") Duration dailyRetention) {
        this.campaigns = campaigns;
        this.bases = bases;
        this.regions = regions;
        this.dailyRetention = dailyRetention;
    }

    @Override
    public Uni<Void> onClose(SqlClient tx, AttemptFinished f) {
        Campaign cached = campaigns.find(f.campaignId());
        Uni<Campaign> campaign = cached != null ? Uni.createFrom().item(cached) : campaigns.load(tx, f.campaignId());
        return campaign.chain(c -> {
            BoardUpdate u = update(c, f);
            return tx.preparedQuery("insert into board_outbox (campaign_id, attempt_id, keys, args) "
                            + "values ($1, $2, $3, $4)")
                    .execute(Tuple.of(f.campaignId(), f.attemptId(), u.keys().toArray(String[]::new),
                            u.args().toArray(String[]::new)))
                    .replaceWithVoid();
        });
    }

    /** When a day's boards expire: {@code dailyRetention} after the day ends (Asia/Shanghai). */
    long dailyExpiry(LocalDate day) {
        return day.plusDays(1).atStartOfDay(AppClock.CAMPAIGN_ZONE).plus(dailyRetention).toEpochSecond();
    }

    BoardUpdate update(Campaign campaign, AttemptFinished f) {
        long c = f.campaignId();
        BoardUpdate u = new BoardUpdate(c, Score.t(campaign.startDate(), f.finishedAt()));
        String[] codes = {f.provinceCode(), f.cityCode(), f.countyCode(), f.townCode()};
        String[] parents = {BoardKeys.NATIONAL, f.provinceCode(), f.cityCode(), f.countyCode()};
        String participant = Long.toString(f.participantId());
        Firsts firsts = f.firsts();
        Region unitRegion = f.unitId() == null ? null : regions.find(f.unitRegionCode());
        for (String period : List.of(BoardKeys.TOTAL, BoardKeys.period(f.localDay()))) {
            boolean day = !period.equals(BoardKeys.TOTAL);
            List<String> touched = new ArrayList<>();
            for (int i = 0; i < codes.length; i++) {
                if (codes[i] == null) {
                    continue;
                }
                String parent = parents[i];
                counters(u, f, Bases.Kind.REGION, codes[i], firsts.level(i, day),
                        m -> track(touched, BoardKeys.regions(c, m, period, parent)));
            }
            // The participant is ranked nationally and within each level of the region, town included if any.
            for (String scope : new String[]{BoardKeys.NATIONAL, codes[0], codes[1], codes[2], codes[3]}) {
                if (scope != null) {
                    u.add(track(touched, BoardKeys.participants(c, period, scope)), participant, f.points());
                }
            }
            if (unitRegion != null) {
                boolean isNew = day ? firsts.unitD() : firsts.unitT();
                for (String scope : scopes(unitRegion)) {
                    counters(u, f, Bases.Kind.UNIT, f.unitId().toString(), isNew,
                            m -> track(touched, BoardKeys.units(c, m, period, scope)));
                }
            }
            if (day) {
                long expiry = dailyExpiry(f.localDay());
                touched.stream().distinct().forEach(key -> u.expireAt(key, expiry));
            }
        }
        u.hset(BoardKeys.names(c), participant, Names.mask(f.displayName()));
        return u;
    }

    private static String track(List<String> touched, String key) {
        touched.add(key);
        return key;
    }

    /** Points, attempts (人次) and, for someone new to this board, participants and the per-capita rate. */
    private void counters(BoardUpdate u, AttemptFinished f, Bases.Kind kind, String member, boolean newParticipant,
                          java.util.function.Function<Metric, String> key) {
        u.add(key.apply(Metric.POINTS), member, f.points());
        u.add(key.apply(Metric.ATTEMPTS), member, 1);
        u.add(key.apply(Metric.PARTICIPANTS), member, newParticipant ? 1 : 0);
        Integer base = bases.of(kind, member);
        if (newParticipant && base != null) {
            u.rate(key.apply(Metric.RATE), key.apply(Metric.PARTICIPANTS), member, base);
        }
    }

    /** The region scopes a unit is ranked in: national, then its province, city, county (and town). */
    static List<String> scopes(Region unitRegion) {
        List<String> scopes = new ArrayList<>();
        scopes.add(BoardKeys.NATIONAL);
        unitRegion.path().forEach(r -> scopes.add(r.code()));
        return scopes;
    }
}
