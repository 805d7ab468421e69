package anquanli.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.media.Schema;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * JSON bodies for the fuzzer: a complete sample from a contract schema, and the ways a client gets one wrong —
 * wrong types, missing, extra and duplicate fields, huge and deeply nested values, NUL and other control characters,
 * invalid UTF-8, broken syntax. Every body is made from the {@link Random} given, so a seed replays a run.
 */
final class FuzzBodies {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Values of every JSON type; a field gets those of the types it does not have. */
    private static final List<String> WRONG_VALUES = List.of("123", "-1", "0", "1.5", "1e308", "-1e308",
            "99999999999999999999999999", "9223372036854775808", "\"text\"", "\"\"", "\" \"", "true", "false",
            "null", "[]", "{}", "[1,\"a\",null]", "{\"a\":{\"b\":[]}}", "\"2026-13-45\"", "\"00000000-0000\"");

    /** Numbers Jackson reads in odd ways: too many digits, out of range, non-standard forms. */
    private static final List<String> ODD_NUMBERS = List.of("1e999999", "-0", "0.0000000000000000000001",
            "1e-400", "9223372036854775808", "-9223372036854775809", "2147483648", "1" + "0".repeat(1500),
            "0." + "1".repeat(1500), "NaN", "Infinity", "-Infinity", "0x10", "012", "+1", ".5", "1.", "1e", "--1");

    /** Strings with characters a client may send by mistake or on purpose. */
    private static final List<String> ODD_TEXT = List.of("\u0001", "\u0007", "\u0008", "\t", "\n", "\r", "\u000b",
            "\u000c", "\u001b[31m", "\u001f", "\u007f", "\u0085", "\u00a0", "\u2028", "\u2029", "\u202e", "\ufeff",
            "\ufffe", "\uffff", "\ud800", "\udfff", "\udfff\ud800", "😀", "👨\u200d👩\u200d👧", "e\u0301",
            "𠀀", "Ａ１", "'; drop table unit; --", "<script>alert(1)</script>", "${jndi:ldap://x}", "%00", "\\",
            "../../etc/passwd", "=cmd|' /C calc'!A0");

    /** Byte sequences that are not UTF-8: lone continuation, overlong (including the overlong NUL), surrogates. */
    static final List<byte[]> INVALID_UTF8 = List.of(bytes(0xff), bytes(0xfe), bytes(0xc3, 0x28), bytes(0x80),
            bytes(0xc0, 0x80), bytes(0xc1, 0xbf), bytes(0xe0, 0x80, 0x80), bytes(0xed, 0xa0, 0x80),
            bytes(0xf4, 0x90, 0x80, 0x80), bytes(0xf8, 0x88, 0x80, 0x80, 0x80), bytes(0xe4, 0xb8));

    private final Random rnd;

    FuzzBodies(Random rnd) {
        this.rnd = rnd;
    }

    /** A mutated body and what was done to it. */
    record Body(String kind, byte[] bytes) {
        static Body of(String kind, String text) {
            return new Body(kind, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    // ------------------------------------------------------------------ samples

    /** A complete value for the schema: examples where the contract has them, every property of objects. */
    Object sample(Schema<?> s) {
        if (s == null) {
            return "x";
        }
        if (s.getAllOf() != null && !s.getAllOf().isEmpty()) {
            Map<String, Object> merged = new LinkedHashMap<>();
            for (Schema<?> part : s.getAllOf()) {
                if (sample(part) instanceof Map<?, ?> m) {
                    m.forEach((k, v) -> merged.put((String) k, v));
                }
            }
            return merged;
        }
        if (s.getExample() != null && !(s.getExample() instanceof Map) && !(s.getExample() instanceof List)) {
            return s.getExample() instanceof java.util.Date || s.getExample() instanceof java.time.temporal.Temporal
                    ? s.getExample().toString() : s.getExample();
        }
        if (s.getEnum() != null && !s.getEnum().isEmpty()) {
            return s.getEnum().get(0);
        }
        String type = type(s);
        switch (type) {
            case "object": {
                Map<String, Object> m = new LinkedHashMap<>();
                if (s.getProperties() != null) {
                    s.getProperties().forEach((k, v) -> m.put(k, sample(v)));
                }
                return m;
            }
            case "array":
                return new ArrayList<>(List.of(sample(s.getItems())));
            case "integer":
                return s.getMinimum() != null ? s.getMinimum().longValue() : 1;
            case "number":
                return s.getMinimum() != null ? s.getMinimum().doubleValue() + 1 : 1.5;
            case "boolean":
                return false;
            default:
                if ("date".equals(s.getFormat())) {
                    return LocalDate.now().toString();
                }
                if ("date-time".equals(s.getFormat())) {
                    return Instant.now().toString();
                }
                if ("uuid".equals(s.getFormat())) {
                    return new UUID(rnd.nextLong(), rnd.nextLong()).toString();
                }
                return "样本文本";
        }
    }

    static String type(Schema<?> s) {
        if (s.getType() != null) {
            return s.getType();
        }
        if (s.getProperties() != null) {
            return "object";
        }
        if (s.getItems() != null) {
            return "array";
        }
        return "string";
    }

    static List<String> required(Schema<?> s) {
        return s == null || s.getRequired() == null ? List.of() : s.getRequired();
    }

    // ------------------------------------------------------------------ mutations

    /**
     * One malformed body for an object schema. {@code keepIncomplete}: operations that would create or change shared
     * data when the body is valid (an admin's new campaign or unit) always lose a required field too, so no mutation
     * of them can succeed — except where the mutation itself must be refused before any validation (NUL).
     */
    Body mutate(Schema<?> schema, boolean keepIncomplete) {
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) sample(schema);
        int pick = rnd.nextInt(20);
        if (keepIncomplete && pick != 6 && pick != 7) {
            dropRequired(schema, body, null);
        }
        return switch (pick) {
            case 0 -> missingField(schema, body);
            case 1, 2 -> wrongType(schema, body);
            case 3 -> extraFields(body);
            case 4 -> duplicateKey(body);
            case 5 -> hugeString(schema, body);
            case 6, 7 -> nul(schema, body);
            case 8 -> oddText(schema, body);
            case 9 -> invalidUtf8(body);
            case 10 -> deepNesting(body);
            case 11 -> oddNumber(body);
            case 12 -> brokenSyntax(body);
            case 13 -> wrongTopLevel();
            case 14 -> Body.of("empty", "");
            case 15 -> hugeArray(body);
            case 16 -> hugeKey(body);
            case 17 -> manyKeys(body);
            case 18 -> rawControlCharacter(body);
            default -> nulKey(body);
        };
    }

    private String dropRequired(Schema<?> schema, Map<String, Object> body, String keep) {
        List<String> required = new ArrayList<>(required(schema));
        required.remove(keep);
        if (required.isEmpty()) {
            return null;
        }
        String field = required.get(rnd.nextInt(required.size()));
        body.remove(field);
        return field;
    }

    private Body missingField(Schema<?> schema, Map<String, Object> body) {
        String dropped = dropRequired(schema, body, null);
        if (rnd.nextBoolean() && !body.isEmpty()) {
            // every required field of a nested object too, or all of them
            body.replaceAll((k, v) -> v instanceof Map<?, ?> ? new LinkedHashMap<>() : v);
        }
        return Body.of("missing:" + dropped, write(body));
    }

    private Body wrongType(Schema<?> schema, Map<String, Object> body) {
        String field = anyField(schema, body);
        List<String> values = new ArrayList<>();
        for (String v : WRONG_VALUES) {
            if (!sameType(v, body.get(field))) {
                values.add(v);
            }
        }
        String value = values.get(rnd.nextInt(values.size()));
        return Body.of("wrong-type:" + field, withRaw(body, field, value));
    }

    private static boolean sameType(String raw, Object sample) {
        char c = raw.charAt(0);
        if (sample instanceof String) {
            return c == '"';
        }
        if (sample instanceof Number) {
            return c == '-' || Character.isDigit(c);
        }
        if (sample instanceof Boolean) {
            return c == 't' || c == 'f';
        }
        if (sample instanceof List) {
            return c == '[';
        }
        if (sample instanceof Map) {
            return c == '{';
        }
        return false;
    }

    private Body extraFields(Map<String, Object> body) {
        body.put("id", 1);
        body.put("participantId", 1);
        body.put("status", "CLOSED");
        body.put("__proto__", Map.of("admin", true));
        body.put("unknown" + rnd.nextInt(1000), List.of(1, 2, 3));
        return Body.of("extra-fields", write(body));
    }

    private Body duplicateKey(Map<String, Object> body) {
        String field = body.isEmpty() ? "x" : List.copyOf(body.keySet()).get(rnd.nextInt(body.size()));
        String first = rnd.nextBoolean() ? "\"first\"" : value(body.get(field));
        String text = write(body);
        String dup = "{\"" + field + "\":" + first + (text.equals("{}") ? "" : ",") + text.substring(1);
        if (!body.containsKey(field)) {
            dup = "{\"" + field + "\":1,\"" + field + "\":2" + (text.equals("{}") ? "" : ",") + text.substring(1);
        }
        return Body.of("duplicate-key:" + field, dup);
    }

    private Body hugeString(Schema<?> schema, Map<String, Object> body) {
        String field = anyField(schema, body);
        int size = rnd.nextBoolean() ? 100_000 : 2_000_000;
        String unit = rnd.nextBoolean() ? "a" : "安";
        return Body.of("huge-string:" + field + ":" + size, withRaw(body, field, quote(unit.repeat(size))));
    }

    private Body nul(Schema<?> schema, Map<String, Object> body) {
        String field = stringField(schema, body);
        Object current = body.get(field);
        String text = current instanceof String s ? s : "x";
        int at = rnd.nextInt(text.length() + 1);
        String value = text.substring(0, at) + "\u0000" + text.substring(at);
        return Body.of("nul:" + field, withRaw(body, field, quote(value)));
    }

    private Body nulKey(Map<String, Object> body) {
        body.put("a\u0000b", 1);
        return Body.of("nul-key", write(body));
    }

    private Body oddText(Schema<?> schema, Map<String, Object> body) {
        String field = stringField(schema, body);
        String odd = ODD_TEXT.get(rnd.nextInt(ODD_TEXT.size()));
        Object current = body.get(field);
        String value = (current instanceof String s ? s : "") + odd;
        return Body.of("odd-text:" + field + ":" + escape(odd), withRaw(body, field, quote(value)));
    }

    private Body invalidUtf8(Map<String, Object> body) {
        byte[] bad = INVALID_UTF8.get(rnd.nextInt(INVALID_UTF8.size()));
        String field = body.isEmpty() ? "x" : List.copyOf(body.keySet()).get(rnd.nextInt(body.size()));
        String marker = "\"@@BAD@@\"";
        String text = withRaw(body, field, marker);
        int at = text.indexOf(marker);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(text.substring(0, at + 1).getBytes(StandardCharsets.UTF_8));
        out.writeBytes("ab".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bad);
        out.writeBytes(text.substring(at + marker.length() - 1).getBytes(StandardCharsets.UTF_8));
        if (rnd.nextInt(4) == 0) {
            // truncated in the middle of a multi-byte character at the very end
            out.reset();
            out.writeBytes(("{\"" + field + "\":\"安").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(bytes(0xe5, 0xae));
        }
        return new Body("invalid-utf8:" + field + ":" + hex(bad), out.toByteArray());
    }

    private Body deepNesting(Map<String, Object> body) {
        int depth = switch (rnd.nextInt(4)) {
            case 0 -> 10_000;
            case 1 -> 100_000;
            case 2 -> 1_001;
            default -> 999;
        };
        boolean arrays = rnd.nextBoolean();
        String nested = arrays ? "[".repeat(depth) + "]".repeat(depth)
                : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        if (rnd.nextBoolean() || body.isEmpty()) {
            return Body.of("deep-" + (arrays ? "arrays" : "objects") + ":" + depth, nested);
        }
        String field = List.copyOf(body.keySet()).get(rnd.nextInt(body.size()));
        return Body.of("deep-" + (arrays ? "arrays" : "objects") + "-in:" + field + ":" + depth,
                withRaw(body, field, nested));
    }

    private Body oddNumber(Map<String, Object> body) {
        String field = body.isEmpty() ? "x" : List.copyOf(body.keySet()).get(rnd.nextInt(body.size()));
        String n = ODD_NUMBERS.get(rnd.nextInt(ODD_NUMBERS.size()));
        return Body.of("odd-number:" + field + ":" + RawHttp.cut(n, 20), withRaw(body, field, n));
    }

    private Body brokenSyntax(Map<String, Object> body) {
        String text = write(body);
        return switch (rnd.nextInt(12)) {
            case 0 -> Body.of("syntax:truncated", text.substring(0, rnd.nextInt(Math.max(1, text.length() - 1))));
            case 1 -> Body.of("syntax:trailing-garbage", text + " xyz");
            case 2 -> Body.of("syntax:two-documents", text + text);
            case 3 -> Body.of("syntax:trailing-comma", text.substring(0, text.length() - 1) + ",}");
            case 4 -> Body.of("syntax:comment", "/* c */" + text);
            case 5 -> Body.of("syntax:single-quotes", text.replace('"', '\''));
            case 6 -> Body.of("syntax:unquoted-keys", text.replaceAll("\"(\\w+)\":", "$1:"));
            case 7 -> Body.of("syntax:bom", "\ufeff" + text);
            case 8 -> Body.of("syntax:whitespace-only", " \n\t ");
            case 9 -> Body.of("syntax:not-json", "phone=13800000000&code=1");
            case 10 -> Body.of("syntax:unclosed-string", "{\"a\":\"abc");
            default -> Body.of("syntax:lone-brace", rnd.nextBoolean() ? "{" : "}");
        };
    }

    private Body wrongTopLevel() {
        List<String> values = List.of("[]", "[{}]", "\"text\"", "1", "true", "null", "[null]");
        String v = values.get(rnd.nextInt(values.size()));
        return Body.of("top-level:" + v, v);
    }

    private Body hugeArray(Map<String, Object> body) {
        String field = body.isEmpty() ? "x" : List.copyOf(body.keySet()).get(rnd.nextInt(body.size()));
        int n = rnd.nextBoolean() ? 10_000 : 200_000;
        String element = rnd.nextBoolean() ? "\"a\"" : "1";
        return Body.of("huge-array:" + field + ":" + n,
                withRaw(body, field, "[" + String.join(",", java.util.Collections.nCopies(n, element)) + "]"));
    }

    private Body hugeKey(Map<String, Object> body) {
        String key = "k".repeat(rnd.nextBoolean() ? 60_000 : 1_000);
        body.put(key, 1);
        return Body.of("huge-key:" + key.length(), write(body));
    }

    private Body manyKeys(Map<String, Object> body) {
        for (int i = 0; i < 20_000; i++) {
            body.put("k" + i, i);
        }
        return Body.of("many-keys:20000", write(body));
    }

    private Body rawControlCharacter(Map<String, Object> body) {
        // unescaped control characters inside a string are not JSON
        String field = body.isEmpty() ? "x" : List.copyOf(body.keySet()).get(rnd.nextInt(body.size()));
        char c = (char) rnd.nextInt(0x20);
        return Body.of("raw-control:" + field + ":" + (int) c, withRaw(body, field, "\"a" + c + "b\""));
    }

    // ------------------------------------------------------------------ JSON text helpers

    private String anyField(Schema<?> schema, Map<String, Object> body) {
        if (body.isEmpty()) {
            return schema.getProperties() == null || schema.getProperties().isEmpty() ? "x"
                    : List.copyOf(schema.getProperties().keySet()).get(0);
        }
        return List.copyOf(body.keySet()).get(rnd.nextInt(body.size()));
    }

    /** A field whose contract type is a string, else any field. */
    private String stringField(Schema<?> schema, Map<String, Object> body) {
        List<String> strings = new ArrayList<>();
        body.forEach((k, v) -> {
            if (v instanceof String) {
                strings.add(k);
            }
        });
        return strings.isEmpty() ? anyField(schema, body) : strings.get(rnd.nextInt(strings.size()));
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String value(Object v) {
        return write(v);
    }

    /** The body with {@code field} set to the raw JSON text {@code rawValue}, other fields as they are. */
    static String withRaw(Map<String, Object> body, String field, String rawValue) {
        StringBuilder b = new StringBuilder("{");
        boolean first = true;
        boolean done = false;
        for (Map.Entry<String, Object> e : body.entrySet()) {
            b.append(first ? "" : ",").append(quote(e.getKey())).append(':');
            if (e.getKey().equals(field)) {
                b.append(rawValue);
                done = true;
            } else {
                b.append(write(e.getValue()));
            }
            first = false;
        }
        if (!done) {
            b.append(first ? "" : ",").append(quote(field)).append(':').append(rawValue);
        }
        return b.append('}').toString();
    }

    static String quote(String s) {
        return write(s);
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x & 0xff));
        }
        return s.toString();
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
