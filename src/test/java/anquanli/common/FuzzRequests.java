package anquanli.common;

import anquanli.common.FuzzOperations.Auth;
import anquanli.common.FuzzOperations.Op;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;

import java.io.ByteArrayOutputStream;
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

    static final String NOT_A_URI = "not a URI (RFC 3986): Quarkus's root handler answers 400 before routing";
    static final String NOT_HTTP = "not HTTP/1.1: Netty's codec answers 400, 414 or 431 or closes before routing";

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

    private static final List<String> WRONG_CONTENT_TYPES = List.of("text/plain", "application/xml",
            "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=zzz",
            "application/json; charset=utf-16", "application/json; charset=bogus", "application/json;;;",
            "application/json; charset=", "*/*", "application/", "garbage", "application/octet-stream",
            "image/jpeg", "text/yaml", "application/json; charset=\"utf-8", "APPLICATION/JSON");

    private final Random rnd;
    private final FuzzBodies bodies;
    private final Context ctx;

    FuzzRequests(Random rnd, Context ctx) {
        this.rnd = rnd;
        this.bodies = new FuzzBodies(rnd);
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
            case MULTIPART -> multipart(op);
            case UPLOAD -> upload(op);
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

    private static boolean isUpload(Op op) {
        return Kind.UPLOAD.appliesTo(op);
    }

    private String validToken(Op op) {
        return switch (op.auth()) {
            case ADMIN -> ctx.adminToken();
            case PARTICIPANT, OPTIONAL_PARTICIPANT -> ctx.participantToken();
            case PUBLIC -> rnd.nextInt(4) == 0 ? ctx.participantToken() : null;
        };
    }

    private RawHttp.Request request(Op op, String method, String target, String token) {
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
            return multipartRequest(r, List.of(jsonPart(op, "{}")));
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

    // ------------------------------------------------------------------ multipart

    record Part(String name, String filename, String contentType, byte[] content) {
    }

    private String jsonPartName(Op op) {
        Schema<?> form = op.bodies().get("multipart/form-data");
        for (String name : FuzzBodies.required(form)) {
            Schema<?> s = form.getProperties().get(name);
            if ("object".equals(FuzzBodies.type(s))) {
                return name;
            }
        }
        throw new IllegalStateException("No JSON part in " + op);
    }

    private Part jsonPart(Op op, String json) {
        return new Part(jsonPartName(op), null, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static Part photo(byte[] content) {
        return new Part("photos", "photo.jpg", "image/jpeg", content);
    }

    private RawHttp.Request multipartRequest(RawHttp.Request r, List<Part> parts) {
        String boundary = "fuzz" + Long.toHexString(rnd.nextLong());
        return r.body("multipart/form-data; boundary=" + boundary, multipartBody(boundary, parts, true));
    }

    static byte[] multipartBody(String boundary, List<Part> parts, boolean closed) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Part p : parts) {
            b.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name() + "\""
                    + (p.filename() == null ? "" : "; filename=\"" + p.filename() + "\"") + "\r\n"
                    + (p.contentType() == null ? "" : "Content-Type: " + p.contentType() + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            b.writeBytes(p.content());
            b.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        if (closed) {
            b.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    private Fuzzed multipart(Op op) {
        Schema<?> jsonSchema = op.bodies().get("multipart/form-data").getProperties().get(jsonPartName(op));
        RawHttp.Request r = request(op, op.method(), target(op, Map.of(), null), validToken(op));
        byte[] garbage = FuzzBodies.bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0);
        String name = jsonPartName(op);
        if (rnd.nextBoolean()) {
            // the JSON part malformed like any JSON body; always incomplete, so nothing is ever stored
            FuzzBodies.Body b = bodies.mutate(jsonSchema, true);
            List<Part> parts = new ArrayList<>(List.of(new Part(name, null, "application/json", b.bytes())));
            if (rnd.nextBoolean()) {
                parts.add(photo(garbage));
            }
            return new Fuzzed(op.toString(), "multipart-json:" + b.kind(), multipartRequest(r, parts));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> incomplete = (Map<String, Object>) bodies.sample(jsonSchema);
        incomplete.remove(FuzzBodies.required(jsonSchema).get(0));
        String json = FuzzBodies.write(incomplete);
        String boundary = "fuzz" + Long.toHexString(rnd.nextLong());
        int which = rnd.nextInt(20);
        String kind;
        List<Part> parts = new ArrayList<>();
        String contentType = "multipart/form-data; boundary=" + boundary;
        boolean closed = true;
        switch (which) {
            case 0 -> kind = "no-parts";
            case 1 -> {
                kind = "json-part-as-text";
                parts.add(new Part(name, null, "text/plain", json.getBytes(StandardCharsets.UTF_8)));
            }
            case 2 -> {
                kind = "json-part-without-type";
                parts.add(new Part(name, null, null, json.getBytes(StandardCharsets.UTF_8)));
            }
            case 3 -> {
                kind = "json-part-as-file";
                parts.add(new Part(name, "report.json", "application/json", json.getBytes(StandardCharsets.UTF_8)));
            }
            case 4 -> {
                kind = "json-part-twice";
                parts.add(jsonPart(op, json));
                parts.add(jsonPart(op, "{\"a\":1}"));
            }
            case 5 -> {
                kind = "json-part-over-attribute-limit";
                parts.add(jsonPart(op, FuzzBodies.withRaw(incomplete, "description", FuzzBodies.quote("安".repeat(40_000)))));
            }
            case 6 -> {
                kind = "photos-only";
                parts.add(photo(garbage));
            }
            case 7 -> {
                kind = "ten-photos";
                parts.add(jsonPart(op, json));
                for (int i = 0; i < 10; i++) {
                    parts.add(photo(garbage));
                }
            }
            case 8 -> {
                kind = "photo-empty";
                parts.add(jsonPart(op, json));
                parts.add(photo(new byte[0]));
            }
            case 9 -> {
                kind = "photo-filename-odd";
                parts.add(jsonPart(op, json));
                List<String> names = List.of("../../etc/passwd", "a\u0000b.jpg", "安全.jpg", "", "x".repeat(5000),
                        "a\"b.jpg", "con.jpg");
                parts.add(new Part("photos", names.get(rnd.nextInt(names.size())), "image/jpeg", garbage));
            }
            case 10 -> {
                kind = "photo-as-text";
                parts.add(jsonPart(op, json));
                parts.add(new Part("photos", null, "text/plain", "not a photo".getBytes(StandardCharsets.UTF_8)));
            }
            case 11 -> {
                kind = "missing-boundary";
                contentType = "multipart/form-data";
                parts.add(jsonPart(op, json));
            }
            case 12 -> {
                kind = "wrong-boundary";
                contentType = "multipart/form-data; boundary=other";
                parts.add(jsonPart(op, json));
            }
            case 13 -> {
                kind = "unterminated";
                closed = false;
                parts.add(jsonPart(op, json));
            }
            case 14 -> {
                kind = "boundary-too-long";
                boundary = "b".repeat(200);
                contentType = "multipart/form-data; boundary=" + boundary;
                parts.add(jsonPart(op, json));
            }
            case 15 -> {
                kind = "json-part-nul";
                parts.add(jsonPart(op, FuzzBodies.withRaw(incomplete, "description", "\"a\\u0000b\"")));
            }
            case 16 -> {
                kind = "json-part-invalid-utf8";
                byte[] bad = FuzzBodies.INVALID_UTF8.get(rnd.nextInt(FuzzBodies.INVALID_UTF8.size()));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes("{\"description\":\"ab".getBytes(StandardCharsets.UTF_8));
                out.writeBytes(bad);
                out.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
                parts.add(new Part(name, null, "application/json", out.toByteArray()));
            }
            case 17 -> {
                kind = "json-part-duplicate-key";
                parts.add(jsonPart(op, "{\"description\":\"a\",\"description\":\"b\"}"));
            }
            case 18 -> {
                kind = "unknown-parts";
                parts.add(jsonPart(op, json));
                for (int i = 0; i < 50; i++) {
                    parts.add(new Part("x" + i, null, null, "1".getBytes(StandardCharsets.UTF_8)));
                }
            }
            default -> {
                kind = "urlencoded-form";
                return new Fuzzed(op.toString(), "multipart:" + kind, r.body("application/x-www-form-urlencoded",
                        (name + "=" + java.net.URLEncoder.encode(json, StandardCharsets.UTF_8))
                                .getBytes(StandardCharsets.UTF_8)));
            }
        }
        return new Fuzzed(op.toString(), "multipart:" + kind,
                r.body(contentType, multipartBody(boundary, parts, closed)));
    }

    // ------------------------------------------------------------------ uploads (YAML, CSV, XLSX)

    private Fuzzed upload(Op op) {
        List<String> types = List.copyOf(op.bodies().keySet());
        String type = types.get(rnd.nextInt(types.size()));
        RawHttp.Request r = request(op, op.method(), target(op, Map.of(), null), validToken(op));
        String kind;
        byte[] body;
        switch (rnd.nextInt(16)) {
            case 0 -> {
                kind = "empty";
                body = new byte[0];
            }
            case 1 -> {
                kind = "random-bytes";
                body = new byte[1 + rnd.nextInt(4096)];
                rnd.nextBytes(body);
            }
            case 2 -> {
                kind = "nul-bytes";
                body = "a: \u0000\nname,region\n\u0000,\u0000\n".getBytes(StandardCharsets.UTF_8);
            }
            case 3 -> {
                kind = "invalid-utf8";
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes("name,regionCode\n".getBytes(StandardCharsets.UTF_8));
                out.writeBytes(FuzzBodies.INVALID_UTF8.get(rnd.nextInt(FuzzBodies.INVALID_UTF8.size())));
                out.writeBytes(",110101\n".getBytes(StandardCharsets.UTF_8));
                body = out.toByteArray();
            }
            case 4 -> {
                kind = "yaml-billion-laughs";
                StringBuilder y = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
                for (char c = 'b'; c <= 'j'; c++) {
                    y.append(c).append(": &").append(c).append(" [");
                    for (int i = 0; i < 9; i++) {
                        y.append(i == 0 ? "" : ",").append('*').append((char) (c - 1));
                    }
                    y.append("]\n");
                }
                body = y.toString().getBytes(StandardCharsets.UTF_8);
            }
            case 5 -> {
                kind = "yaml-deep";
                body = ("a: " + "[".repeat(10_000) + "]".repeat(10_000)).getBytes(StandardCharsets.UTF_8);
            }
            case 6 -> {
                kind = "yaml-java-tag";
                body = "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1:1/\"]]]]"
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 7 -> {
                kind = "yaml-wrong-shapes";
                List<String> docs = List.of("- 1\n- 2", "questions: 5", "questions:\n  - {id: 1, options: 3}",
                        "category: [a, {b: c}]\nquestions: {}", "? [a]\n: b", "a: *undefined", "%YAML 9.9\n---\na: 1",
                        "---\n...\n---\n", "id: \"\\u0000\"\nstem: x");
                body = docs.get(rnd.nextInt(docs.size())).getBytes(StandardCharsets.UTF_8);
            }
            case 8 -> {
                kind = "csv-odd";
                List<String> docs = List.of("\"unclosed,quote\n", "name\n" + "x,".repeat(20_000), ",,,,\n,,,\n",
                        "name,regionCode\n\"a\"\"b\",\"110101\"\n", "\ufeffname,regionCode\n=cmd|'/C calc'!A0,110101",
                        "name,regionCode\r\r\r\n\n\n", "a\u0000b,110101\n");
                body = docs.get(rnd.nextInt(docs.size())).getBytes(StandardCharsets.UTF_8);
            }
            case 9 -> {
                kind = "zip-not-xlsx";
                body = FuzzBodies.bytes('P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                        0, 1, 0, 0, 0, 'a', 0xff, 0xff, 0xff);
            }
            case 10 -> {
                kind = "huge-line";
                body = ("a: " + "x".repeat(3_000_000)).getBytes(StandardCharsets.UTF_8);
            }
            case 11 -> {
                kind = "over-upload-limit";
                body = new byte[6 * 1024 * 1024];
            }
            case 12 -> {
                kind = "bad-dry-run";
                body = "a: 1".getBytes(StandardCharsets.UTF_8);
                List<String> values = List.of("maybe", "%00", "1", "", "yes");
                r = request(op, op.method(), target(op, Map.of(), "dryRun=" + values.get(rnd.nextInt(values.size()))),
                        validToken(op));
            }
            case 13 -> {
                kind = "wrong-content-type";
                body = "a: 1".getBytes(StandardCharsets.UTF_8);
                type = WRONG_CONTENT_TYPES.get(rnd.nextInt(WRONG_CONTENT_TYPES.size()));
            }
            case 14 -> {
                kind = "file-param";
                body = "a: 1".getBytes(StandardCharsets.UTF_8);
                List<String> values = List.of("%00", "..%2F..%2Fetc%2Fpasswd", "x".repeat(3000), "%C3%28", "");
                r = request(op, op.method(), target(op, Map.of(), "file=" + values.get(rnd.nextInt(values.size()))),
                        validToken(op));
            }
            default -> {
                kind = "utf16";
                body = "name,regionCode\n测试,110101\n".getBytes(StandardCharsets.UTF_16);
            }
        }
        return new Fuzzed(op.toString(), "upload:" + type + ":" + kind, r.body(type, body));
    }

    /** Requests below the operations: the request line, header syntax, lengths and sizes. */
    List<Fuzzed> wire() {
        List<Fuzzed> out = new ArrayList<>();
        String token = ctx.participantToken();
        for (String target : List.of("/api/v1/%00", "/api/v1/regions/%C3%28", "/%FF", "/api/v1/../../etc/passwd",
                "/api/v1/units/1;jsessionid=x", "/api//v1//units", "/api/v1/units/%2e%2e/%2e%2e", "/api/v1/nothing",
                "*", "http://example.com/api/v1/units", "/api/v1/units?region=110101&region=110102&q=%00",
                "/api/v1/units?q=%E5%AE%89%E5%85%A8%00", "/api/v1/units?%00=1", "/api/v1/units?&&&=&=",
                "/api/v1/units?q=" + "x".repeat(3500))) {
            out.add(new Fuzzed("(wire)", "target:" + RawHttp.cut(target, 40), RawHttp.Request.of("GET", target)));
        }
        for (String target : List.of("/api/v1/units?q=%ZZ", "/api/v1/units?q=%", "/api/v1/units/%ZZ",
                "/api/v1/regions/%", "/api/v1/regions/区域", "/api/v1/units?q=安全", "/api/v1/units?q=a b")) {
            out.add(new Fuzzed("(wire)", "target:" + RawHttp.cut(target, 40), RawHttp.Request.of("GET", target),
                    NOT_A_URI));
        }
        for (String target : List.of("/api/v1/units?" + "q=1&".repeat(2000), "/api/v1/units?q=" + "x".repeat(5000),
                "/api/v1/units/" + "9".repeat(5000))) {
            out.add(new Fuzzed("(wire)", "target-over-4KB:" + RawHttp.cut(target, 30), RawHttp.Request.of("GET", target),
                    NOT_HTTP));
        }
        out.add(new Fuzzed("(wire)", "target:raw-nul", RawHttp.Request.raw(
                "GET /api/v1/units?q=a\u0000b HTTP/1.1\r\nHost: x\r\nConnection: close".getBytes(StandardCharsets.ISO_8859_1),
                null), NOT_HTTP));
        out.add(new Fuzzed("(wire)", "target:raw-invalid-utf8", RawHttp.Request.raw(
                concat("GET /api/v1/regions/".getBytes(StandardCharsets.ISO_8859_1), FuzzBodies.bytes(0xc3, 0x28, 0xff),
                        " HTTP/1.1\r\nHost: x\r\nConnection: close".getBytes(StandardCharsets.ISO_8859_1)), null),
                NOT_A_URI));
        String get = "GET /api/v1/campaigns/current HTTP/1.1\r\nHost: x\r\nConnection: close";
        String post = "POST /api/v1/auth/sms-codes HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\n";
        for (String[] head : List.of(
                new String[]{get + "\r\nX-Folded: a\r\n b", null},
                new String[]{"GET /api/v1/campaigns/current HTTP/9.9\r\nHost: x\r\nConnection: close", null},
                new String[]{"get /api/v1/campaigns/current HTTP/1.1\r\nHost: x\r\nConnection: close", null},
                new String[]{"GET /api/v1/campaigns/current HTTP/1.0", null},
                new String[]{"GET /api/v1/campaigns/current HTTP/1.1\r\nConnection: close", null},
                new String[]{get + "\r\nHost: y", null},
                new String[]{get + "\r\nX-Device-Id: 安全力", null},
                new String[]{"GET /api/v1/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer a\u0000b", NOT_HTTP},
                new String[]{"GET /api/v1/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Odd: a\u0001b", NOT_HTTP},
                new String[]{get + "\r\nBad Header: x", NOT_HTTP},
                new String[]{get + "\r\nX-Big: " + "x".repeat(30_000), NOT_HTTP},
                new String[]{post + "Content-Length: abc", NOT_HTTP},
                new String[]{post + "Content-Length: -1", NOT_HTTP},
                new String[]{post + "Content-Length: 2\r\nContent-Length: 3", NOT_HTTP},
                new String[]{post + "Transfer-Encoding: chunked\r\nContent-Length: 2", NOT_HTTP},
                new String[]{post + "Transfer-Encoding: gzip, chunked", NOT_HTTP})) {
            byte[] body = head[0].contains("chunked") ? "zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1) : null;
            String last = head[0].substring(head[0].lastIndexOf("\r\n") < 0 ? 0 : head[0].lastIndexOf("\r\n") + 2);
            out.add(new Fuzzed("(wire)", "head:" + FuzzBodies.escape(RawHttp.cut(last, 40)),
                    RawHttp.Request.raw(head[0].getBytes(StandardCharsets.UTF_8), body), head[1]));
        }
        // sizes: a declared body over the limit (answered before it is sent) on a JSON and on a multipart operation
        out.add(new Fuzzed("(wire)", "body-over-limit:json", RawHttp.Request.of("POST", "/api/v1/auth/sms-codes")
                .header("Content-Type", "application/json").header("Content-Length", "60000000")));
        out.add(new Fuzzed("(wire)", "body-over-limit:multipart", RawHttp.Request.of("POST", "/api/v1/hazard-reports")
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=b").header("Content-Length", "60000000")));
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }
}
