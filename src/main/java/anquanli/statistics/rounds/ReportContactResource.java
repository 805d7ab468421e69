package anquanli.statistics.rounds;

import anquanli.common.AdminScope;
import anquanli.common.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** 联络员反馈表: each region's contact for the progress report, who gets the reminders. Shown masked. */
@Path("/api/v1/admin/report-contacts/{regionCode}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN})
public class ReportContactResource {

    private final ContactService contacts;
    private final AdminScope scope;
    private final SecurityIdentity identity;

    public ReportContactResource(ContactService contacts, AdminScope scope, SecurityIdentity identity) {
        this.contacts = contacts;
        this.scope = scope;
        this.identity = identity;
    }

    public record ContactRequest(@NotBlank @Size(max = 40) String name, @Size(max = 100) String post,
                                 @Size(max = 30) String officePhone, @NotBlank @Size(max = 20) String mobile) {
    }

    @GET
    public Uni<RoundViews.Contact> get(@PathParam("regionCode") String regionCode) {
        return contacts.get(scope.admin(identity), regionCode);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RoundViews.Contact> put(@PathParam("regionCode") String regionCode,
                                       @Valid @NotNull ContactRequest r) {
        return contacts.save(scope.admin(identity), regionCode, new ContactService.ContactForm(r.name(),
                r.post(), r.officePhone(), r.mobile()));
    }
}
