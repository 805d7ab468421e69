package anquanli.quiz.bank;

import anquanli.common.AppClock;
import anquanli.common.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The law register as the bank's editors read it: each edition, whether it is in force today, who cites it. */
@Path("/api/v1/admin/laws")
@RolesAllowed(Roles.NATIONAL_ADMIN)
public class LawRegisterResource {

    private final LawRegisterStore store;
    private final Pool pool;
    private final AppClock clock;

    public LawRegisterResource(LawRegisterStore store, Pool pool, AppClock clock) {
        this.store = store;
        this.pool = pool;
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
        return pool.query("select v.legal_ref ->> 'law' as title, v.legal_ref ->> 'edition' as edition, count(*) as n "
                        + "from question q join question_version v on v.question_id = q.id "
                        + "and v.version = q.current_version where q.enabled and v.legal_ref is not null group by 1, 2")
                .execute().chain(rows -> {
                    Map<LawRegister.Key, Integer> citing = new HashMap<>();
                    rows.forEach(r -> citing.put(new LawRegister.Key(r.getString("title"), r.getString("edition")),
                            r.getLong("n").intValue()));
                    return store.load().map(register -> register.values().stream().map(l -> new LawView(l.title(),
                            l.edition(), l.level(), l.issuer(), l.document(), l.adopted(), l.inForce(),
                            l.supersededFrom() == null ? null : new QuestionAdminService.Replacement(
                                    l.supersededByTitle(), l.supersededByEdition(), l.supersededFrom()),
                            l.note(), l.during(today, today), citing.getOrDefault(l.key(), 0))).toList());
                });
    }
}
