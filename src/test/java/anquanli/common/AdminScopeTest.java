package anquanli.common;

import anquanli.leaderboard.LeaderboardAdminResource;
import anquanli.lottery.LotteryAdminResource;
import anquanli.region.Region;
import anquanli.region.TestRegions;
import anquanli.statistics.StatisticsResource;
import anquanli.unit.UnitAdminResource;
import jakarta.annotation.security.RolesAllowed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static anquanli.common.AdminAction.HANDLE_HAZARDS;
import static anquanli.common.AdminAction.MANAGE_ACTIVITIES;
import static anquanli.common.AdminAction.READ_ACTIVITIES;
import static anquanli.common.AdminAction.EDIT_REPORT_TEMPLATE;
import static anquanli.common.AdminAction.OPEN_REPORT_ROUNDS;
import static anquanli.common.AdminAction.FILL_PROGRESS_REPORT;
import static anquanli.common.AdminAction.REOPEN_PROGRESS_REPORT;
import static anquanli.common.AdminAction.MANAGE_UNITS;
import static anquanli.common.AdminAction.READ_HAZARDS;
import static anquanli.common.AdminAction.REVEAL_REPORTER;
import static anquanli.common.AdminAction.REVIEW_SIGNALS;
import static anquanli.common.AdminAction.SET_BASE;
import static anquanli.common.AdminAction.VIEW_CLAIMS;
import static anquanli.common.AdminAction.VIEW_STATISTICS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The permission table, checked cell by cell against a copy written out here: a change to {@link AdminAction} that
 * is not also made here fails, so the table cannot drift by accident.
 */
class AdminScopeTest {

    private static final String NATIONAL = Roles.NATIONAL_ADMIN;
    private static final String REGION = Roles.REGION_ADMIN;
    private static final String HAZARD = Roles.HAZARD_OFFICER;
    private static final String ORGANIZER = Roles.ORGANIZER;

    /** Who may do what, and which actions reach only strictly below the admin's region. */
    private static final Map<AdminAction, Set<String>> ROLES = new EnumMap<>(Map.ofEntries(
            Map.entry(VIEW_STATISTICS, Set.of(NATIONAL, REGION)),
            Map.entry(REVIEW_SIGNALS, Set.of(NATIONAL, REGION)),
            Map.entry(MANAGE_UNITS, Set.of(NATIONAL, REGION)),
            Map.entry(SET_BASE, Set.of(NATIONAL, REGION)),
            Map.entry(VIEW_CLAIMS, Set.of(NATIONAL, REGION)),
            Map.entry(READ_HAZARDS, Set.of(NATIONAL, REGION, HAZARD)),
            Map.entry(HANDLE_HAZARDS, Set.of(HAZARD)),
            Map.entry(REVEAL_REPORTER, Set.of(HAZARD)),
            Map.entry(READ_ACTIVITIES, Set.of(NATIONAL, REGION, ORGANIZER)),
            Map.entry(MANAGE_ACTIVITIES, Set.of(NATIONAL, ORGANIZER)),
            Map.entry(EDIT_REPORT_TEMPLATE, Set.of(NATIONAL)),
            Map.entry(OPEN_REPORT_ROUNDS, Set.of(NATIONAL, REGION)),
            Map.entry(FILL_PROGRESS_REPORT, Set.of(NATIONAL, REGION)),
            Map.entry(REOPEN_PROGRESS_REPORT, Set.of(NATIONAL, REGION))));
    private static final Set<AdminAction> BELOW_ONLY = Set.of(SET_BASE, REOPEN_PROGRESS_REPORT);

    // 北京 > 北京市辖区 (the admin's city) > 东城区 > 东华门街道; 北京 > 县 (sibling city); 上海 elsewhere.
    private static final Region BEIJING = TestRegions.province("11", "北京市");
    private static final Region CITY = TestRegions.child(BEIJING, "1101", "市辖区");
    private static final Region SIBLING = TestRegions.child(BEIJING, "1102", "县");
    private static final Region COUNTY = TestRegions.child(CITY, "110101", "东城区");
    private static final Region TOWN = TestRegions.child(COUNTY, "110101001", "东华门街道");
    private static final Region SHANGHAI_TOWN = TestRegions.child(TestRegions.child(TestRegions.child(
            TestRegions.province("31", "上海市"), "3101", "市辖区"), "310115", "浦东新区"), "310115004", "潍坊新村街道");

    private final AdminScope scope = new AdminScope(TestRegions.tree(TOWN, SIBLING, SHANGHAI_TOWN));

    /** Where a target lies relative to the city admin's region 1101. */
    enum Target {
        OWN(CITY), CHILD(COUNTY), GRANDCHILD(TOWN), PARENT(BEIJING), SIBLING_REGION(SIBLING), COUNTRY(null);

        final Region region;

        Target(Region region) {
            this.region = region;
        }
    }

    private static AdminScope.Admin cityAdmin(String... roles) {
        return new AdminScope.Admin("city", Set.of(roles), CITY);
    }

    private static AdminScope.Admin nationalAdmin(String... roles) {
        return new AdminScope.Admin("nation", Set.of(roles), null);
    }

    static Stream<Arguments> everyActionRoleAndTarget() {
        return Arrays.stream(AdminAction.values()).flatMap(action -> Stream.of(REGION, HAZARD, ORGANIZER)
                .flatMap(role -> Arrays.stream(Target.values()).map(target -> Arguments.of(action, role, target))));
    }

    /** null: allowed; otherwise the problem code. */
    private static String expectedForCityAdmin(AdminAction action, String role, Target target) {
        if (!ROLES.get(action).contains(role)) {
            return "forbidden";
        }
        return switch (target) {
            case OWN -> BELOW_ONLY.contains(action) ? "region-not-below" : null;
            case CHILD, GRANDCHILD -> null;
            case PARENT, SIBLING_REGION, COUNTRY -> "region-out-of-scope";
        };
    }

    @ParameterizedTest(name = "{1} of 1101: {0} in {2}")
    @MethodSource("everyActionRoleAndTarget")
    void regionalAdminFollowsTheTable(AdminAction action, String role, Target target) {
        assertOutcome(cityAdmin(role), action, target.region, expectedForCityAdmin(action, role, target));
    }

    static Stream<Arguments> everyActionAndNationalTarget() {
        return Arrays.stream(AdminAction.values()).flatMap(action -> Stream.of(Target.COUNTRY, Target.PARENT,
                Target.OWN, Target.GRANDCHILD).map(target -> Arguments.of(action, target)));
    }

    @ParameterizedTest(name = "national admin: {0} in {1}")
    @MethodSource("everyActionAndNationalTarget")
    void nationalAdminActsOnEveryProvinceAndBelowButNotOnTheWholeCountryWhenBelowOnly(AdminAction action,
                                                                                     Target target) {
        String expected;
        if (!ROLES.get(action).contains(NATIONAL)) {
            expected = "forbidden";
        } else if (target == Target.COUNTRY && BELOW_ONLY.contains(action)) {
            expected = "region-not-below";
        } else {
            expected = null;
        }
        assertOutcome(nationalAdmin(NATIONAL), action, target.region, expected);
    }

    @Test
    void anyOfSeveralRolesSuffices() {
        AdminScope.Admin both = cityAdmin(REGION, HAZARD);
        assertThat(scope.may(both, VIEW_STATISTICS, COUNTY)).isTrue();
        assertThat(scope.may(both, HANDLE_HAZARDS, COUNTY)).isTrue();
        assertThat(scope.may(both, REVEAL_REPORTER, CITY)).isTrue();
        assertOutcome(both, MANAGE_ACTIVITIES, COUNTY, "forbidden");

        AdminScope.Admin fieldStaff = cityAdmin(HAZARD, ORGANIZER, "offline_access");
        assertThat(scope.may(fieldStaff, READ_HAZARDS, TOWN)).isTrue();
        assertThat(scope.may(fieldStaff, MANAGE_ACTIVITIES, TOWN)).isTrue();
        assertOutcome(fieldStaff, VIEW_CLAIMS, TOWN, "forbidden");
    }

    @Test
    void moreRolesNeverWidenTheRegion() {
        AdminScope.Admin all = cityAdmin(REGION, HAZARD, ORGANIZER);
        for (AdminAction action : AdminAction.values()) {
            if (action == EDIT_REPORT_TEMPLATE) {
                // The national office's alone: no regional role reaches it at all.
                assertOutcome(all, action, SIBLING, "forbidden");
                continue;
            }
            assertOutcome(all, action, SIBLING, "region-out-of-scope");
            assertOutcome(all, action, null, "region-out-of-scope");
        }
        assertOutcome(all, SET_BASE, CITY, "region-not-below");
    }

    @Test
    void aNationalAdminWhoIsAlsoAHazardOfficerHandlesHazardsEverywhere() {
        AdminScope.Admin officer = nationalAdmin(NATIONAL, HAZARD);
        assertThat(scope.may(officer, HANDLE_HAZARDS, SHANGHAI_TOWN)).isTrue();
        assertThat(scope.may(officer, HANDLE_HAZARDS, null)).isTrue();
    }

    @Test
    void anAccountWithoutAnAdminRoleMayDoNothing() {
        for (AdminAction action : AdminAction.values()) {
            assertOutcome(cityAdmin("offline_access"), action, TOWN, "forbidden");
            assertOutcome(nationalAdmin(), action, TOWN, "forbidden");
        }
    }

    @Test
    void outOfScopeNamesTheAdminsRegion() {
        ApiProblem p = catchThrowableOfType(ApiProblem.class,
                () -> scope.require(cityAdmin(REGION), VIEW_STATISTICS, SHANGHAI_TOWN));
        assertThat(p.status()).isEqualTo(403);
        assertThat(p.getMessage()).isEqualTo("This admin account covers 市辖区 (1101) and the regions below it only");
        assertThat(p.extensions()).containsEntry("adminRegion", "1101");
    }

    @Test
    void notBelowSaysTheLevelAboveDecides() {
        ApiProblem p = catchThrowableOfType(ApiProblem.class,
                () -> scope.require(cityAdmin(REGION), SET_BASE, CITY));
        assertThat(p.status()).isEqualTo(403);
        assertThat(p.getMessage()).startsWith("Only the level above may do this for your own region");
    }

    @Test
    void aUnitOfTheAdminsOwnRegionIsBelowIt() {
        assertThatCode(() -> scope.requireForUnit(cityAdmin(REGION), SET_BASE, CITY)).doesNotThrowAnyException();
        assertThatCode(() -> scope.requireForUnit(cityAdmin(REGION), SET_BASE, TOWN)).doesNotThrowAnyException();
        assertThatCode(() -> scope.requireForUnit(nationalAdmin(NATIONAL), SET_BASE, SHANGHAI_TOWN))
                .doesNotThrowAnyException();
        assertThat(catchThrowableOfType(ApiProblem.class,
                () -> scope.requireForUnit(cityAdmin(REGION), SET_BASE, BEIJING)).code())
                .isEqualTo("region-out-of-scope");
        assertThat(catchThrowableOfType(ApiProblem.class,
                () -> scope.requireForUnit(cityAdmin(ORGANIZER), SET_BASE, TOWN)).code())
                .isEqualTo("forbidden");
    }

    @Test
    void scopeIsTheRequestedRegionOrTheAdminsOwn() {
        assertThat(scope.scope(cityAdmin(REGION), VIEW_STATISTICS, null)).isSameAs(CITY);
        assertThat(scope.scope(cityAdmin(REGION), VIEW_STATISTICS, " ")).isSameAs(CITY);
        assertThat(scope.scope(cityAdmin(REGION), VIEW_STATISTICS, "110101001")).isSameAs(TOWN);
        assertThat(scope.scope(nationalAdmin(NATIONAL), VIEW_CLAIMS, null)).isNull();
        assertThat(scope.scope(nationalAdmin(NATIONAL), VIEW_CLAIMS, "310115004")).isSameAs(SHANGHAI_TOWN);
        assertThat(scope.scope(cityAdmin(REGION), SET_BASE, "110101")).isSameAs(COUNTY);
    }

    @Test
    void scopeRefusesLikeRequire() {
        assertThat(codeOfScope(cityAdmin(REGION), VIEW_STATISTICS, "11")).isEqualTo("region-out-of-scope");
        assertThat(codeOfScope(cityAdmin(REGION), REVIEW_SIGNALS, "310115004")).isEqualTo("region-out-of-scope");
        assertThat(codeOfScope(cityAdmin(HAZARD), VIEW_STATISTICS, null)).isEqualTo("forbidden");
        assertThat(codeOfScope(cityAdmin(REGION), SET_BASE, null)).isEqualTo("region-not-below");
        assertThat(codeOfScope(cityAdmin(REGION), SET_BASE, "1101")).isEqualTo("region-not-below");
        assertThat(codeOfScope(nationalAdmin(NATIONAL), SET_BASE, null)).isEqualTo("region-not-below");
        assertThat(codeOfScope(cityAdmin(REGION), VIEW_STATISTICS, "990000")).isEqualTo("not-found");
        // Whether a code exists is nobody's business who may not do the action at all.
        assertThat(codeOfScope(cityAdmin(ORGANIZER), VIEW_STATISTICS, "990000")).isEqualTo("forbidden");
    }

    /** The coarse gate of each admin endpoint that checks a region names exactly the roles of its action. */
    @Test
    void rolesAllowedOfEachRegionCheckedEndpointAreTheRolesOfItsAction() throws Exception {
        Map<Method, AdminAction> endpoints = Map.of(
                StatisticsResource.class.getMethod("report", Long.class, String.class,
                        java.time.LocalDate.class, java.time.LocalDate.class), VIEW_STATISTICS,
                StatisticsResource.class.getMethod("export", String.class, Long.class, String.class,
                        java.time.LocalDate.class, java.time.LocalDate.class), VIEW_STATISTICS,
                StatisticsResource.class.getMethod("suspicious", Long.class, String.class, Long.class, int.class,
                        int.class), REVIEW_SIGNALS,
                StatisticsResource.class.getMethod("shared", Long.class, String.class, Integer.class, int.class,
                        int.class), REVIEW_SIGNALS,
                UnitAdminResource.class.getMethod("create", UnitAdminResource.UnitRequest.class), MANAGE_UNITS,
                UnitAdminResource.class.getMethod("importUnits", byte[].class, String.class, boolean.class),
                MANAGE_UNITS,
                LeaderboardAdminResource.class.getMethod("setBase", LeaderboardAdminResource.BaseRequest.class),
                SET_BASE,
                LotteryAdminResource.class.getMethod("claims", long.class, String.class, int.class, int.class),
                VIEW_CLAIMS);
        endpoints.forEach((method, action) -> {
            RolesAllowed gate = method.isAnnotationPresent(RolesAllowed.class)
                    ? method.getAnnotation(RolesAllowed.class)
                    : method.getDeclaringClass().getAnnotation(RolesAllowed.class);
            assertThat(gate).as(method.getName()).isNotNull();
            assertThat(Set.of(gate.value())).as(method.getDeclaringClass().getSimpleName() + "." + method.getName())
                    .isEqualTo(ROLES.get(action));
        });
    }

    @Test
    void theTableHereCoversEveryAction() {
        assertThat(ROLES.keySet()).containsExactlyInAnyOrder(AdminAction.values());
        for (AdminAction action : AdminAction.values()) {
            assertThat(action.roles()).as(action.name()).isEqualTo(ROLES.get(action));
            assertThat(action.reach() == AdminAction.Reach.BELOW_ONLY).as(action.name())
                    .isEqualTo(BELOW_ONLY.contains(action));
        }
    }

    private String codeOfScope(AdminScope.Admin admin, AdminAction action, String code) {
        ApiProblem p = catchThrowableOfType(ApiProblem.class, () -> scope.scope(admin, action, code));
        assertThat(p).as("refusal of " + action + " in " + code).isNotNull();
        return p.code();
    }

    private void assertOutcome(AdminScope.Admin admin, AdminAction action, Region region, String expectedCode) {
        String where = admin.roles() + " of " + admin.regionCode() + ": " + action + " in "
                + (region == null ? "the whole country" : region.code());
        assertThat(scope.may(admin, action, region)).as(where).isEqualTo(expectedCode == null);
        ApiProblem p = catchThrowableOfType(ApiProblem.class, () -> scope.require(admin, action, region));
        if (expectedCode == null) {
            assertThat(p).as(where).isNull();
        } else {
            assertThat(p).as(where).isNotNull();
            assertThat(p.code()).as(where).isEqualTo(expectedCode);
            assertThat(p.status()).as(where).isEqualTo(403);
        }
    }
}
