package anquanli.unit;

import anquanli.common.AdminAction;
import anquanli.common.AdminScope;
import anquanli.common.ApiProblem;
import anquanli.region.Region;
import anquanli.region.RegionTree;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Units registered by admins, one at a time or in bulk from a spreadsheet, always within the admin's own region and
 * at county or town level. A bulk import is all or nothing: every row is checked first (and against the units
 * already registered), and the rows are inserted in one transaction only when none is wrong.
 */
@ApplicationScoped
public class UnitAdminService {

    private final Pool pool;
    private final RegionTree regions;
    private final AdminScope scope;

    public UnitAdminService(Pool pool, RegionTree regions, AdminScope scope) {
        this.pool = pool;
        this.regions = regions;
        this.scope = scope;
    }

    /** One unit to register; {@code row} is the spreadsheet row it came from (0 for a single create). */
    public record Draft(int row, String name, String regionCode, String creditCode, String kind) {
    }

    public record RowError(int row, String message) {
    }

    public record Imported(int rows, boolean dryRun) {
    }

    public Uni<Long> create(AdminScope.Admin admin, Draft d) {
        Region region = regions.find(d.regionCode());
        if (region != null) {
            // A region beyond the admin's remit is refused as such, before any mistake in the draft is reported.
            scope.require(admin, AdminAction.MANAGE_UNITS, region);
        }
        List<String> problems = check(admin, d);
        if (!problems.isEmpty()) {
            throw ApiProblem.badRequest("unit-invalid", String.join("; ", problems));
        }
        return pool.preparedQuery("insert into unit (name, region_code, credit_code, kind) values ($1, $2, $3, $4) "
                        + "on conflict do nothing returning id")
                .execute(Tuple.of(d.name().strip(), d.regionCode(), blankToNull(d.creditCode()), kind(d.kind())))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ApiProblem.conflict("unit-exists", "A unit with this name in this region, or with this "
                                + "credit code, is already registered");
                    }
                    return rows.iterator().next().getLong("id");
                });
    }

    public Uni<Imported> importAll(AdminScope.Admin admin, List<Draft> drafts, boolean dryRun) {
        List<RowError> errors = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        Map<String, Integer> codes = new HashMap<>();
        for (Draft d : drafts) {
            check(admin, d).forEach(m -> errors.add(new RowError(d.row(), m)));
            Integer dup = names.putIfAbsent(d.regionCode() + "/" + (d.name() == null ? "" : d.name().strip()), d.row());
            if (dup != null) {
                errors.add(new RowError(d.row(), "same name and region as row " + dup));
            }
            if (d.creditCode() != null && !d.creditCode().isBlank()) {
                Integer dupCode = codes.putIfAbsent(d.creditCode(), d.row());
                if (dupCode != null) {
                    errors.add(new RowError(d.row(), "same credit code as row " + dupCode));
                }
            }
        }
        if (drafts.isEmpty()) {
            errors.add(new RowError(1, "the file has no units"));
        }
        return existing(drafts).chain(taken -> {
            for (Draft d : drafts) {
                if (taken.contains("n:" + d.regionCode() + "/" + (d.name() == null ? "" : d.name().strip()))) {
                    errors.add(new RowError(d.row(), "a unit with this name is already registered in this region"));
                }
                if (d.creditCode() != null && taken.contains("c:" + d.creditCode())) {
                    errors.add(new RowError(d.row(), "a unit with this credit code is already registered"));
                }
            }
            if (!errors.isEmpty()) {
                errors.sort(java.util.Comparator.comparingInt(RowError::row));
                List<RowError> foreign = drafts.stream().filter(d -> {
                    Region r = regions.find(d.regionCode());
                    return r != null && !scope.may(admin, AdminAction.MANAGE_UNITS, r);
                }).map(d -> new RowError(d.row(), "region " + d.regionCode() + " is outside your region")).toList();
                if (!foreign.isEmpty()) {
                    // Registering units elsewhere is not a mistake in the file but beyond the admin's remit.
                    return Uni.createFrom().failure(new ApiProblem(403, "region-out-of-scope", "Outside your region",
                            foreign.size() + " row(s) name regions outside your region; nothing was imported",
                            Map.of("rowErrors", foreign)));
                }
                return Uni.createFrom().failure(new ApiProblem(422, "unit-import-invalid", "Unit import rejected",
                        errors.size() + " problem(s); nothing was imported", Map.of("rowErrors", errors)));
            }
            if (dryRun) {
                return Uni.createFrom().item(new Imported(drafts.size(), true));
            }
            List<Tuple> batch = drafts.stream().map(d -> Tuple.of(d.name().strip(), d.regionCode(),
                    blankToNull(d.creditCode()), kind(d.kind()))).toList();
            return pool.withTransaction(tx -> tx.preparedQuery("insert into unit (name, region_code, credit_code, "
                            + "kind) values ($1, $2, $3, $4)").executeBatch(batch))
                    .map(x -> new Imported(drafts.size(), false));
        });
    }

    private Uni<Set<String>> existing(List<Draft> drafts) {
        String[] regionsArr = drafts.stream().map(d -> String.valueOf(d.regionCode())).toArray(String[]::new);
        String[] namesArr = drafts.stream().map(d -> d.name() == null ? "" : d.name().strip()).toArray(String[]::new);
        String[] codesArr = drafts.stream().map(Draft::creditCode).filter(c -> c != null && !c.isBlank())
                .toArray(String[]::new);
        return pool.preparedQuery("select 'n:' || u.region_code || '/' || u.name as k from unit u "
                        + "join unnest($1::text[], $2::text[]) as t(r, n) on u.region_code = t.r and u.name = t.n "
                        + "union select 'c:' || credit_code from unit where credit_code = any($3)")
                .execute(Tuple.of(regionsArr, namesArr, codesArr))
                .map(rows -> {
                    Set<String> out = new HashSet<>();
                    rows.forEach(r -> out.add(r.getString("k")));
                    return out;
                });
    }

    private List<String> check(AdminScope.Admin admin, Draft d) {
        List<String> problems = new ArrayList<>();
        if (d.name() == null || d.name().isBlank() || d.name().strip().length() > 200) {
            problems.add("name is required (at most 200 characters)");
        }
        Region r = regions.find(d.regionCode());
        if (r == null) {
            problems.add("regionCode " + d.regionCode() + " is not a known division code");
        } else if (!r.isLocal()) {
            problems.add("regionCode must be a county or town/street, not a " + r.level());
        } else {
            problems.addAll(outOfScope(admin, r));
        }
        if (d.creditCode() != null && !d.creditCode().isBlank() && !CreditCode.valid(d.creditCode())) {
            problems.add("creditCode " + d.creditCode() + " is not a valid 统一社会信用代码");
        }
        try {
            kind(d.kind());
        } catch (IllegalArgumentException e) {
            problems.add("kind must be one of ENTERPRISE, AGENCY, INSTITUTION, SCHOOL, OTHER");
        }
        return problems;
    }

    private List<String> outOfScope(AdminScope.Admin admin, Region r) {
        return scope.may(admin, AdminAction.MANAGE_UNITS, r) ? List.of()
                : List.of("region " + r.code() + " is outside your region " + admin.regionCode());
    }

    private static String kind(String kind) {
        return Unit.Kind.valueOf(kind == null || kind.isBlank() ? "ENTERPRISE" : kind.strip().toUpperCase(Locale.ROOT))
                .name();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
