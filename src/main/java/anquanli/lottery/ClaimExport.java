package anquanli.lottery;

import anquanli.lottery.LotteryAdminService.ClaimRow;

import java.util.List;

/** Claims for prize fulfilment (发奖), as CSV or XLSX (common.Spreadsheets). */
final class ClaimExport {

    static final List<String> HEADER = List.of("draw_seq", "draw_id", "drawn_at", "prize_rank", "prize", "kind",
            "amount", "participant_id", "region_code", "status", "name", "phone", "address", "submitted_at",
            "carrier", "tracking", "fulfilled_at", "fulfilled_by", "fulfilment_note");

    private ClaimExport() {
    }

    static List<String> cells(ClaimRow r) {
        return List.of(Long.toString(r.seq()), r.drawId().toString(), r.drawnAt().toString(),
                r.prize().rank() == null ? "" : r.prize().rank().toString(), r.prize().name(), r.prize().kind().name(),
                Integer.toString(r.prize().amount()), Long.toString(r.participantId()), text(r.regionCode()),
                r.status().name(), text(r.name()), text(r.phone()), text(r.address()),
                r.submittedAt() == null ? "" : r.submittedAt().toString(), text(r.carrier()), text(r.tracking()),
                r.fulfilledAt() == null ? "" : r.fulfilledAt().toString(), text(r.fulfilledBy()),
                text(r.fulfilmentNote()));
    }

    private static String text(String v) {
        return v == null ? "" : v;
    }
}
