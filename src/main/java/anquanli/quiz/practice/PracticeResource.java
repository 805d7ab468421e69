package anquanli.quiz.practice;

import anquanli.participant.CurrentParticipant;
import anquanli.participant.Tokens;
import io.quarkus.oidc.Tenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;
import java.util.UUID;

/** Practice mode (练功房), beside the daily challenge: see {@link PracticeService}. */
@Path("/api/v1")
@Tenant(Tokens.PARTICIPANT_TENANT)
@RolesAllowed(Tokens.PARTICIPANT_ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class PracticeResource {

    private final PracticeService service;
    private final JsonWebToken jwt;

    public PracticeResource(PracticeService service, JsonWebToken jwt) {
        this.service = service;
        this.jwt = jwt;
    }

    /** {@code category}: a code from the practice categories, or null for questions from the whole bank. */
    public record StartRequest(@Pattern(regexp = "[a-z][a-z0-9-]{1,39}") String category,
                               @Min(1) @Max(100) Integer size) {
    }

    public record AnswerRequest(@NotNull @Min(1) @Max(100) Integer index,
                                @NotNull @Size(max = 6) List<@NotNull @Size(min = 1, max = 20) String> optionIds) {
    }

    @GET
    @Path("/practice-categories")
    public List<PracticeViews.CategoryView> categories() {
        return service.categories();
    }

    @POST
    @Path("/practice-sessions")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> start(@Valid StartRequest request) {
        StartRequest r = request == null ? new StartRequest(null, null) : request;
        return service.start(CurrentParticipant.id(jwt), r.category(), r.size())
                .map(s -> Response.status(201).entity(s).build());
    }

    @GET
    @Path("/practice-sessions/{id}")
    public Uni<PracticeViews.SessionView> get(@PathParam("id") UUID id) {
        return service.get(id, CurrentParticipant.id(jwt));
    }

    @POST
    @Path("/practice-sessions/{id}/answers")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<PracticeViews.AnswerResult> answer(@PathParam("id") UUID id, @Valid @NotNull AnswerRequest request) {
        return service.answer(id, CurrentParticipant.id(jwt), request.index(), request.optionIds());
    }
}
