package anquanli.common;

import java.util.List;
import java.util.Map;

/**
 * A client-visible failure, turned into an RFC 9457 problem response by {@link ProblemMapper}.
 * The code is stable and machine-readable; the app switches on it, people read the detail.
 */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String code;
    private final String title;
    private final Map<String, Object> extensions;
    private final List<Problem.FieldError> errors;

    public ApiProblem(int status, String code, String title, String detail) {
        this(status, code, title, detail, Map.of());
    }

    public ApiProblem(int status, String code, String title, String detail, Map<String, Object> extensions) {
        this(status, code, title, detail, extensions, null);
    }

    private ApiProblem(int status, String code, String title, String detail, Map<String, Object> extensions,
                       List<Problem.FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.extensions = extensions;
        this.errors = errors;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    /** With {@code validation-failed}: the offending fields; null otherwise. */
    public List<Problem.FieldError> errors() {
        return errors;
    }

    /** One invalid field, answered like a failed bean validation ({@code validation-failed} with its error). */
    public static ApiProblem invalidField(String field, String message) {
        return new ApiProblem(400, "validation-failed", "Validation failed", "The request has invalid fields; see errors",
                Map.of(), List.of(new Problem.FieldError(field, message)));
    }

    public static ApiProblem notFound(String what, Object id) {
        return new ApiProblem(404, "not-found", "Not found", what + " " + id + " does not exist");
    }

    public static ApiProblem badRequest(String code, String detail) {
        return new ApiProblem(400, code, "Bad request", detail);
    }

    public static ApiProblem conflict(String code, String detail) {
        return new ApiProblem(409, code, "Conflict", detail);
    }
}
