package anquanli.quiz.attempt;

import anquanli.common.AppClock;
import anquanli.participant.CurrentParticipant;
import anquanli.participant.Tokens;
import anquanli.quiz.bank.QuestionCatalog;
import io.smallrye.mutiny.Uni;
import io.quarkus.oidc.Tenant;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;
import java.util.UUID;

/** The participant's side of the daily challenge. */
@Path("/api/v1/attempts")
@Tenant(Tokens.PARTICIPANT_TENANT)
@RolesAllowed(Tokens.PARTICIPANT_ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class AttemptResource {

    private final AttemptService service;
    private final QuestionCatalog catalog;
    private final JsonWebToken jwt;
    private final AppClock clock;

    public AttemptResource(AttemptService service, QuestionCatalog catalog, JsonWebToken jwt, AppClock clock) {
        this.service = service;
        this.catalog = catalog;
        this.jwt = jwt;
        this.clock = clock;
    }

    /** {@code next}: also deliver the following question (its clock starts with this response). */
    public record AnswerRequest(@NotNull @Min(1) @Max(100) Integer index,
                                @NotNull @Size(max = 6) List<@NotNull @Size(min = 1, max = 20) String> optionIds,
                                Boolean next) {
    }

    @GET
    @Path("/{id}")
    public Uni<AttemptViews.AttemptView> get(@PathParam("id") UUID id) {
        return service.get(id, CurrentParticipant.id(jwt)).map(AttemptViews.AttemptView::of);
    }

    @GET
    @Path("/{id}/review")
    public Uni<AttemptViews.Review> review(@PathParam("id") UUID id) {
        long me = CurrentParticipant.id(jwt);
        return service.review(id, me).chain(items -> service.get(id, me).map(a -> AttemptViews.review(a, items)));
    }

    @GET
    @Path("/{id}/questions/current")
    public Uni<AttemptViews.CurrentQuestion> current(@PathParam("id") UUID id) {
        return service.current(id, CurrentParticipant.id(jwt))
                .map(s -> AttemptViews.current(s, catalog.categoryName(s.question().category()), clock.now()));
    }

    @POST
    @Path("/{id}/answers")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<AttemptViews.AnswerResult> answer(@PathParam("id") UUID id, @Valid @NotNull AnswerRequest request) {
        return service.answer(id, CurrentParticipant.id(jwt), request.index(), request.optionIds(),
                        Boolean.TRUE.equals(request.next()))
                .map(g -> AttemptViews.answer(g, catalog, clock.now()));
    }

}
