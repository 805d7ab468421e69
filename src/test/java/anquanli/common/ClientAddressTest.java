package anquanli.common;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who the client is, from the connection's peer and X-Forwarded-For (through a real rate limit: ProxiedClientTest). */
class ClientAddressTest {

    private static final List<ClientAddress.Cidr> NONE = List.of();
    private static final List<ClientAddress.Cidr> INGRESS = trusted("10.0.0.0/8", "192.168.1.7");

    private static List<ClientAddress.Cidr> trusted(String... networks) {
        return List.of(networks).stream().map(ClientAddress.Cidr::parse).toList();
    }

    private static String client(String peer, List<ClientAddress.Cidr> trusted, String... headers) {
        return ClientAddress.resolve(peer, List.of(headers), trusted);
    }

    @Test
    void withNoTrustedProxiesTheHeaderIsIgnored() {
        assertThat(client("203.0.113.9", NONE, "1.2.3.4")).isEqualTo("203.0.113.9");
        assertThat(client("127.0.0.1", NONE, "1.2.3.4, 5.6.7.8")).isEqualTo("127.0.0.1");
    }

    @Test
    void theHeaderCountsOnlyOnConnectionsFromATrustedProxy() {
        assertThat(client("203.0.113.9", INGRESS, "1.2.3.4")).isEqualTo("203.0.113.9");
        assertThat(client("10.1.2.3", INGRESS, "1.2.3.4")).isEqualTo("1.2.3.4");
    }

    @Test
    void spoofedLeftmostEntriesDoNotChangeTheClient() {
        // The ingress appends the address it saw; whatever the client sent stays on the left.
        assertThat(client("10.1.2.3", INGRESS, "203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(client("10.1.2.3", INGRESS, "1.1.1.1, 203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(client("10.1.2.3", INGRESS, "8.8.8.8, 10.9.9.9, 203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(client("10.1.2.3", INGRESS, "8.8.8.8", "203.0.113.9")).as("several headers are one list")
                .isEqualTo("203.0.113.9");
    }

    @Test
    void theRightMostHopThatIsNotOurProxyIsTheClient() {
        // Two proxies of ours (an edge balancer, then the ingress): both skipped.
        assertThat(client("10.1.2.3", INGRESS, "6.6.6.6, 203.0.113.9, 192.168.1.7, 10.4.4.4"))
                .isEqualTo("203.0.113.9");
    }

    @Test
    void whenEveryHopIsOurOwnTheRequestBeganInside() {
        assertThat(client("10.1.2.3", INGRESS, "10.5.5.5, 192.168.1.7")).isEqualTo("10.5.5.5");
    }

    @Test
    void garbageFallsBackToThePeerNotToOneSharedBucket() {
        assertThat(client("10.1.2.3", INGRESS, "garbage")).isEqualTo("10.1.2.3");
        assertThat(client("10.1.2.3", INGRESS, "")).isEqualTo("10.1.2.3");
        assertThat(client("10.1.2.3", INGRESS, "203.0.113.9, unknown")).isEqualTo("10.1.2.3");
        assertThat(client("10.1.2.3", INGRESS, "203.0.113.9,,10.4.4.4")).isEqualTo("10.1.2.3");
        assertThat(client("10.1.2.3", INGRESS, "999.1.1.1")).isEqualTo("10.1.2.3");
        assertThat(client("10.1.2.3", INGRESS, "example.com")).as("never a host name").isEqualTo("10.1.2.3");
        // Garbage the client put on the left is never reached.
        assertThat(client("10.1.2.3", INGRESS, "<script>, 203.0.113.9")).isEqualTo("203.0.113.9");
    }

    @Test
    void noHeaderFromATrustedProxyIsThePeer() {
        assertThat(client("10.1.2.3", INGRESS)).isEqualTo("10.1.2.3");
    }

    @Test
    void portsBracketsAndIpv6AreRead() {
        assertThat(client("10.1.2.3", INGRESS, "203.0.113.9:51234")).isEqualTo("203.0.113.9");
        assertThat(client("10.1.2.3", INGRESS, "[2001:db8::1]:443")).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(client("10.1.2.3", INGRESS, "2001:DB8:0::1")).as("one spelling per address")
                .isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(client("::1", trusted("::1"), "2001:db8::2")).isEqualTo("2001:db8:0:0:0:0:0:2");
        assertThat(client("0:0:0:0:0:0:0:1", trusted("::1/128"), "2001:db8::2")).isEqualTo("2001:db8:0:0:0:0:0:2");
    }

    @Test
    void networksMatchByPrefix() {
        ClientAddress.Cidr net = ClientAddress.Cidr.parse("172.16.0.0/12");
        assertThat(net.contains(ClientAddress.literal("172.31.255.255"))).isTrue();
        assertThat(net.contains(ClientAddress.literal("172.32.0.1"))).isFalse();
        assertThat(net.contains(ClientAddress.literal("2001:db8::1"))).isFalse();
        assertThat(ClientAddress.Cidr.parse("2001:db8::/32").contains(ClientAddress.literal("2001:db8:ffff::1"))).isTrue();
        assertThat(ClientAddress.Cidr.parse("0.0.0.0/0").contains(ClientAddress.literal("8.8.8.8"))).isTrue();
    }

    @Test
    void aMisspelledProxyNetworkStopsTheStart() {
        for (String bad : List.of("10.0.0.0/33", "10.0.0/8", "proxy.internal", "10.0.0.1:80", "10.0.0.0/x", "[::1]")) {
            assertThatThrownBy(() -> new ClientAddress(() -> Optional.of(List.of(bad)))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trusted-proxies");
        }
    }
}
