package anquanli.quiz.bank;

import anquanli.common.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Comparator;
import java.util.List;

/** The bank's categories for whoever sets up a campaign's mix or reads its figures. */
@Path("/api/v1/admin/question-categories")
@RolesAllowed({Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN})
public class QuestionCategoryResource {

    private final QuestionCatalog catalog;

    public QuestionCategoryResource(QuestionCatalog catalog) {
        this.catalog = catalog;
    }

    public record CategoryView(String code, String name, int enabledQuestions) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<CategoryView> list() {
        var enabled = catalog.enabledByCategory();
        return catalog.categoryNames().entrySet().stream()
                .map(e -> new CategoryView(e.getKey(), e.getValue(), enabled.getOrDefault(e.getKey(), List.of()).size()))
                .sorted(Comparator.comparing(CategoryView::code))
                .toList();
    }
}
