package anquanli.common;

/** One rule for offset/limit pages across the API: a clear 400 bad-page instead of a silently clipped page. */
public final class Paging {

    private Paging() {
    }

    public static void check(int offset, int limit, int maxLimit) {
        if (offset < 0 || limit < 1 || limit > maxLimit) {
            throw ApiProblem.badRequest("bad-page", "limit must be 1-" + maxLimit + " and offset non-negative");
        }
    }
}
