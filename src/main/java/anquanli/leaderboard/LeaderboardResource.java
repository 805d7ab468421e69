package anquanli.leaderboard;

import anquanli.common.ApiProblem;
import anquanli.common.Paging;
import anquanli.quiz.campaign.Campaign;
import anquanli.region.RegionLevel;
import anquanli.region.RegionRef;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseHeader;

import java.time.LocalDate;
import java.util.List;

/** Public rankings shown in the app. Short-cached: they change with every finished attempt. */
@Path("/api/v1/campaigns/{id}/leaderboards")
@Produces(MediaType.APPLICATION_JSON)
public class LeaderboardResource {

    private final LeaderboardService boards;

    public LeaderboardResource(LeaderboardService boards) {
        this.boards = boards;
    }

    public record RegionEntry(int rank, String code, String name, RegionLevel level, long value) {
    }

    public record UnitEntry(int rank, long unitId, String name, String regionCode, long value) {
    }

    public record ParticipantEntry(int rank, String name, long value) {
    }

    public record Board<T>(long campaignId, Metric metric, LocalDate day, RegionRef scope, long total, int offset,
                           int limit, List<T> items) {
    }

    @GET
    @Path("/regions")
    @ResponseHeader(name = "Cache-Control", value = "public, max-age=10")
    public Uni<Board<RegionEntry>> regions(@PathParam("id") long id, @QueryParam("parent") String parent,
                                           @QueryParam("metric") @DefaultValue("POINTS") String metric,
                                           @QueryParam("day") LocalDate day,
                                           @QueryParam("offset") @DefaultValue("0") int offset,
                                           @QueryParam("limit") @DefaultValue("20") int limit) {
        Campaign c = boards.campaign(id);
        Metric m = metric(metric);
        Paging.check(offset, limit, 100);
        String scope = boards.parentScope(parent);
        return boards.page(id, BoardKeys.regions(id, m, boards.period(c, day), scope), offset, limit)
                .map(p -> new Board<>(id, m, day, boards.ref(scope), p.total(), offset, limit, p.entries().stream()
                        .map(e -> {
                            RegionRef r = boards.ref(e.member());
                            return new RegionEntry(e.rank(), e.member(), r == null ? e.member() : r.name(),
                                    r == null ? null : r.level(), e.value());
                        }).toList()));
    }

    @GET
    @Path("/units")
    @ResponseHeader(name = "Cache-Control", value = "public, max-age=10")
    public Uni<Board<UnitEntry>> units(@PathParam("id") long id, @QueryParam("region") String region,
                                       @QueryParam("metric") @DefaultValue("POINTS") String metric,
                                       @QueryParam("day") LocalDate day,
                                       @QueryParam("offset") @DefaultValue("0") int offset,
                                       @QueryParam("limit") @DefaultValue("20") int limit) {
        Campaign c = boards.campaign(id);
        Metric m = metric(metric);
        Paging.check(offset, limit, 100);
        String scope = boards.scope(region);
        return boards.page(id, BoardKeys.units(id, m, boards.period(c, day), scope), offset, limit)
                .chain(p -> boards.units(p.entries().stream().map(e -> Long.parseLong(e.member())).toList())
                        .map(units -> new Board<>(id, m, day, boards.ref(scope), p.total(), offset, limit,
                                p.entries().stream().map(e -> {
                                    String[] u = units.get(Long.parseLong(e.member()));
                                    return new UnitEntry(e.rank(), Long.parseLong(e.member()),
                                            u == null ? null : u[0], u == null ? null : u[1], e.value());
                                }).toList())));
    }

    @GET
    @Path("/participants")
    @ResponseHeader(name = "Cache-Control", value = "public, max-age=10")
    public Uni<Board<ParticipantEntry>> participants(@PathParam("id") long id, @QueryParam("region") String region,
                                                     @QueryParam("day") LocalDate day,
                                                     @QueryParam("offset") @DefaultValue("0") int offset,
                                                     @QueryParam("limit") @DefaultValue("20") int limit) {
        Campaign c = boards.campaign(id);
        Paging.check(offset, limit, 100);
        String scope = boards.scope(region);
        return boards.page(id, BoardKeys.participants(id, boards.period(c, day), scope), offset, limit)
                .chain(p -> boards.participantNames(id, p.entries().stream().map(LeaderboardService.Entry::member)
                                .toList())
                        .map(names -> new Board<>(id, Metric.POINTS, day, boards.ref(scope), p.total(), offset, limit,
                                p.entries().stream().map(e -> new ParticipantEntry(e.rank(), names.get(e.member()),
                                        e.value())).toList())));
    }

    static Metric metric(String name) {
        try {
            return Metric.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("metric-unknown", "metric must be POINTS, PARTICIPANTS, ATTEMPTS or RATE");
        }
    }

}
