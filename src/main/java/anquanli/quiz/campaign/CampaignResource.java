package anquanli.quiz.campaign;

import anquanli.common.ApiProblem;
import anquanli.common.AppClock;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseHeader;

import java.time.LocalDate;
import java.util.Comparator;

/** What the app shows on its start screen: the campaign running now (or the next one) and its rules. */
@Path("/api/v1/campaigns")
@Produces(MediaType.APPLICATION_JSON)
public class CampaignResource {

    private final CampaignRepository campaigns;
    private final AppClock clock;

    public CampaignResource(CampaignRepository campaigns, AppClock clock) {
        this.campaigns = campaigns;
        this.clock = clock;
    }

    public record CampaignView(long id, String code, String name, LocalDate startDate, LocalDate endDate,
                               Campaign.Status status, LocalDate today, boolean open, Campaign.Rules rules) {
    }

    @GET
    @Path("/current")
    @ResponseHeader(name = "Cache-Control", value = "public, max-age=60")
    public CampaignView current() {
        LocalDate today = clock.today();
        Campaign c = campaigns.all().stream().filter(x -> x.openOn(today)).findFirst()
                .or(() -> campaigns.all().stream()
                        .filter(x -> x.status() == Campaign.Status.ACTIVE && x.startDate().isAfter(today))
                        .min(Comparator.comparing(Campaign::startDate)))
                .orElseThrow(() -> new ApiProblem(404, "no-current-campaign", "No campaign",
                        "No competition is running or scheduled"));
        return new CampaignView(c.id(), c.code(), c.name(), c.startDate(), c.endDate(), c.status(), today,
                c.openOn(today), c.rules());
    }
}
