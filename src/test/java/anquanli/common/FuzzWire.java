package anquanli.common;

import anquanli.common.FuzzRequests.Fuzzed;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests the fuzzer sends below the operations: request targets, header syntax, lengths and sizes. Those that are
 * not HTTP or whose target is not a URI are refused below any hook the service has, with a bare status: they carry
 * the reason, and the test counts them apart.
 */
final class FuzzWire {

    static final String NOT_A_URI = "not a URI (RFC 3986): Quarkus's root handler answers 400 before routing";
    static final String NOT_HTTP = "not HTTP/1.1: Netty's codec answers 400, 414 or 431 or closes before routing";

    private FuzzWire() {
    }

    /** Requests below the operations: the request line, header syntax, lengths and sizes. */
    static List<Fuzzed> requests(String token) {
        List<Fuzzed> out = new ArrayList<>();
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
