package anquanli.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import org.jboss.logging.Logger;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.InvalidAlgorithmException;
import org.jose4j.lang.UnresolvableKeyException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The one place where exceptions become responses: every failure leaves as application/problem+json with a stable
 * code, and nothing of a stack trace reaches the client.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @jakarta.inject.Inject
    Outages outages;

    @ServerExceptionMapper
    public Response apiProblem(ApiProblem e, UriInfo uri) {
        Problem p = new Problem(Problem.TYPE_BASE + e.code(), e.title(), e.status(), e.getMessage(), e.code(),
                path(uri), e.errors(), e.extensions());
        return respond(p);
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        Problem p = new Problem(Problem.TYPE_BASE + "validation-failed", "Validation failed", 400,
                "The request has invalid fields; see errors", "validation-failed", path(uri), errors, Map.of());
        return respond(p);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        String detail = "The request body is not valid JSON of the expected shape";
        List<Problem.FieldError> errors = null;
        if (e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) {
            // nesting, string or name lengths over StrictJson's bounds
            detail = "The request body is nested too deeply or holds a value too long to read";
        } else if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field '")) {
            // StrictJson's STRICT_DUPLICATE_DETECTION; the message is the parser's, the name the client's own key
            String name = e.getOriginalMessage().substring(17, e.getOriginalMessage().lastIndexOf('\''));
            errors = List.of(new Problem.FieldError(parentPath(e) + name, "appears more than once"));
            detail = "The request body has a key more than once";
        }
        return respond(new Problem(Problem.TYPE_BASE + "malformed-body", "Malformed request body", 400, detail,
                "malformed-body", path(uri), errors, Map.of()));
    }

    /** Quarkus maps this subtype itself unless we do: a wrong JSON type for a field, an unknown enum value. */
    @ServerExceptionMapper
    public Response mismatched(com.fasterxml.jackson.databind.exc.MismatchedInputException e, UriInfo uri) {
        String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse(null);
        if (e instanceof StrictJson.NulCharacterException) {
            // valid JSON with a value no field accepts: a validation failure of that field, as for query parameters
            return respond(new Problem(Problem.TYPE_BASE + "validation-failed", "Validation failed", 400,
                    "The request has invalid fields; see errors", "validation-failed", path(uri),
                    List.of(new Problem.FieldError(field == null ? "(body)" : field, StrictJson.NUL_MESSAGE)), Map.of()));
        }
        List<Problem.FieldError> errors = field == null ? null
                : List.of(new Problem.FieldError(field, "has the wrong type or an unknown value"));
        return respond(new Problem(Problem.TYPE_BASE + "malformed-body", "Malformed request body", 400,
                "The request body is not valid JSON of the expected shape", "malformed-body", path(uri), errors,
                Map.of()));
    }

    /**
     * A type Jackson cannot build or write: a defect of ours, not of the request. Mapped here so that it leaves as a
     * problem like any other 500 (Quarkus's own mapper for it answers with an empty body).
     */
    @ServerExceptionMapper
    public Response undefined(com.fasterxml.jackson.databind.exc.InvalidDefinitionException e, UriInfo uri) {
        return unexpected(e, uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return respond(Problem.of(401, "unauthorized", "Unauthorized",
                "A valid access token is required", path(uri)));
    }

    /**
     * A bearer token was presented and refused. One short line says why, for whoever looks into "my sign-in stopped
     * working"; never the token, its claims (the verifier's own messages quote them) or a stack trace, which anyone
     * could make the service write by sending junk.
     */
    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        LOG.warnf("Refused a bearer token on %s: %s", path(uri), refusal(e));
        return respond(Problem.of(401, "unauthorized", "Unauthorized",
                "The access token is missing, expired or invalid", path(uri)));
    }

    /** Why a token was refused, in a few words. */
    static String refusal(Throwable e) {
        InvalidJwtException invalid = null;
        for (Throwable c = e; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof UnresolvableKeyException) {
                return "signed with an unknown key";
            }
            if (c instanceof InvalidAlgorithmException) {
                return "algorithm not allowed";
            }
            if (c instanceof InvalidJwtException j && invalid == null) {
                invalid = j;
            }
        }
        if (invalid == null) {
            return "not a verifiable token";
        }
        for (ErrorCodeValidator.Error error : invalid.getErrorDetails()) {
            String reason = switch (error.getErrorCode()) {
                case ErrorCodes.EXPIRED -> "expired";
                case ErrorCodes.NOT_YET_VALID -> "not yet valid";
                case ErrorCodes.ISSUED_AT_INVALID_FUTURE, ErrorCodes.ISSUED_AT_INVALID_PAST -> "issued-at out of range";
                case ErrorCodes.AUDIENCE_MISSING, ErrorCodes.AUDIENCE_INVALID -> "not addressed to this service (aud)";
                case ErrorCodes.ISSUER_MISSING, ErrorCodes.ISSUER_INVALID -> "wrong issuer";
                case ErrorCodes.SIGNATURE_INVALID, ErrorCodes.SIGNATURE_MISSING -> "bad signature";
                case ErrorCodes.EXPIRATION_MISSING, ErrorCodes.ISSUED_AT_MISSING, ErrorCodes.SUBJECT_MISSING ->
                        "a required claim is missing";
                case ErrorCodes.JSON_INVALID, ErrorCodes.MALFORMED_CLAIM -> "malformed";
                // Quarkus's required-claims check ("claim typ is missing", "claim typ does not match expected value
                // of [Bearer]"): names the configured claim, quotes nothing of the token.
                case ErrorCodes.MISCELLANEOUS -> error.getErrorMessage() != null
                        && error.getErrorMessage().matches("claim [\\w-]+ (is missing|does not match [^\\n]{0,80})")
                        ? error.getErrorMessage() : null;
                default -> null;
            };
            if (reason != null) {
                return reason;
            }
        }
        return "invalid";
    }

    /** Keycloak unreachable: admins cannot be verified right now, which is not the client's fault nor a bug. */
    @ServerExceptionMapper
    public Response identityProviderDown(io.quarkus.oidc.OIDCException e, UriInfo uri) {
        LOG.warnf("Admin sign-in unavailable on %s: %s", path(uri), e.getMessage());
        return respond(new Problem(Problem.TYPE_BASE + "identity-provider-unavailable", "Sign-in unavailable", 503,
                "Admin sign-in (Keycloak) cannot be reached; try again shortly", "identity-provider-unavailable",
                path(uri), null, Map.of("retryAfter", 30)));
    }

    /** Saturated connection pools: the request was not processed; the client may retry shortly. */
    @ServerExceptionMapper
    public Response busy(io.vertx.core.http.ConnectionPoolTooBusyException e, UriInfo uri) {
        LOG.warnf("Connection pool saturated on %s", path(uri));
        return respond(new Problem(Problem.TYPE_BASE + "service-busy", "Service busy", 503,
                "The service is at capacity; try again in a moment", "service-busy", path(uri), null,
                Map.of("retryAfter", 1)));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(403, "forbidden", "Forbidden",
                "This account may not perform this operation", path(uri)));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        // A JSON part of a multipart form that does not parse arrives wrapped, not as the JSON exception itself.
        for (Throwable c = e.getCause(); status == 400 && c != null; c = c.getCause()) {
            if (c instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m) {
                return mismatched(m, uri);
            }
            if (c instanceof JsonProcessingException j) {
                return unreadable(j, uri);
            }
        }
        if ((e instanceof jakarta.ws.rs.NotFoundException || e instanceof jakarta.ws.rs.BadRequestException)
                && (e.getCause() instanceof IllegalArgumentException || e.getCause() instanceof java.time.DateTimeException)) {
            // A query, path or header value that does not convert to its parameter's type (a number, a date, a UUID):
            // JAX-RS answers 404 for query and path values, but the request is malformed, not aimed at something
            // missing.
            return respond(Problem.of(400, "invalid-parameter", "Invalid parameter",
                    "A path, query or header parameter is not of its type (a number, a date, a UUID, true or false)",
                    path(uri)));
        }
        String detail = status == 400 && e.getCause() != null
                ? "The request could not be read: check parameter and body formats" : null;
        return respond(forStatus(status, e.getResponse().getStatusInfo().getReasonPhrase(), detail, path(uri)));
    }

    /**
     * The problem for a bare HTTP status: a refusal by the framework rather than by our code (no such path or
     * method, a media type no resource takes, a body over the size limit), from a {@link WebApplicationException} or
     * from the HTTP layer below the resources ({@link HttpProblems}).
     */
    static Problem forStatus(int status, String reason, String detail, String instance) {
        if (status == 413) {
            return Problem.of(413, "body-too-large", "Request body too large",
                    "The request body is larger than the service accepts", instance);
        }
        String code = switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 415 -> "unsupported-media-type";
            default -> status >= 500 ? "internal-error" : "http-" + status;
        };
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = reason != null ? reason : known != null ? known.getReasonPhrase() : "HTTP " + status;
        return Problem.of(status, code, title, status >= 500 ? "The server could not complete the request"
                : detail != null ? detail : title, instance);
    }

    /**
     * The body ended or overflowed while being read: a multipart form cut before its closing boundary (RESTEasy's
     * parsers say so only in their messages, "Connection terminated reading multipart data" or "... parsing multipart
     * request"), or a body sent without a length that grew over the limit (the reader has
     * already answered 413 then). Anything else is ours and unexpected.
     */
    @ServerExceptionMapper
    public Response unreadableStream(java.io.IOException e, UriInfo uri) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.startsWith("Connection terminated") && message.contains("multipart")) {
            return respond(Problem.of(400, "malformed-body", "Malformed request body",
                    "The multipart body ends before its closing boundary (or its boundary is not the one declared)",
                    path(uri)));
        }
        if (message.equals("Request too large")) {
            return respond(forStatus(413, null, null, path(uri)));
        }
        return unexpected(e, uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        // PostgreSQL or Redis away (or a statement over its time limit): not a bug, and the client should back off.
        // Logged once per outage, not per request.
        if (outages.failed(e, "requests answer 503 service-unavailable")) {
            return respond(new Problem(Problem.TYPE_BASE + "service-unavailable", "Service unavailable", 503,
                    "A service this request needs is unavailable; try again shortly", "service-unavailable",
                    path(uri), null, Map.of("retryAfter", 5)));
        }
        // Logged with its stack for operators; the client sees only a generic problem.
        LOG.errorf(e, "Unhandled error on %s", path(uri));
        return respond(Problem.of(500, "internal-error", "Internal error",
                "The server could not complete the request", path(uri)));
    }

    private static Response respond(Problem p) {
        Response.ResponseBuilder b = Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p);
        Object retryAfter = p.any().get("retryAfter");
        if (retryAfter != null) {
            b.header("Retry-After", retryAfter.toString());
        }
        return b.build();
    }

    /** "rules." for a key inside the object at "rules", "tiers[0]." inside an array: where the parser was. */
    private static String parentPath(JsonProcessingException e) {
        if (!(e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser parser)) {
            return "";
        }
        java.util.LinkedList<String> segments = new java.util.LinkedList<>();
        for (var c = parser.getParsingContext().getParent(); c != null && !c.inRoot(); c = c.getParent()) {
            segments.addFirst(c.inArray() ? "[" + c.getCurrentIndex() + "]" : c.getCurrentName());
        }
        StringBuilder b = new StringBuilder();
        for (String s : segments) {
            b.append(s.startsWith("[") || b.length() == 0 ? "" : ".").append(s);
        }
        return b.length() == 0 ? "" : b + ".";
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }

    private static String field(ConstraintViolation<?> v) {
        // "method.arg0.field" -> "field": the client knows fields by their JSON names, not Java parameter names.
        String path = v.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        return parts.length <= 2 ? parts[parts.length - 1] : String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length));
    }
}
