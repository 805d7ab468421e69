package anquanli.common;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A bare HTTP/1.1 client over a socket. It sends exactly the bytes it is given — malformed escapes, raw UTF-8 or NUL
 * in the request line and headers, invalid UTF-8 in bodies, conflicting lengths — which java.net.http and REST Assured
 * refuse or normalise before they reach the service. One request per connection ({@code Connection: close}).
 */
final class RawHttp {

    private final String host;
    private final int port;

    RawHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * A request. {@code target} is written as UTF-8 bytes as given (the caller percent-encodes what should be
     * encoded); header values likewise. Content-Length is added for a body unless a header sets it or
     * Transfer-Encoding already.
     */
    record Request(String method, String target, List<String[]> headers, byte[] body, byte[] rawHead) {

        static Request of(String method, String target) {
            return new Request(method, target, new ArrayList<>(), null, null);
        }

        /** A request whose whole head (request line and headers, without the blank line) is these bytes. */
        static Request raw(byte[] head, byte[] body) {
            return new Request(null, null, List.of(), body, head);
        }

        Request header(String name, String value) {
            headers.add(new String[]{name, value});
            return this;
        }

        Request body(byte[] bytes) {
            return new Request(method, target, headers, bytes, rawHead);
        }

        Request body(String contentType, byte[] bytes) {
            if (contentType != null) {
                header("Content-Type", contentType);
            }
            return body(bytes);
        }

        boolean hasHeader(String name) {
            return headers.stream().anyMatch(h -> h[0].equalsIgnoreCase(name));
        }

        /** A short description for failure reports: method, target (cut) and body size. */
        String describe() {
            String line = rawHead != null ? new String(rawHead, 0, Math.min(rawHead.length, 120), StandardCharsets.ISO_8859_1)
                    .replaceAll("[\\r\\n]+", " | ") : method + " " + cut(target, 160);
            return line + (body == null ? "" : " [body " + body.length + " B]");
        }
    }

    record Response(int status, Map<String, String> headers, byte[] body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    Response send(Request r) throws IOException {
        return send(r, null);
    }

    /**
     * Sends the request; {@code streamedBody}, when given, writes a body of its own after the head (large bodies).
     * A server that answers before the whole body is sent (413) may close the connection while we write: the answer
     * already on the wire is read all the same.
     */
    Response send(Request r, BodyWriter streamedBody) throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head(r));
                if (r.body() != null) {
                    out.write(r.body());
                }
                if (streamedBody != null) {
                    streamedBody.write(out);
                }
                out.flush();
            } catch (IOException writeFailed) {
                // The server answered early and closed; its answer is read below.
            }
            return read(socket.getInputStream());
        }
    }

    interface BodyWriter {
        void write(OutputStream out) throws IOException;
    }

    private byte[] head(Request r) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (r.rawHead() != null) {
            b.writeBytes(r.rawHead());
            b.writeBytes("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            return b.toByteArray();
        }
        b.writeBytes((r.method() + " " + r.target() + " HTTP/1.1\r\n").getBytes(StandardCharsets.UTF_8));
        b.writeBytes(("Host: " + host + ":" + port + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        b.writeBytes("Connection: close\r\n".getBytes(StandardCharsets.ISO_8859_1));
        for (String[] h : r.headers()) {
            b.writeBytes((h[0] + ": " + h[1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (r.body() != null && !r.hasHeader("Content-Length") && !r.hasHeader("Transfer-Encoding")) {
            b.writeBytes(("Content-Length: " + r.body().length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        b.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return b.toByteArray();
    }

    private static Response read(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        int offset = 0;
        while (true) {
            int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), offset);
            if (end < 0) {
                throw new IOException("No complete response head in " + all.length + " bytes: "
                        + cut(new String(all, StandardCharsets.ISO_8859_1), 200));
            }
            String[] lines = new String(all, offset, end - offset, StandardCharsets.ISO_8859_1).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            offset = end + 4;
            if (status == 100) {
                continue;
            }
            byte[] body;
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = dechunk(all, offset);
            } else if (headers.containsKey("content-length")) {
                int length = Integer.parseInt(headers.get("content-length"));
                body = java.util.Arrays.copyOfRange(all, offset, Math.min(all.length, offset + length));
            } else {
                body = java.util.Arrays.copyOfRange(all, offset, all.length);
            }
            return new Response(status, headers, body);
        }
    }

    private static byte[] dechunk(byte[] all, int offset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = offset;
        while (i < all.length) {
            int lineEnd = indexOf(all, "\r\n".getBytes(StandardCharsets.ISO_8859_1), i);
            if (lineEnd < 0) {
                break;
            }
            String size = new String(all, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int n = Integer.parseInt(size, 16);
            if (n == 0) {
                break;
            }
            out.write(all, lineEnd + 2, Math.min(n, all.length - lineEnd - 2));
            i = lineEnd + 2 + n + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] a, byte[] needle, int from) {
        outer:
        for (int i = from; i <= a.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (a[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max) + "…(" + s.length() + ")";
    }
}
