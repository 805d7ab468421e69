package anquanli.common;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * The API's pages: offset/limit with a clear 400 bad-page instead of a silently clipped page, and keyset cursors
 * (the last row's time and id, opaque to clients) for lists that grow long, so a deep page costs what the first does.
 */
public final class Paging {

    private Paging() {
    }

    public static void check(int offset, int limit, int maxLimit) {
        if (offset < 0 || limit < 1 || limit > maxLimit) {
            throw ApiProblem.badRequest("bad-page", "limit must be 1-" + maxLimit + " and offset non-negative");
        }
    }

    /** A cursor-paged list's limit: 1 to {@code maxLimit}, else 400 bad-page. */
    public static void checkLimit(int limit, int maxLimit) {
        if (limit < 1 || limit > maxLimit) {
            throw ApiProblem.badRequest("bad-page", "limit must be 1-" + maxLimit);
        }
    }

    /** Where the previous page ended: its last row's time and id. */
    public record Cursor(Instant at, String id) {

        public UUID uuid() {
            return UUID.fromString(id);
        }

        public long number() {
            return Long.parseLong(id);
        }
    }

    /** The cursor of the page after the one whose last row is ({@code at}, {@code id}). */
    public static String cursor(Instant at, Object id) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((at + "|" + id).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A cursor this service handed out, checked by {@code idCheck} (e.g. {@link Cursor#uuid}); null for none. Anything
     * else is 400 cursor-invalid.
     */
    public static Cursor parseCursor(String cursor, java.util.function.Consumer<Cursor> idCheck) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII)
                    .split("\\|", -1);
            Cursor c = new Cursor(Instant.parse(parts[0]), parts[1]);
            idCheck.accept(c);
            return c;
        } catch (RuntimeException e) {
            throw ApiProblem.badRequest("cursor-invalid", "cursor is not one this service handed out");
        }
    }
}
