package anquanli;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The login path as deployed: text messages go to Alibaba Cloud SMS (its stand-in, {@link DysmsapiStandIn}), the
 * service sits behind a proxy on loopback, a code has a resend cool-down and a network may ask for 5 codes an hour.
 * One profile for all of it, since each profile restarts the application.
 */
public class DeployedLoginProfile implements QuarkusTestProfile {

    public static final int CODES_PER_NETWORK_PER_HOUR = 5;

    private static final AtomicInteger NEXT_CLIENT = new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 16));

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "anquanli.sms.provider", "aliyun",
                "anquanli.http.trusted-proxies", "127.0.0.0/8,::1",
                "anquanli.sms.resend-interval", "PT60S",
                "anquanli.sms.max-per-ip-per-hour", Integer.toString(CODES_PER_NETWORK_PER_HOUR));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(DysmsapiStandIn.class));
    }

    /** A client address of its own (198.18.0.0/15, set aside for tests), so its per-network limit is its own. */
    public static String newClientAddress() {
        int n = NEXT_CLIENT.incrementAndGet() & 0x1ffff;
        return "198." + (18 + (n >> 16)) + "." + (n >> 8 & 0xff) + "." + (n & 0xff);
    }

    /** A request as the proxy passes it on from {@code client}. */
    public static RequestSpecification from(String client) {
        return Api.api().header("X-Forwarded-For", client);
    }
}
