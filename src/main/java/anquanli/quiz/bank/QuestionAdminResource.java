package anquanli.quiz.bank;

import anquanli.common.Paging;
import anquanli.common.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** The questions with their statistics, and switching them on or off: the national office only. */
@Path("/api/v1/admin/questions")
@RolesAllowed(Roles.NATIONAL_ADMIN)
public class QuestionAdminResource {

    private final QuestionAdminService admin;

    public QuestionAdminResource(QuestionAdminService admin) {
        this.admin = admin;
    }

    public record EnabledRequest(@NotNull Boolean enabled) {
    }

    public record EnabledView(String id, boolean enabled) {
    }

    public record QuestionPage(List<QuestionAdminService.Summary> items, int offset, int limit,
                               QuestionAdminService.Window lawWindow) {
    }

    public record QuestionDetail(String id, List<QuestionAdminService.Version> versions) {
    }

    /**
     * Questions with their statistics and the status of their legal reference during the campaign's window (today
     * without one); {@code law} keeps those citing that title, {@code notInForce} those that could not be played.
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<QuestionPage> list(@QueryParam("category") String category, @QueryParam("enabled") Boolean enabled,
                                  @QueryParam("q") String q, @QueryParam("sort") String sort,
                                  @QueryParam("law") String law, @QueryParam("notInForce") boolean notInForce,
                                  @QueryParam("campaign") Long campaign,
                                  @QueryParam("offset") @DefaultValue("0") int offset,
                                  @QueryParam("limit") @DefaultValue("50") int limit) {
        Paging.check(offset, limit, 200);
        var filter = new QuestionAdminService.Filter(category, enabled, q == null || q.isBlank() ? null : q.strip(),
                law == null || law.isBlank() ? null : law.strip(), notInForce, campaign);
        return admin.list(filter, sort, offset, limit)
                .map(page -> new QuestionPage(page.items(), offset, limit, page.window()));
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<QuestionDetail> one(@PathParam("id") String id) {
        return admin.versions(id).map(v -> new QuestionDetail(id, v));
    }

    @PUT
    @Path("/{id}/enabled")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<EnabledView> enable(@PathParam("id") String id, @Valid @NotNull EnabledRequest request) {
        return admin.setEnabled(id, request.enabled()).map(e -> new EnabledView(id, e));
    }
}
