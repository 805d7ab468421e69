package anquanli.common;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/** How the service sees its clients through the proxies in front of it ({@link ClientAddress}). */
@ConfigMapping(prefix = "anquanli.http")
public interface HttpConfig {

    /**
     * The networks of the proxies in front of the service (CIDR, e.g. 10.0.0.0/8, or single addresses), whose
     * X-Forwarded-For entries are believed. Empty: none, the client is the connection's peer.
     */
    Optional<List<String>> trustedProxies();
}
