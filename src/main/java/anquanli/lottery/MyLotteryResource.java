package anquanli.lottery;

import anquanli.common.ApiProblem;
import anquanli.participant.CurrentParticipant;
import anquanli.participant.Tokens;
import io.quarkus.oidc.Tenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The participant's chances and draws in a campaign. */
@Path("/api/v1/me/lottery")
@Tenant(Tokens.PARTICIPANT_TENANT)
@RolesAllowed(Tokens.PARTICIPANT_ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class MyLotteryResource {

    private final LotteryService service;
    private final JsonWebToken jwt;

    public MyLotteryResource(LotteryService service, JsonWebToken jwt) {
        this.service = service;
        this.jwt = jwt;
    }

    @GET
    public Uni<LotteryViews.MyLottery> mine(@QueryParam("campaign") Long campaignId) {
        if (campaignId == null) {
            throw ApiProblem.badRequest("campaign-required", "Name the campaign: ?campaign=<id>");
        }
        return service.mine(campaignId, CurrentParticipant.id(jwt));
    }
}
