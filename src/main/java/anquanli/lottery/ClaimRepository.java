package anquanli.lottery;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static anquanli.common.Rows.instant;
import static anquanli.common.Rows.list;
import static anquanli.common.Rows.utc;

/** Claims (the winner's delivery details, encrypted) and the winners they make public. */
@ApplicationScoped
public class ClaimRepository {

    public record Sealed(byte[] name, byte[] phone, byte[] address, String nameMasked, String phoneMasked) {
    }

    /**
     * Submitted again before the deadline, a claim replaces the earlier details, unless the office has started to
     * fulfil it (the prize may be on its way to the old address): then nothing changes and the result is null.
     */
    public Uni<Instant> upsert(SqlClient db, UUID drawId, Sealed s, Instant now) {
        return db.preparedQuery("insert into lottery_claim (draw_id, name_cipher, phone_cipher, address_cipher, "
                        + "name_masked, phone_masked, submitted_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $7) "
                        + "on conflict (draw_id) do update set name_cipher = excluded.name_cipher, "
                        + "phone_cipher = excluded.phone_cipher, address_cipher = excluded.address_cipher, "
                        + "name_masked = excluded.name_masked, phone_masked = excluded.phone_masked, "
                        + "updated_at = excluded.updated_at where lottery_claim.fulfilment is null "
                        + "returning submitted_at")
                .execute(Tuple.of(drawId, s.name(), s.phone()).addValue(s.address()).addValue(s.nameMasked())
                        .addValue(s.phoneMasked()).addValue(utc(now)))
                .map(rows -> rows.size() == 0 ? null : instant(rows.iterator().next(), "submitted_at"));
    }

    public Uni<Set<UUID>> claimed(SqlClient db, List<UUID> drawIds) {
        if (drawIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return db.preparedQuery("select draw_id from lottery_claim where draw_id = any($1)")
                .execute(Tuple.of(drawIds.toArray(UUID[]::new)))
                .map(rows -> Set.copyOf(list(rows, r -> r.getUUID("draw_id"))));
    }

    /** Where a claimed prize stands; status null: claimed, not yet dealt with. */
    public record Fulfilment(Lottery.Fulfilment status, String carrier, String tracking, String note, Instant at,
                             String by) {
    }

    /**
     * A prize issued, with its claim and fulfilment if any, and for points the time they were credited. The
     * participant's masked phone and display name stand in on the public list until the winner claims.
     */
    public record Won(UUID drawId, long seq, Instant drawnAt, long tierId, long participantId, String regionCode,
                      String displayName, String participantPhoneMasked, Sealed claim, Instant submittedAt,
                      Fulfilment fulfilment, Instant creditedAt) {
    }

    private static final String WON_FROM = "select d.id, d.seq, d.drawn_at, d.tier_id, d.participant_id, "
            + "p.region_code, p.display_name, p.phone_masked as participant_phone, c.name_cipher, c.phone_cipher, "
            + "c.address_cipher, c.name_masked, c.phone_masked, c.submitted_at, c.fulfilment, c.carrier, c.tracking, "
            + "c.fulfilment_note, c.fulfilled_at, c.fulfilled_by, pl.created_at as credited_at from lottery_draw d "
            + "join participant p on p.id = d.participant_id left join lottery_claim c on c.draw_id = d.id "
            + "left join points_ledger pl on pl.draw_id = d.id ";
    private static final String WON = WON_FROM + "where d.campaign_id = $1 and d.tier_id is not null ";

    /** Issued prizes in draw order; region (a code prefix) narrows to winners registered within it. */
    public Uni<List<Won>> won(SqlClient db, long campaignId, String region, int offset, int limit) {
        return db.preparedQuery(WON + "and ($2::text is null or p.region_code like $2 || '%') "
                        + "order by d.seq limit $3 offset $4")
                .execute(Tuple.of(campaignId, region, limit, offset)).map(rows -> list(rows, ClaimRepository::won));
    }

    public Uni<Won> wonOne(SqlClient db, UUID drawId) {
        return db.preparedQuery(WON_FROM + "where d.id = $1 and d.tier_id is not null").execute(Tuple.of(drawId))
                .map(rows -> anquanli.common.Rows.first(rows, ClaimRepository::won));
    }

    /** The claim's fulfilment status, locked until the transaction ends; null when there is no claim. */
    public record Current(Lottery.Fulfilment status) {
    }

    public Uni<Current> lockForFulfilment(SqlClient tx, UUID drawId) {
        return tx.preparedQuery("select fulfilment from lottery_claim where draw_id = $1 for update")
                .execute(Tuple.of(drawId)).map(rows -> anquanli.common.Rows.first(rows, r -> new Current(
                        r.getString("fulfilment") == null ? null
                                : Lottery.Fulfilment.valueOf(r.getString("fulfilment")))));
    }

    /**
     * Records a fulfilment step. Carrier and tracking given replace the earlier ones (a corrected number), absent
     * they are kept; fulfilled_at is when the status last changed.
     */
    public Uni<Void> fulfil(SqlClient tx, UUID drawId, Lottery.Fulfilment status, String carrier, String tracking,
                            String note, String admin, Instant now) {
        return tx.preparedQuery("update lottery_claim set fulfilled_at = case when fulfilment is distinct from $2 "
                        + "then $7 else fulfilled_at end, fulfilment = $2, carrier = coalesce($3, carrier), "
                        + "tracking = coalesce($4, tracking), fulfilment_note = coalesce($5, fulfilment_note), "
                        + "fulfilled_by = $6 where draw_id = $1")
                .execute(Tuple.of(drawId, status.name(), carrier, tracking).addValue(note).addValue(admin)
                        .addValue(utc(now)))
                .replaceWithVoid();
    }

    public Uni<Long> countWon(SqlClient db, long campaignId, String region) {
        return db.preparedQuery("select count(*) from lottery_draw d join participant p on p.id = d.participant_id "
                        + "where d.campaign_id = $1 and d.tier_id is not null "
                        + "and ($2::text is null or p.region_code like $2 || '%')")
                .execute(Tuple.of(campaignId, region)).map(rows -> rows.iterator().next().getLong(0));
    }

    public record ClaimCount(long tierId, long claimed, long issued) {
    }

    public Uni<List<ClaimCount>> counts(SqlClient db, long campaignId) {
        return db.preparedQuery("select d.tier_id, count(c.draw_id) as claimed, count(*) as issued from lottery_draw d "
                        + "left join lottery_claim c on c.draw_id = d.id where d.campaign_id = $1 "
                        + "and d.tier_id is not null group by d.tier_id")
                .execute(Tuple.of(campaignId)).map(rows -> list(rows, r -> new ClaimCount(r.getLong("tier_id"),
                        r.getLong("claimed"), r.getLong("issued"))));
    }

    private static Won won(Row r) {
        Sealed claim = r.getValue("name_cipher") == null ? null : new Sealed(r.getBuffer("name_cipher").getBytes(),
                r.getBuffer("phone_cipher").getBytes(),
                r.getValue("address_cipher") == null ? null : r.getBuffer("address_cipher").getBytes(),
                r.getString("name_masked"), r.getString("phone_masked"));
        String status = r.getString("fulfilment");
        Fulfilment fulfilment = claim == null ? null : new Fulfilment(status == null ? null
                : Lottery.Fulfilment.valueOf(status), r.getString("carrier"), r.getString("tracking"),
                r.getString("fulfilment_note"), instant(r, "fulfilled_at"), r.getString("fulfilled_by"));
        return new Won(r.getUUID("id"), r.getLong("seq"), instant(r, "drawn_at"), r.getLong("tier_id"),
                r.getLong("participant_id"), r.getString("region_code"), r.getString("display_name"),
                r.getString("participant_phone"), claim, instant(r, "submitted_at"), fulfilment,
                instant(r, "credited_at"));
    }
}
