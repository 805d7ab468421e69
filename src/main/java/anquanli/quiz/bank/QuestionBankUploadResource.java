package anquanli.quiz.bank;

import anquanli.common.ApiProblem;
import anquanli.common.Roles;
import anquanli.common.Uploads;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Question bank uploads (YAML or Excel, all or nothing) and the Excel template: the national office only. */
@Path("/api/v1/admin/question-bank")
@RolesAllowed(Roles.NATIONAL_ADMIN)
public class QuestionBankUploadResource {

    private static final Logger LOG = Logger.getLogger(QuestionBankUploadResource.class);

    private final QuestionBankService bank;
    private final SecurityIdentity identity;

    public QuestionBankUploadResource(QuestionBankService bank, SecurityIdentity identity) {
        this.bank = bank;
        this.identity = identity;
    }

    /**
     * All or nothing: any defect in the upload rejects it whole (422 question-bank-invalid, every defect listed
     * with its line or sheet row); otherwise everything is written in one transaction.
     */
    @POST
    @Path("/imports")
    @Consumes({"application/yaml", "text/yaml", "application/x-yaml", Uploads.XLSX})
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public QuestionBankService.ImportReport upload(byte[] body, @HeaderParam("Content-Type") String contentType,
                                                   @QueryParam("file") @DefaultValue("upload.yaml") String file,
                                                   @QueryParam("dryRun") @DefaultValue("false") boolean dryRun) {
        Uploads.requireSize(body);
        boolean excel = Uploads.isXlsx(contentType);
        Uni<List<BankParser.FileResult>> parsed = excel
                ? bank.categories().map(known -> ExcelBank.parse(file.endsWith(".xlsx") ? file : "upload.xlsx", body,
                known, Set.of()))
                : bank.parseUpload(Map.of(file.endsWith(".yaml") ? file : file + ".yaml",
                new String(body, StandardCharsets.UTF_8)));
        QuestionBankService.ImportReport report = parsed.chain(p -> bank.importUpload(p, dryRun))
                .await().atMost(Duration.ofMinutes(2));
        if (report.hasDefects()) {
            List<String> defects = report.files().stream().flatMap(f -> f.defects().stream()).toList();
            throw new ApiProblem(422, "question-bank-invalid", "Question bank upload rejected",
                    defects.size() + " defect(s); nothing was imported", Map.of("defects", defects));
        }
        LOG.infof("Question bank upload by %s: %d new, %d new versions%s", identity.getPrincipal().getName(),
                report.created(), report.updated(), dryRun ? " (dry run)" : "");
        return report;
    }

    @GET
    @Path("/template.xlsx")
    @Produces(Uploads.XLSX)
    @Blocking
    public Response template() {
        return Response.ok(ExcelBank.template(), Uploads.XLSX)
                .header("Content-Disposition", "attachment; filename=\"question-bank-template.xlsx\"").build();
    }
}
