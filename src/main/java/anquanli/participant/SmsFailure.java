package anquanli.participant;

import anquanli.common.ApiProblem;
import anquanli.common.RateLimiter;

import java.util.Map;

/**
 * Why a message did not go out, whichever gateway was asked, and what the client is told. Nothing here names the phone
 * or the message: problems and logs never carry either.
 */
public enum SmsFailure {

    /** The gateway does not take the number as a mobile number: the client's to fix. */
    PHONE_REFUSED,
    /** The gateway's own limit per number (how often one phone may be sent codes). */
    PHONE_RATE_LIMITED,
    /** The gateway asks us to slow down (its limit on our calls): a moment's wait. */
    GATEWAY_BUSY,
    /** The gateway refuses our requests (keys, signature, templates, balance, account): operators must act. */
    GATEWAY_MISCONFIGURED,
    /** The gateway cannot be reached or fails (5xx, timeout, an unreadable answer). */
    GATEWAY_DOWN;

    /** Seconds to wait; a misconfiguration is not fixed in a minute, and retrying it sooner only adds load. */
    public long retryAfterSeconds() {
        return switch (this) {
            case PHONE_REFUSED -> 0;
            case PHONE_RATE_LIMITED -> 60;
            case GATEWAY_BUSY -> 5;
            case GATEWAY_DOWN -> 30;
            case GATEWAY_MISCONFIGURED -> 300;
        };
    }

    public ApiProblem problem() {
        return switch (this) {
            case PHONE_REFUSED -> ApiProblem.badRequest("phone-invalid",
                    "The SMS gateway does not accept this number as a mobile number");
            case PHONE_RATE_LIMITED -> RateLimiter.tooMany(
                    "The SMS gateway allows no more codes to this phone for now; try again later", retryAfterSeconds());
            case GATEWAY_BUSY -> new ApiProblem(503, "service-busy", "Service busy",
                    "The SMS gateway is at capacity; try again in a moment", Map.of("retryAfter", retryAfterSeconds()));
            case GATEWAY_MISCONFIGURED, GATEWAY_DOWN -> new ApiProblem(503, "sms-unavailable", "SMS unavailable",
                    "Text messages cannot be sent right now; nothing was sent, try again later",
                    Map.of("retryAfter", retryAfterSeconds()));
        };
    }
}
