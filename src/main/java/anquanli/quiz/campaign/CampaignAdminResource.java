package anquanli.quiz.campaign;

import anquanli.common.ApiProblem;
import anquanli.common.Roles;
import anquanli.quiz.bank.QuestionCatalog;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Campaign administration: every admin may look; only the national office creates, edits and opens or closes. */
@Path("/api/v1/admin/campaigns")
@Produces(MediaType.APPLICATION_JSON)
public class CampaignAdminResource {

    private final CampaignAdminService service;
    private final QuestionCatalog catalog;

    public CampaignAdminResource(CampaignAdminService service, QuestionCatalog catalog) {
        this.service = service;
        this.catalog = catalog;
    }

    public record RulesRequest(@NotNull @Min(1) @Max(10) Integer attemptsPerDay,
                               @NotNull @Min(1) @Max(100) Integer questionsPerAttempt,
                               @NotNull @Min(5) @Max(600) Integer secondsPerQuestion,
                               @NotNull @Min(1) @Max(100) Integer correctPerChance,
                               @NotNull @Min(0) @Max(100) Integer chancesPerDayCap,
                               @NotNull @Min(0) @Max(1000) Integer pointsPerCorrect,
                               @NotNull @Min(0) @Max(10000) Integer perfectBonus,
                               @NotEmpty Map<String, @NotNull @Min(0) @Max(100) Integer> categoryMix) {
    }

    public record CampaignRequest(@NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{2,59}",
                                          message = "3-60 lower-case letters, digits and dashes") String code,
                                  @NotBlank @Size(max = 200) String name,
                                  @NotNull LocalDate startDate,
                                  @NotNull LocalDate endDate,
                                  @NotNull @Valid RulesRequest rules) {
    }

    public record StatusRequest(@NotNull Campaign.Status status) {
    }

    public record CampaignAdminView(long id, String code, String name, LocalDate startDate, LocalDate endDate,
                                    Campaign.Status status, Campaign.Rules rules, long attempts,
                                    LocalDate firstPlayedDay, LocalDate lastPlayedDay, boolean rulesLocked) {
        static CampaignAdminView of(CampaignAdminService.Managed m) {
            Campaign c = m.campaign();
            return new CampaignAdminView(c.id(), c.code(), c.name(), c.startDate(), c.endDate(), c.status(),
                    c.rules(), m.attempts(), m.firstPlayedDay(), m.lastPlayedDay(), m.attempts() > 0);
        }
    }

    public record CampaignList(List<CampaignAdminView> items) {
    }

    @GET
    @RolesAllowed({Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN})
    public Uni<CampaignList> list() {
        return service.list().map(l -> new CampaignList(l.stream().map(CampaignAdminView::of).toList()));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN})
    public Uni<CampaignAdminView> get(@PathParam("id") long id) {
        return service.get(id).map(CampaignAdminView::of);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.NATIONAL_ADMIN)
    public Uni<Response> create(@Valid @NotNull CampaignRequest request) {
        return service.create(draft(request)).map(m -> Response.created(URI.create("/api/v1/admin/campaigns/"
                + m.campaign().id())).entity(CampaignAdminView.of(m)).build());
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.NATIONAL_ADMIN)
    public Uni<CampaignAdminView> update(@PathParam("id") long id, @Valid @NotNull CampaignRequest request) {
        return service.update(id, draft(request)).map(CampaignAdminView::of);
    }

    @POST
    @Path("/{id}/status")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.NATIONAL_ADMIN)
    public Uni<CampaignAdminView> status(@PathParam("id") long id, @Valid @NotNull StatusRequest request) {
        return service.transition(id, request.status()).map(CampaignAdminView::of);
    }

    private CampaignAdminService.Draft draft(CampaignRequest r) {
        for (String category : r.rules().categoryMix().keySet()) {
            if (catalog.categoryName(category) == null) {
                throw ApiProblem.badRequest("category-unknown", "categoryMix names " + category
                        + ", which is not a question bank category");
            }
        }
        RulesRequest x = r.rules();
        return new CampaignAdminService.Draft(r.code(), r.name(), r.startDate(), r.endDate(),
                new Campaign.Rules(x.attemptsPerDay(), x.questionsPerAttempt(), x.secondsPerQuestion(),
                        x.correctPerChance(), x.chancesPerDayCap(), x.pointsPerCorrect(), x.perfectBonus(),
                        Map.copyOf(x.categoryMix())));
    }
}
