package anquanli.participant;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.SortedMap;
import java.util.StringJoiner;

/**
 * Alibaba Cloud's signature of RPC-style API calls (signature version 1.0, HMAC-SHA1), as Dysmsapi documents it
 * (短信服务 "HTTP协议及签名"): the parameters but Signature, sorted by name, each name and value percent-encoded and
 * joined as name=value&amp;...; StringToSign = method &amp; percentEncode("/") &amp; percentEncode(that string);
 * Signature = Base64(HMAC-SHA1(AccessKeySecret + "&amp;", StringToSign)). AliyunRpcSignatureTest checks it against the
 * documentation's worked examples.
 */
final class AliyunRpcSignature {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private AliyunRpcSignature() {
    }

    /**
     * RFC 3986 percent-encoding of the UTF-8 bytes: A-Z a-z 0-9 - _ . ~ stay, everything else (a space too: %20,
     * never +) becomes %XY in upper-case hex.
     */
    static String percentEncode(String value) {
        StringBuilder out = new StringBuilder(value.length() * 3);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /** name=value pairs, percent-encoded, in the map's (sorted) order: the signed string and the request body alike. */
    static String canonicalQuery(SortedMap<String, String> params) {
        StringJoiner joined = new StringJoiner("&");
        params.forEach((name, value) -> joined.add(percentEncode(name) + "=" + percentEncode(value)));
        return joined.toString();
    }

    static String stringToSign(String httpMethod, SortedMap<String, String> params) {
        return httpMethod + "&" + percentEncode("/") + "&" + percentEncode(canonicalQuery(params));
    }

    /** The Signature of a request with these parameters (Signature itself not among them). */
    static String sign(String httpMethod, SortedMap<String, String> params, String accessKeySecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((accessKeySecret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(
                    mac.doFinal(stringToSign(httpMethod, params).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
