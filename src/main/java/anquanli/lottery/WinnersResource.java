package anquanli.lottery;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The public winners list (中奖名单): names and phones masked, addresses never shown. */
@Path("/api/v1/campaigns/{campaignId}/winners")
@Produces(MediaType.APPLICATION_JSON)
public class WinnersResource {

    private final LotteryPublicService service;

    public WinnersResource(LotteryPublicService service) {
        this.service = service;
    }

    @GET
    public Uni<LotteryViews.WinnerPage> winners(@PathParam("campaignId") long campaignId,
                                                @QueryParam("offset") @DefaultValue("0") int offset,
                                                @QueryParam("limit") @DefaultValue("20") int limit) {
        LotteryPublicResource.page(offset, limit, 100);
        return service.winners(campaignId, offset, limit);
    }

}
