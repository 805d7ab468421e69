package anquanli.common;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The address of the client behind a request: what per-address limits (login codes, hazard reports, tracking
 * look-ups) and the shared-address review count by. The one way to ask; resources never read the peer or
 * X-Forwarded-For themselves.
 * <p>
 * X-Forwarded-For is a list every hop appends to, so only its right end is written by proxies we run; whatever a client
 * puts at the left end reaches us unchanged. The client is therefore the right-most entry that is not one of our own
 * proxies ({@code anquanli.http.trusted-proxies}), and the header counts only when the connection itself comes from
 * such a proxy. With no proxies configured the header is ignored. An entry that is not an IP address, met before an
 * untrusted one, means our own chain's record cannot be read: the peer is used rather than anything the client could
 * have chosen. Quarkus's own forwarding is off (application.properties), and the peer is taken from the connection, so
 * it cannot be re-enabled behind this class's back.
 */
@ApplicationScoped
public class ClientAddress {

    private static final String FORWARDED_FOR = "X-Forwarded-For";
    private static final String V4 = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}";
    /** Starts with a hex digit or a colon and holds a colon: the JDK then parses it as an IPv6 literal or refuses it. */
    private static final String V6 = "[0-9A-Fa-f:][0-9A-Fa-f.]*:[0-9A-Fa-f:.]*";
    private static final String PORT = "(?::\\d{1,5})?";
    /** A hop as proxies write it: an address, an IPv6 one possibly in brackets, either possibly with a port. */
    private static final Pattern HOP = Pattern.compile("(" + V4 + ")" + PORT + "|\\[(" + V6 + ")]" + PORT + "|(" + V6 + ")");
    /** An address as configured: no brackets, no port. */
    private static final Pattern BARE = Pattern.compile("(" + V4 + ")|(" + V6 + ")");

    private final List<Cidr> trustedProxies;

    public ClientAddress(HttpConfig config) {
        this.trustedProxies = config.trustedProxies().orElse(List.of()).stream().map(String::strip)
                .filter(s -> !s.isEmpty()).map(Cidr::parse).toList();
    }

    public String of(HttpServerRequest request) {
        SocketAddress peer = request.connection().remoteAddress();
        String peerAddress = peer == null || peer.hostAddress() == null ? "unknown" : peer.hostAddress();
        return resolve(peerAddress, request.headers().getAll(FORWARDED_FOR), trustedProxies);
    }

    /**
     * The scheme the client used: behind a trusted proxy, the last X-Forwarded-Proto it set (TLS ends there); from
     * anyone else, the connection's own, whatever the request claims.
     */
    public String scheme(HttpServerRequest request) {
        SocketAddress peer = request.connection().remoteAddress();
        InetAddress peerAddress = peer == null ? null : literal(peer.hostAddress());
        String forwarded = request.getHeader("X-Forwarded-Proto");
        if (forwarded != null && peerAddress != null && isTrusted(peerAddress, trustedProxies)) {
            String[] hops = forwarded.split(",");
            return hops[hops.length - 1].strip();
        }
        return request.scheme();
    }

    /** The client of a request from {@code peer} carrying these X-Forwarded-For headers (in the order received). */
    static String resolve(String peer, List<String> forwardedFor, List<Cidr> trusted) {
        InetAddress peerAddress = literal(peer);
        if (peerAddress == null) {
            return peer;
        }
        if (!isTrusted(peerAddress, trusted)) {
            return peerAddress.getHostAddress();
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",", -1)) {
                hops.add(hop);
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null) {
                return peerAddress.getHostAddress();
            }
            if (!isTrusted(hop, trusted) || i == 0) {
                // The first untrusted hop from the right; or, when every hop is one of ours, the request began inside.
                return hop.getHostAddress();
            }
        }
        return peerAddress.getHostAddress();
    }

    private static boolean isTrusted(InetAddress address, List<Cidr> trusted) {
        for (Cidr c : trusted) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * An IPv4 or IPv6 literal (optionally in brackets, optionally with a port, as some proxies write it), or null. Never
     * a host name: resolving one would block and would let the client pick the answer.
     */
    static InetAddress literal(String text) {
        Matcher m = HOP.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        return parse(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
    }

    private static InetAddress parse(String literal) {
        try {
            // Only digits, dots and colons (a colon when not a dotted quad) reach here: the JDK reads them as a literal
            // and never looks a name up.
            return InetAddress.getByName(literal);
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    /** A network in CIDR notation, or one address. */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            InetAddress parsed = BARE.matcher(address).matches() ? ClientAddress.parse(address) : null;
            if (parsed == null) {
                throw new IllegalArgumentException("anquanli.http.trusted-proxies: not an address or network: " + text);
            }
            int bits = parsed.getAddress().length * 8;
            int prefix;
            try {
                prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("anquanli.http.trusted-proxies: bad prefix length in " + text);
            }
            return new Cidr(parsed.getAddress(), prefix);
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }
}
