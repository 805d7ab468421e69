package anquanli.quiz.bank;

import anquanli.common.AppClock;
import anquanli.common.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.LocalDate;
import java.util.List;

/** The law register as the bank's editors read it: each edition, whether it is in force today, who cites it. */
@Path("/api/v1/admin/laws")
@RolesAllowed(Roles.NATIONAL_ADMIN)
public class LawRegisterResource {

    private final LawRegisterRepository repository;
    private final AppClock clock;

    public LawRegisterResource(LawRegisterRepository repository, AppClock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public record LawView(String title, String edition, String level, String issuer, String document,
                          LocalDate adopted, LocalDate inForce, QuestionAdminService.Replacement supersededBy,
                          String note, LawRegister.Status statusToday, int enabledQuestions) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<List<LawView>> list() {
        LocalDate today = clock.today();
        return repository.citingQuestions().chain(citing -> repository.load().map(register -> register.values().stream()
                .map(l -> new LawView(l.title(), l.edition(), l.level(), l.issuer(), l.document(), l.adopted(),
                        l.inForce(), l.supersededFrom() == null ? null : new QuestionAdminService.Replacement(
                        l.supersededByTitle(), l.supersededByEdition(), l.supersededFrom()),
                        l.note(), l.during(today, today), citing.getOrDefault(l.key(), 0)))
                .toList()));
    }
}
