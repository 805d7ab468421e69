package anquanli.statistics.rounds;

import anquanli.region.RegionRef;
import anquanli.statistics.rounds.ReportTemplate.FieldType;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** API shapes of reporting rounds and their tables. Contacts appear masked. */
public final class RoundViews {

    private RoundViews() {
    }

    public record Round(long id, long campaignId, String title, String scope, Instant deadline, LocalDate periodFrom,
                        LocalDate periodTo, String createdBy, Instant createdAt) {

        static Round of(RoundRepository.RoundRow r) {
            return new Round(r.id(), r.campaignId(), r.title(), r.scopeCode(), r.deadline(), r.periodFrom(),
                    r.periodTo(), r.createdBy(), r.createdAt());
        }
    }

    public record Text(RegionRef region, String text) {
    }

    /**
     * A blank of the table. {@code own}: what this region typed (a number, true/false or a text; null if nothing);
     * {@code total}: the count with the submitted tables below (a measured count: the service's figure for the region;
     * a yes/no box: how many said yes); {@code texts}: this region's and the submitted regions' texts.
     */
    public record Field(String id, FieldType type, String unit, String source, Object own, Long total,
                        List<Text> texts) {
    }

    /** {@code progress}: the requirement with its blanks filled in, as the 进展情况 column shows it. */
    public record Line(String id, String item, String requirement, String progress, List<Field> fields) {
    }

    public record Section(String id, String title, List<Line> lines) {
    }

    public record Contact(String name, String post, String officePhone, String mobile) {
    }

    /** A region's place in a round: NOT_STARTED, DRAFT, SUBMITTED or REOPENED; late once the deadline passed unsent. */
    public record Status(RegionRef region, String status, Instant submittedAt, String submittedBy, boolean late,
                         Contact contact) {
    }

    public record Table(Round round, String templateTitle, Status status, List<Section> sections,
                        List<Status> children) {
    }

    public record Change(String action, List<Map<String, Object>> changes, String reason, String actor, Instant at) {
    }

    public record Reminders(int sent, List<String> withoutContact) {
    }
}
