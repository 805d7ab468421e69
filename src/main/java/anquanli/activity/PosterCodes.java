package anquanli.activity;

import anquanli.common.ApiProblem;
import anquanli.common.CodeSigner;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Map;

/**
 * The check-in code on an event's poster: {@code AQ1.<id>.<start>.<end>} (base 36; start and end in minutes since the
 * epoch) signed by {@link CodeSigner}, about 50 characters, so the QR code stays small and easy to scan from a
 * distance. The code carries the event's window, so an expired poster is refused before the database is asked; the
 * event itself, read afterwards, decides whether it is still on and when check-in is open.
 */
@ApplicationScoped
public class PosterCodes {

    static final String PURPOSE = "activity-check-in";
    static final String VERSION = "AQ1";

    /** What a verified code says: the event and the window it was signed for. */
    public record Claims(long activityId, Instant startsAt, Instant endsAt) {
    }

    private final CodeSigner signer;
    private final ActivityConfig config;

    public PosterCodes(CodeSigner signer, ActivityConfig config) {
        this.signer = signer;
        this.config = config;
    }

    /** The signed code of an event with this window (minutes: the start rounded down, the end up). */
    public String code(long activityId, Instant startsAt, Instant endsAt) {
        long start = Math.floorDiv(startsAt.getEpochSecond(), 60);
        long end = Math.floorDiv(endsAt.getEpochSecond() + 59, 60);
        return signer.sign(PURPOSE, VERSION + "." + Long.toString(activityId, 36) + "." + Long.toString(start, 36)
                + "." + Long.toString(end, 36));
    }

    /** What the QR code holds: the check-in link with the code at its end. */
    public String qrText(long activityId, Instant startsAt, Instant endsAt) {
        return config.checkInUrl() + code(activityId, startsAt, endsAt);
    }

    /**
     * The claims of a scanned text: the code alone, or the whole link the QR holds (the code is taken from its
     * {@value #VERSION} prefix on). Refuses a malformed, forged or altered code, one signed by a key no longer in the
     * ring, and one whose window ended more than the offline grace before {@code now}.
     */
    public Claims read(String scanned, Instant now) {
        int at = scanned == null ? -1 : scanned.lastIndexOf(VERSION + ".");
        if (at < 0 || scanned.length() - at > 200) {
            throw invalid("malformed", "This is not a check-in code of this service");
        }
        String body;
        try {
            body = signer.verify(PURPOSE, scanned.substring(at).strip());
        } catch (CodeSigner.RefusedCode e) {
            throw switch (e.refusal()) {
                case MALFORMED -> invalid("malformed", "This is not a check-in code of this service");
                case UNKNOWN_KEY -> invalid("unknown-key", "This poster's code was signed with a key that is no "
                        + "longer in use; ask the organizer for a new poster");
                case BAD_SIGNATURE -> invalid("bad-signature", "This check-in code was not signed by this service "
                        + "(forged or altered)");
            };
        }
        Claims claims = parse(body);
        if (now.isAfter(claims.endsAt().plus(config.offlineGrace()))) {
            throw new ApiProblem(422, "check-in-code-expired", "Check-in code expired",
                    "This poster's event ended at " + claims.endsAt() + "; its code no longer checks anyone in",
                    Map.of("endsAt", claims.endsAt().toString()));
        }
        return claims;
    }

    private static Claims parse(String body) {
        String[] parts = body.split("\\.");
        if (parts.length != 4 || !parts[0].equals(VERSION)) {
            throw invalid("malformed", "This is not a check-in code of this service");
        }
        try {
            return new Claims(Long.parseLong(parts[1], 36), Instant.ofEpochSecond(Long.parseLong(parts[2], 36) * 60),
                    Instant.ofEpochSecond(Long.parseLong(parts[3], 36) * 60));
        } catch (NumberFormatException e) {
            // Signed by us, so this cannot happen unless the format changes under a key in use.
            throw invalid("malformed", "This is not a check-in code of this service");
        }
    }

    private static ApiProblem invalid(String reason, String detail) {
        return new ApiProblem(422, "check-in-code-invalid", "Invalid check-in code", detail,
                Map.of("reason", reason));
    }
}
