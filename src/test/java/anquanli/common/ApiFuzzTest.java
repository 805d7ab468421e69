package anquanli.common;

import anquanli.AdminTokens;
import anquanli.Api;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends malformed requests to every operation of openapi.yaml — wrong types, missing, extra and duplicate fields,
 * huge and deeply nested values, NUL and control characters, invalid UTF-8, bad ids and query values, wrong content
 * types and tokens, malformed multipart forms and uploads, malformed request lines and headers — and holds the
 * service to two rules: no client mistake gets a 5xx, and every refusal is a problem document whose status matches.
 * <p>
 * The seed is printed; {@code -Dfuzz.seed=N} replays a run, {@code -Dfuzz.per-operation=N} changes its size.
 */
@QuarkusTest
class ApiFuzzTest {

    private static final long DEFAULT_SEED = 20260616L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL root;

    @Test
    void noClientMistakeGetsA5xxAndEveryRefusalIsAProblem() throws Exception {
        long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
        int perOperation = Integer.getInteger("fuzz.per-operation", 20);
        System.out.println("ApiFuzzTest seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");

        Api.Session player = Api.player();
        long campaign = Api.currentCampaignId();
        String attempt = Api.as(player).when().post("/api/v1/campaigns/{id}/attempts", campaign)
                .then().statusCode(201).extract().jsonPath().getString("id");
        FuzzRequests requests = new FuzzRequests(new Random(seed),
                new FuzzRequests.Context(player.accessToken(), AdminTokens.national(), campaign, attempt));
        RawHttp http = new RawHttp(root.getHost(), root.getPort());

        List<FuzzOperations.Op> ops = FuzzOperations.read();
        List<FuzzRequests.Fuzzed> all = new ArrayList<>();
        for (FuzzOperations.Op op : ops) {
            all.addAll(requests.forOperation(op, perOperation));
        }
        all.addAll(FuzzWire.requests(player.accessToken()));

        Map<Integer, Integer> statuses = new TreeMap<>();
        Map<String, Integer> bare = new TreeMap<>();
        TreeSet<String> covered = new TreeSet<>();
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        for (FuzzRequests.Fuzzed f : all) {
            RawHttp.Response response;
            try {
                response = http.send(f.request());
            } catch (Exception e) {
                if (f.bare() != null) {
                    bare.merge("closed", 1, Integer::sum);
                } else {
                    failures.add(describe(f, "no response: " + e.getMessage()));
                }
                continue;
            }
            statuses.merge(response.status(), 1, Integer::sum);
            covered.add(f.op());
            if (f.bare() != null && response.status() >= 400 && response.status() < 500
                    && !Problem.MEDIA_TYPE.equals(response.header("content-type"))) {
                // refused below the application (see FuzzWire): a bare 4xx is all there is
                bare.merge(String.valueOf(response.status()), 1, Integer::sum);
                continue;
            }
            String problem = check(response);
            if (problem != null) {
                failures.add(describe(f, problem));
            }
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        covered.remove("(wire)");
        System.out.printf("ApiFuzzTest: %d requests in %d s, statuses %s, %d of %d operations covered, seed %d, "
                        + "%d failures; not HTTP or not a URI, refused below the application without a body: %s%n",
                all.size(), seconds, statuses, covered.size(), ops.size(), seed, failures.size(), bare);
        failures.stream().limit(60).forEach(s -> System.out.println("  " + s));

        assertThat(all).hasSizeGreaterThanOrEqualTo(1000);
        assertThat(covered).hasSize(ops.size());
        // the service is still up after the deep, huge and malformed bodies
        anquanli.Api.management().when().get("/q/health/ready").then().statusCode(200);
        assertThat(failures).as("requests answered with a 5xx or without a matching problem document (seed %d)", seed)
                .isEmpty();
    }

    /** Null when the response keeps the rules, else what is wrong with it. */
    private static String check(RawHttp.Response r) {
        // The one 5xx that is no failure: boards being rebuilt after another test flushed Redis (the service's state,
        // not the request's), still a problem document with Retry-After.
        boolean rebuilding = r.status() == 503 && r.text().contains("\"leaderboard-rebuilding\"")
                && r.header("retry-after") != null;
        if (r.status() >= 500 && !rebuilding) {
            return "status " + r.status() + " " + RawHttp.cut(r.text(), 200);
        }
        if (r.status() < 400) {
            return null;
        }
        String type = r.header("content-type");
        if (type == null || !type.startsWith(Problem.MEDIA_TYPE)) {
            return "status " + r.status() + " with content type " + type + ": " + RawHttp.cut(r.text(), 200);
        }
        try {
            JsonNode body = JSON.readTree(r.body());
            if (!body.path("type").isTextual() || !body.path("type").asText().startsWith(Problem.TYPE_BASE)) {
                return "status " + r.status() + " problem without a type: " + RawHttp.cut(r.text(), 200);
            }
            if (body.path("status").asInt() != r.status()) {
                return "status " + r.status() + " but problem status " + body.path("status") + ": "
                        + RawHttp.cut(r.text(), 200);
            }
        } catch (Exception e) {
            return "status " + r.status() + " problem is not JSON: " + RawHttp.cut(r.text(), 200);
        }
        return null;
    }

    private static String describe(FuzzRequests.Fuzzed f, String what) {
        return f.op() + " [" + f.kind() + "] " + f.request().describe() + " -> " + what;
    }
}
