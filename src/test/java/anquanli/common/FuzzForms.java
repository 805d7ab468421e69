package anquanli.common;

import anquanli.common.FuzzOperations.Op;
import anquanli.common.FuzzRequests.Fuzzed;
import io.swagger.v3.oas.models.media.Schema;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Malformed forms for the fuzzer: multipart bodies (a JSON part fuzzed like any JSON body, and the form's own
 * structure: boundaries, parts missing, doubled, oversized or mistyped, odd file names) and file uploads (YAML, CSV,
 * XLSX: random and invalid bytes, YAML bombs and tags, odd CSV). JSON parts are always incomplete, so no report or
 * step is ever stored; imports always run as dry runs.
 */
final class FuzzForms {

    private final Random rnd;
    private final FuzzBodies bodies;

    FuzzForms(Random rnd, FuzzBodies bodies) {
        this.rnd = rnd;
        this.bodies = bodies;
    }

    record Part(String name, String filename, String contentType, byte[] content) {
    }

    static String jsonPartName(Op op) {
        Schema<?> form = op.bodies().get("multipart/form-data");
        for (String name : FuzzBodies.required(form)) {
            Schema<?> s = form.getProperties().get(name);
            if ("object".equals(FuzzBodies.type(s))) {
                return name;
            }
        }
        throw new IllegalStateException("No JSON part in " + op);
    }

    static Part jsonPart(Op op, String json) {
        return new Part(jsonPartName(op), null, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static Part photo(byte[] content) {
        return new Part("photos", "photo.jpg", "image/jpeg", content);
    }

    RawHttp.Request multipartRequest(RawHttp.Request r, List<Part> parts) {
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

    /** A malformed multipart form for {@code op} on the request {@code r} (method, target and token set). */
    Fuzzed multipart(Op op, RawHttp.Request r) {
        Schema<?> jsonSchema = op.bodies().get("multipart/form-data").getProperties().get(jsonPartName(op));
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

    /** A malformed upload for {@code op}; {@code withQuery} makes its request with the query string given. */
    Fuzzed upload(Op op, Function<String, RawHttp.Request> withQuery) {
        List<String> types = List.copyOf(op.bodies().keySet());
        String type = types.get(rnd.nextInt(types.size()));
        RawHttp.Request r = withQuery.apply(null);
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
                r = withQuery.apply("dryRun=" + values.get(rnd.nextInt(values.size())));
            }
            case 13 -> {
                kind = "wrong-content-type";
                body = "a: 1".getBytes(StandardCharsets.UTF_8);
                type = FuzzRequests.WRONG_CONTENT_TYPES.get(rnd.nextInt(FuzzRequests.WRONG_CONTENT_TYPES.size()));
            }
            case 14 -> {
                kind = "file-param";
                body = "a: 1".getBytes(StandardCharsets.UTF_8);
                List<String> values = List.of("%00", "..%2F..%2Fetc%2Fpasswd", "x".repeat(3000), "%C3%28", "");
                r = withQuery.apply("file=" + values.get(rnd.nextInt(values.size())));
            }
            default -> {
                kind = "utf16";
                body = "name,regionCode\n测试,110101\n".getBytes(StandardCharsets.UTF_16);
            }
        }
        return new Fuzzed(op.toString(), "upload:" + type + ":" + kind, r.body(type, body));
    }
}
