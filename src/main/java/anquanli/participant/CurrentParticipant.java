package anquanli.participant;

import anquanli.common.ApiProblem;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The participant id is the subject of the service-issued access token. */
public final class CurrentParticipant {

    private CurrentParticipant() {
    }

    public static long id(JsonWebToken jwt) {
        try {
            return Long.parseLong(jwt.getSubject());
        } catch (RuntimeException e) {
            throw new ApiProblem(401, "unauthorized", "Unauthorized", "The token does not name a participant");
        }
    }
}
