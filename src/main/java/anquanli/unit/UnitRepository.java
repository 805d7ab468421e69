package anquanli.unit;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class UnitRepository implements PanacheRepository<Unit> {

    /** Division codes nest by prefix (11 → 1101 → 110101 → 110101001), so "in or below a region" is a prefix match. */
    public Uni<List<Unit>> search(String regionCode, String nameContains, int offset, int limit) {
        String name = "%" + escapeLike(nameContains == null ? "" : nameContains.trim()) + "%";
        return find("regionCode like ?1 and name like ?2 escape '\\'", Sort.by("name").and("id"),
                escapeLike(regionCode) + "%", name)
                .page(Page.of(offset / limit, limit)).list();
    }

    public Uni<Long> countSearch(String regionCode, String nameContains) {
        String name = "%" + escapeLike(nameContains == null ? "" : nameContains.trim()) + "%";
        return count("regionCode like ?1 and name like ?2 escape '\\'", escapeLike(regionCode) + "%", name);
    }

    private static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
