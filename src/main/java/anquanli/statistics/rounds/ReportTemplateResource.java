package anquanli.statistics.rounds;

import anquanli.common.AdminScope;
import anquanli.common.Roles;
import anquanli.common.Uploads;
import io.smallrye.common.annotation.Blocking;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.nio.charset.StandardCharsets;

/** A campaign's progress-report template: read by the offices, replaced (YAML, checked whole) by the national one. */
@Path("/api/v1/admin/campaigns/{id}/report-template")
@Produces(MediaType.APPLICATION_JSON)
public class ReportTemplateResource {

    private final RoundService rounds;
    private final AdminScope scope;
    private final SecurityIdentity identity;

    public ReportTemplateResource(RoundService rounds, AdminScope scope, SecurityIdentity identity) {
        this.rounds = rounds;
        this.scope = scope;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN})
    public Uni<RoundService.TemplateView> get(@PathParam("id") long campaignId) {
        scope.admin(identity);
        return rounds.template(campaignId);
    }

    /** A template is a few kilobytes; parsing runs on a worker, never on the event loop. */
    static final int MAX_TEMPLATE_BYTES = 256 * 1024;

    @PUT
    @Consumes({"application/yaml", "text/yaml", MediaType.TEXT_PLAIN})
    @RolesAllowed(Roles.NATIONAL_ADMIN)
    @Blocking
    public Uni<RoundService.TemplateView> put(@PathParam("id") long campaignId, byte[] yaml) {
        Uploads.requireSize(yaml, MAX_TEMPLATE_BYTES);
        return rounds.saveTemplate(scope.admin(identity), campaignId, new String(yaml, StandardCharsets.UTF_8));
    }
}
