package anquanli.lottery;

import anquanli.common.ApiProblem;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Public: the fairness commitment (and, after the draws, the seed) and the draw list to check them against. */
@Path("/api/v1/campaigns/{campaignId}/lottery")
@Produces(MediaType.APPLICATION_JSON)
public class LotteryPublicResource {

    private final LotteryPublicService service;

    public LotteryPublicResource(LotteryPublicService service) {
        this.service = service;
    }

    @GET
    @Path("/fairness")
    public Uni<LotteryViews.Fairness> fairness(@PathParam("campaignId") long campaignId) {
        return service.fairness(campaignId);
    }

    @GET
    @Path("/draws")
    public Uni<LotteryViews.PublicDrawPage> draws(@PathParam("campaignId") long campaignId,
                                                  @QueryParam("after") @DefaultValue("0") long after,
                                                  @QueryParam("limit") @DefaultValue("20") int limit) {
        page(after < 0 ? -1 : 0, limit, 1000);
        return service.draws(campaignId, after, limit);
    }

    static void page(int offset, int limit, int max) {
        if (offset < 0 || limit < 1 || limit > max) {
            throw ApiProblem.badRequest("bad-page", "limit must be 1-" + max + " and offset non-negative");
        }
    }
}
