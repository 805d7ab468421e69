package anquanli.quiz.attempt;

import anquanli.common.Paging;
import anquanli.participant.CurrentParticipant;
import anquanli.participant.Tokens;
import io.smallrye.mutiny.Uni;
import io.quarkus.oidc.Tenant;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The participant's attempt history. */
@Path("/api/v1/me/attempts")
@Tenant(Tokens.PARTICIPANT_TENANT)
@RolesAllowed(Tokens.PARTICIPANT_ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class MyAttemptsResource {

    private final AttemptService service;
    private final JsonWebToken jwt;

    public MyAttemptsResource(AttemptService service, JsonWebToken jwt) {
        this.service = service;
        this.jwt = jwt;
    }

    @GET
    public Uni<AttemptViews.AttemptPage> mine(@QueryParam("campaign") Long campaignId,
                                              @QueryParam("offset") @DefaultValue("0") int offset,
                                              @QueryParam("limit") @DefaultValue("20") int limit) {
        Paging.check(offset, limit, 100);
        long me = CurrentParticipant.id(jwt);
        return service.list(me, campaignId, offset, limit).chain(list -> service.count(me, campaignId)
                .map(total -> new AttemptViews.AttemptPage(list.stream().map(AttemptViews.AttemptView::of).toList(),
                        total, offset, limit)));
    }
}
