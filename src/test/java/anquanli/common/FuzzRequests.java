package anquanli.common;

import anquanli.common.FuzzOperations.Auth;
import anquanli.common.FuzzOperations.Op;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Malformed requests for every operation of the contract: bad path and query values, headers, tokens, content
 * types, and bodies (JSON, multipart with a JSON part and files, spreadsheet and YAML uploads) from
 * {@link FuzzBodies}. Deterministic for a given {@link Random}.
 */
final class FuzzRequests {

    /** What a request needs to get past authentication and into the operation. */
    record Context(String participantToken, String adminToken, long campaignId, String attemptId) {
    }

    /**
     * One request. {@code bare}: why the answer may be a bare status without a problem document (a request that is
     * not HTTP or not a URI, refused below any hook the application has); null when it must be a problem.
     */
    record Fuzzed(String op, String kind, RawHttp.Request request, String bare) {
        Fuzzed(String op, String kind, RawHttp.Request request) {
            this(op, kind, request, null);
        }
    }

    static final String NOT_HTTP = FuzzWire.NOT_HTTP;

    /** Path values that are not what the parameter is: each is written into the path as it stands. */
    private static final List<String> BAD_PATH = List.of("-1", "0", "-9223372036854775808", "9223372036854775808",
            "99999999999999999999999999", "1.5", "1e3", "0x1F", "abc", "%20", "%00", "1%00", "%01", "%7F", "%0A",
            "%E5%8C%BA%E5%9F%9F", "%F0%9F%98%80", "%C3%28", "%FF", "%C0%80", "%ED%A0%80", "%2E%2E", "%2F", "null",
            "true", "%5B%5D", "%7B%7D", "'%20OR%201=1--", "a".repeat(3000), "1".repeat(3000),
            "00000000-0000-0000-0000-00000000000g", "550E8400-E29B-41D4-A716-446655440000", "%EF%BC%99%EF%BC%99%EF%BC%99%EF%BC%99%EF%BC%99%EF%BC%99",
            "%E2%80%AE", "%EF%BB%BF1", "1;x=y", "%3B", "%25", "~", "!$&'()*+,;=");

    private static final List<String> BAD_INTEGER = List.of("abc", "1.5", "1e3", "-1", "0", "99999999999999999999",
            "2147483648", "-2147483649", "9223372036854775808", "", "%00", "1%00", "0x10", "%201", "%EF%BC%91", "+1",
            "NaN", "%C3%28", "1,2");
    private static final List<String> BAD_BOOLEAN = List.of("yes", "maybe", "2", "", "%00", "TRUE", "t", "%FF");
    private static final List<String> BAD_DATE = List.of("2026-13-45", "2026-02-30", "yesterday", "20260601",
            "2026-06-01T00:00:00Z", "-999999999-01-01", "%2B1000000000-01-01", "%00", "2026-6-1", "", "%C3%28",
            "9999-12-31", "0000-01-01");
    private static final List<String> BAD_STRING = List.of("%00", "a%00b", "%01", "%1B", "%7F", "%C3%28", "%FF",
            "%C0%80", "%ED%A0%80", "x".repeat(2000), "%E5%AE%89".repeat(300), "", "%20", "%E2%80%AE", "'%22%3C%3E",
            "%25", "bogus", "%F0%9F%98%80", "-1", "99999999999999999999", "%0D%0ASet-Cookie:%20x=y");

    private static final List<String> ACCEPTS = List.of("application/xml", "text/html", "image/png", "*/*",
            "application/json;q=0", "garbage", "application/json, text/plain;q=abc", "", "application/problem+json",
            "text/csv", "*/*;q=0.1, application/json;q=2");

    static final List<String> WRONG_CONTENT_TYPES = List.of("text/plain", "application/xml",
            "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=zzz",
            "application/json; charset=utf-16", "application/json; charset=bogus", "application/json;;;",
            "application/json; charset=", "*/*", "application/", "garbage", "application/octet-stream",
            "image/jpeg", "text/yaml", "application/json; charset=\"utf-8", "APPLICATION/JSON");

    private final Random rnd;
    private final FuzzBodies bodies;
    private final FuzzForms forms;
    private final Context ctx;

    FuzzRequests(Random rnd, Context ctx) {
        this.rnd = rnd;
        this.bodies = new FuzzBodies(rnd);
        this.forms = new FuzzForms(rnd, bodies);
        this.ctx = ctx;
    }

    /** {@code count} requests for the operation: first one of each kind that applies, then random kinds. */
    List<Fuzzed> forOperation(Op op, int count) {
        List<Kind> kinds = new ArrayList<>();
        for (Kind k : Kind.values()) {
            if (k.appliesTo(op)) {
                kinds.add(k);
            }
        }
        List<Fuzzed> out = new ArrayList<>();
        for (Kind k : kinds) {
            out.add(make(op, k));
        }
        List<Kind> weighted = new ArrayList<>();
        for (Kind k : kinds) {
            for (int i = 0; i < k.weight; i++) {
                weighted.add(k);
            }
        }
        while (out.size() < count) {
            out.add(make(op, weighted.get(rnd.nextInt(weighted.size()))));
        }
        return out;
    }

    enum Kind {
        AUTH(2), PATH(6), QUERY(6), HEADER(2), JSON(12), CONTENT_TYPE(2), MULTIPART(12), UPLOAD(8),
        UNEXPECTED_BODY(1), WRONG_METHOD(1);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }

        boolean appliesTo(Op op) {
            return switch (this) {
                case PATH -> !op.in("path").isEmpty();
                case QUERY -> !op.in("query").isEmpty();
                case JSON, CONTENT_TYPE -> op.bodies().containsKey("application/json");
                case MULTIPART -> op.bodies().containsKey("multipart/form-data");
                case UPLOAD -> op.hasBody() && !op.bodies().containsKey("application/json")
                        && !op.bodies().containsKey("multipart/form-data");
                case UNEXPECTED_BODY -> !op.hasBody();
                default -> true;
            };
        }
    }

    private Fuzzed make(Op op, Kind kind) {
        return switch (kind) {
            case AUTH -> auth(op);
            case PATH -> path(op);
            case QUERY -> query(op);
            case HEADER -> header(op);
            case JSON -> json(op);
            case CONTENT_TYPE -> contentType(op);
            case MULTIPART -> forms.multipart(op, request(op, op.method(), target(op, Map.of(), null), validToken(op)));
            case UPLOAD -> forms.upload(op, query -> request(op, op.method(), target(op, Map.of(), query), validToken(op)));
            case UNEXPECTED_BODY -> unexpectedBody(op);
            case WRONG_METHOD -> wrongMethod(op);
        };
    }

    // ------------------------------------------------------------------ request parts

    /**
     * Path values that exist where reading is harmless (the current campaign, the fuzzer's own attempt), and ids that
     * do not exist where a request could change something: a malformed body must never change shared data even when
     * the service reads it wrongly.
     */
    private String validPath(Op op, Parameter p) {
        String name = p.getName();
        Schema<?> s = p.getSchema();
        boolean readOnly = op.method().equals("GET");
        if (op.path().startsWith("/api/v1/attempts/") && name.equals("id")) {
            return ctx.attemptId();
        }
        if (op.path().startsWith("/api/v1/regions/")) {
            return "110101";
        }
        if (op.path().contains("/track/")) {
            return "YH7K3M9Q2XPA";
        }
        if (s != null && "uuid".equals(s.getFormat())) {
            return new UUID(rnd.nextLong(), rnd.nextLong()).toString();
        }
        if (s != null && "integer".equals(s.getType())) {
            boolean campaign = (name.equals("id") && op.path().startsWith("/api/v1/campaigns/"))
                    || name.equals("campaignId") || (name.equals("id") && op.path().startsWith("/api/v1/admin/campaigns/"));
            return campaign && readOnly ? String.valueOf(ctx.campaignId()) : "999999999";
        }
        return "no-such-id";
    }

    private String target(Op op, Map<String, String> pathValues, String query) {
        String path = op.path();
        for (Parameter p : op.in("path")) {
            String v = pathValues.containsKey(p.getName()) ? pathValues.get(p.getName()) : validPath(op, p);
            path = path.replace("{" + p.getName() + "}", v);
        }
        String q = query == null ? "" : query;
        if (isUpload(op) && !q.contains("dryRun")) {
            // imports only ever check (a valid file must not change the bank or the units)
            q = q.isEmpty() ? "dryRun=true" : q + "&dryRun=true";
        }
        return q.isEmpty() ? path : path + "?" + q;
    }

    static boolean isUpload(Op op) {
        return Kind.UPLOAD.appliesTo(op);
    }

    private String validToken(Op op) {
        return switch (op.auth()) {
            case ADMIN -> ctx.adminToken();
            case PARTICIPANT, OPTIONAL_PARTICIPANT -> ctx.participantToken();
            case PUBLIC -> rnd.nextInt(4) == 0 ? ctx.participantToken() : null;
        };
    }

    private static RawHttp.Request request(Op op, String method, String target, String token) {
        RawHttp.Request r = RawHttp.Request.of(method, target);
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return r;
    }

    /** A request that is right in every part but the one being fuzzed: the body of the operation, or none. */
    private RawHttp.Request base(Op op, String target, String token) {
        RawHttp.Request r = request(op, op.method(), target, token);
        if (op.bodies().containsKey("application/json")) {
            Schema<?> schema = op.bodies().get("application/json");
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) bodies.sample(schema);
            body.remove(FuzzBodies.required(schema).isEmpty() ? "" : FuzzBodies.required(schema).get(0));
            return r.body("application/json", FuzzBodies.write(body).getBytes(StandardCharsets.UTF_8));
        }
        if (op.bodies().containsKey("multipart/form-data")) {
            return forms.multipartRequest(r, List.of(FuzzForms.jsonPart(op, "{}")));
        }
        if (isUpload(op)) {
            String type = List.copyOf(op.bodies().keySet()).get(0);
            return r.body(type, "garbage".getBytes(StandardCharsets.UTF_8));
        }
        return r;
    }

    // ------------------------------------------------------------------ kinds

    private Fuzzed auth(Op op) {
        String[] header = switch (rnd.nextInt(10)) {
            case 0 -> null;
            case 1 -> new String[]{"Bearer", "garbage"};
            case 2 -> new String[]{"Bearer", "a.b.c"};
            case 3 -> new String[]{"Bearer", op.auth() == Auth.ADMIN ? ctx.participantToken() : ctx.adminToken()};
            case 4 -> new String[]{"Basic", "dXNlcjpwYXNz"};
            case 5 -> new String[]{"Bearer", ""};
            case 6 -> new String[]{"Bearer", ctx.participantToken().substring(0, ctx.participantToken().length() - 5)
                    + "AAAAA"};
            case 7 -> new String[]{"Bearer", "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0."};
            case 8 -> new String[]{"Bearer", "x".repeat(10_000)};
            default -> new String[]{"Bearer", "安全力"};
        };
        RawHttp.Request r = base(op, target(op, Map.of(), null), null);
        if (header != null) {
            r.header("Authorization", (header[0] + " " + header[1]).trim());
        }
        return new Fuzzed(op.toString(), "auth:" + (header == null ? "none" : header[0] + ":" + RawHttp.cut(header[1], 12)),
                r);
    }

    private Fuzzed path(Op op) {
        List<Parameter> params = op.in("path");
        Parameter p = params.get(rnd.nextInt(params.size()));
        String bad = BAD_PATH.get(rnd.nextInt(BAD_PATH.size()));
        String target = target(op, Map.of(p.getName(), bad), null);
        return new Fuzzed(op.toString(), "path:" + p.getName() + "=" + RawHttp.cut(bad, 20),
                base(op, target, validToken(op)));
    }

    private Fuzzed query(Op op) {
        List<Parameter> params = op.in("query");
        List<String> parts = new ArrayList<>();
        List<String> what = new ArrayList<>();
        int n = 1 + rnd.nextInt(Math.min(3, params.size()));
        for (int i = 0; i < n; i++) {
            Parameter p = params.get(rnd.nextInt(params.size()));
            String bad = badQueryValue(p);
            switch (rnd.nextInt(8)) {
                case 0 -> {
                    parts.add(p.getName() + "=1");
                    parts.add(p.getName() + "=" + bad);
                    what.add(p.getName() + "(twice)=" + RawHttp.cut(bad, 20));
                }
                case 1 -> {
                    parts.add(p.getName());
                    what.add(p.getName() + "(no value)");
                }
                default -> {
                    parts.add(p.getName() + "=" + bad);
                    what.add(p.getName() + "=" + RawHttp.cut(bad, 20));
                }
            }
        }
        if (rnd.nextInt(5) == 0) {
            parts.add("unknown%00=%00");
            what.add("unknown");
        }
        String target = target(op, Map.of(), String.join("&", parts));
        return new Fuzzed(op.toString(), "query:" + String.join(",", what), base(op, target, validToken(op)));
    }

    private String badQueryValue(Parameter p) {
        Schema<?> s = p.getSchema();
        String type = s == null ? "string" : FuzzBodies.type(s);
        if ("array".equals(type)) {
            type = "string";
        }
        List<String> list = switch (type) {
            case "integer", "number" -> BAD_INTEGER;
            case "boolean" -> BAD_BOOLEAN;
            default -> s != null && "date".equals(s.getFormat()) ? BAD_DATE : BAD_STRING;
        };
        return rnd.nextInt(5) == 0 ? BAD_STRING.get(rnd.nextInt(BAD_STRING.size())) : list.get(rnd.nextInt(list.size()));
    }

    private Fuzzed header(Op op) {
        RawHttp.Request r = base(op, target(op, Map.of(), null), validToken(op));
        List<Parameter> declared = op.in("header");
        if (!declared.isEmpty() && rnd.nextBoolean()) {
            Parameter p = declared.get(rnd.nextInt(declared.size()));
            String v = switch (rnd.nextInt(7)) {
                case 0 -> "x".repeat(5000);
                case 1 -> "安全力设备";
                case 2 -> "a\u0001b";
                case 3 -> "%00";
                case 4 -> "";
                case 5 -> "a\u007fb";
                default -> "a\u0000b";
            };
            r.header(p.getName(), v);
            // control characters in a header value are not HTTP: Netty's codec refuses them
            boolean control = v.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
            return new Fuzzed(op.toString(), "header:" + p.getName() + "=" + FuzzBodies.escape(RawHttp.cut(v, 12)), r,
                    control ? NOT_HTTP : null);
        }
        String accept = ACCEPTS.get(rnd.nextInt(ACCEPTS.size()));
        r.header("Accept", accept);
        if (rnd.nextInt(3) == 0) {
            r.header("Accept-Language", "zz-ZZ;q=abc, *;q=");
            r.header("Accept-Encoding", "bogus, gzip;q=x");
        }
        return new Fuzzed(op.toString(), "header:accept=" + accept, r);
    }

    private Fuzzed json(Op op) {
        Schema<?> schema = op.bodies().get("application/json");
        boolean keepIncomplete = op.auth() == Auth.ADMIN && op.in("path").isEmpty();
        FuzzBodies.Body b = bodies.mutate(schema, keepIncomplete);
        RawHttp.Request r = request(op, op.method(), target(op, Map.of(), null), validToken(op))
                .body("application/json", b.bytes());
        return new Fuzzed(op.toString(), "json:" + b.kind(), r);
    }

    private Fuzzed contentType(Op op) {
        String type = WRONG_CONTENT_TYPES.get(rnd.nextInt(WRONG_CONTENT_TYPES.size()));
        RawHttp.Request r = base(op, target(op, Map.of(), null), validToken(op));
        r.headers().removeIf(h -> h[0].equalsIgnoreCase("Content-Type"));
        if (rnd.nextInt(6) > 0) {
            r.header("Content-Type", type);
        } else {
            type = "(none)";
        }
        if (type.contains("utf-16")) {
            r = r.body(new String(r.body(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16));
        }
        return new Fuzzed(op.toString(), "content-type:" + type, r);
    }

    private Fuzzed unexpectedBody(Op op) {
        RawHttp.Request r = base(op, target(op, Map.of(), null), validToken(op));
        String type = rnd.nextBoolean() ? "application/json" : "text/plain";
        byte[] body = rnd.nextBoolean() ? "{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)
                : FuzzBodies.bytes(0, 0xff, 0xc3, 0x28);
        return new Fuzzed(op.toString(), "unexpected-body:" + type, r.body(type, body));
    }

    private Fuzzed wrongMethod(Op op) {
        List<String> methods = List.of("PATCH", "DELETE", "PUT", "POST", "GET", "OPTIONS", "TRACE", "FOO");
        String m;
        do {
            m = methods.get(rnd.nextInt(methods.size()));
        } while (m.equals(op.method()));
        RawHttp.Request r = request(op, m, target(op, Map.of(), null), validToken(op));
        if (!m.equals("GET") && !m.equals("OPTIONS") && !m.equals("TRACE")) {
            r = r.body("application/json", "{}".getBytes(StandardCharsets.UTF_8));
        }
        return new Fuzzed(op.toString(), "method:" + m, r);
    }
}
