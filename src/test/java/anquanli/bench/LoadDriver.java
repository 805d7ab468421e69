package anquanli.bench;

import io.smallrye.jwt.build.Jwt;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Open-model load driver: work arrives at a constant rate whatever the service does, and every latency is measured
 * from the moment the request was meant to be sent (coordinated omission corrected), into HdrHistograms.
 * <ul>
 * <li>answers: virtual participants arrive at rate/15 per second; each plays a whole attempt as the app does —
 * start, then 15 × (fetch current question, answer), then the summary — with no think time, so the next request of
 * a session is meant to leave when the previous answer arrived.</li>
 * <li>boards: top-50 region and participant boards and my-ranks, each request an arrival at the given rate.</li>
 * <li>trivial: GET /q/health/live at the given rate, the framework's ceiling.</li>
 * </ul>
 * Participants log in by access tokens minted with the dev signing key (the service's own issuer), which is what the
 * SMS login would hand out; the SMS step itself is not part of the measured paths.
 */
public final class LoadDriver {

    private final Vertx vertx = Vertx.vertx();
    private final WebClient client;
    private final PrivateKey key;
    private final Map<String, Histogram> histograms = new ConcurrentHashMap<>();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong answers = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
    /** The service's process id (bench.service-pid), to tell its CPU time from the rest; 0 when not given. */
    private final long servicePid = Long.getLong("bench.service-pid", 0);
    private volatile Map<String, Double> phaseCpu = Map.of();
    private static final int TIMELINE_SECONDS = 900;
    private static final long SLOW_MICROS = 100_000;
    /** Per second of the scenario (by completion time): requests, those slower than {@link #SLOW_MICROS}, the max. */
    private final AtomicLongArray perSecond = new AtomicLongArray(TIMELINE_SECONDS);
    private final AtomicLongArray slowPerSecond = new AtomicLongArray(TIMELINE_SECONDS);
    private final AtomicLongArray maxPerSecond = new AtomicLongArray(TIMELINE_SECONDS);
    private volatile long timelineStartNanos = System.nanoTime();
    private volatile long timelineStartEpochMillis = System.currentTimeMillis();

    public LoadDriver(String host, int port, int connections) throws Exception {
        this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost(host).setDefaultPort(port)
                .setMaxPoolSize(connections).setKeepAlive(true).setPipelining(false));
        String pem = Files.readString(Path.of(System.getProperty("bench.signing-key",
                        "src/main/resources/dev-keys/jwt-private.pem")))
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        this.key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    }

    /**
     * The arrival process: one thread wakes at each intended time and hands the arrival to one of the event-loop
     * contexts (round robin); it never waits for responses, so a slow service cannot slow the arrivals down.
     * Returns when every arrival's work has completed (or the timeout passes).
     */
    private void arrivals(long n, long intervalNanos, long start, int timeoutSeconds,
                          java.util.function.LongFunction<Future<?>> work) throws Exception {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch((int) n);
        io.vertx.core.Context[] contexts = new io.vertx.core.Context[4];
        for (int i = 0; i < contexts.length; i++) {
            contexts[i] = vertx.getOrCreateContext();
        }
        Map<String, Double> cpuBefore = ProcessCpu.snapshot(servicePid);
        timelineStartNanos = start;
        timelineStartEpochMillis = System.currentTimeMillis() + (start - System.nanoTime()) / 1_000_000;
        for (long i = 0; i < n; i++) {
            long intended = start + i * intervalNanos;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            long index = i;
            contexts[(int) (i % contexts.length)].runOnContext(v -> work.apply(index)
                    .onComplete(x -> done.countDown()));
        }
        done.await(timeoutSeconds, TimeUnit.SECONDS);
        phaseCpu = ProcessCpu.between(cpuBefore, ProcessCpu.snapshot(servicePid));
    }

    /**
     * cpuSeconds: CPU used by the service, PostgreSQL, Redis, this driver and the rest of the machine while the
     * scenario's arrivals ran (from the first arrival until the last one's work completed), so a report can say where
     * the cores went.
     */
    public record Result(String scenario, double seconds, long requests, long answers, long errors,
                         Map<String, Map<String, Double>> latencyMillis, Map<String, Long> errorKinds,
                         Map<String, Double> cpuSeconds, Timeline timeline) {
    }

    /**
     * When the slow requests (over 100 ms) completed: whether a p99 comes from the whole run queueing or from a few
     * stalls (a full collection, a checkpoint) shows here. {@code startEpochMillis} is the wall-clock time of second
     * 0, to line the seconds up with the service's GC log. {@code slowSeconds} lists each second with a slow request:
     * [second, requests completed, slow ones, max ms].
     */
    public record Timeline(long startEpochMillis, long slowRequests, List<long[]> slowSeconds) {
    }

    public String token(long participantId) {
        return Jwt.issuer("https://anquanli.example/participants").subject(Long.toString(participantId))
                .groups(Set.of("participant")).issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(3600))
                .sign(key);
    }

    /** Tokens of participants first, first + 1, …: minted before a scenario's clock starts. */
    private String[] tokens(long first, long count) {
        String[] tokens = new String[(int) count];
        for (int i = 0; i < count; i++) {
            tokens[i] = token(first + i);
        }
        return tokens;
    }

    /** Plays attempts of participants first..last (each at most once) so that {@code answersPerSecond} arrive. */
    public Result answers(long campaignId, long first, long last, double answersPerSecond, int seconds) throws Exception {
        double sessionsPerSecond = answersPerSecond / 15.0;
        long total = Math.min(last - first + 1, (long) Math.ceil(sessionsPerSecond * seconds));
        long interval = (long) (1e9 / sessionsPerSecond);
        // Tokens are minted before the clock starts: signing is the login's cost, not the answer loop's.
        String[] tokens = tokens(first, total);
        long start = System.nanoTime() + 50_000_000L;
        arrivals(total, interval, start, seconds + 120, i -> session(campaignId, tokens[(int) i], start + i * interval));
        return result("answers", (System.nanoTime() - start) / 1e9);
    }

    private Future<Void> session(long campaignId, String token, long intended) {
        String auth = "Bearer " + token;
        return call("start", intended, client.post("/api/v1/campaigns/" + campaignId + "/attempts")
                .putHeader("Authorization", auth).send(), 201)
                .compose(r -> {
                    String attempt = r.bodyAsJsonObject().getString("id");
                    return call("current", System.nanoTime(), client.get("/api/v1/attempts/" + attempt
                            + "/questions/current").putHeader("Authorization", auth).send(), 200)
                            .compose(q -> loop(attempt, auth, q.bodyAsJsonObject()));
                })
                .recover(e -> Future.succeededFuture());
    }

    /**
     * The app's loop: answer the shown question asking for the next one in the same response (one request per
     * question), then the summary.
     */
    private Future<Void> loop(String attempt, String auth, JsonObject question) {
        if (question == null) {
            return call("summary", System.nanoTime(), client.get("/api/v1/attempts/" + attempt)
                    .putHeader("Authorization", auth).send(), 200).mapEmpty();
        }
        JsonArray options = question.getJsonArray("options");
        JsonObject body = new JsonObject().put("index", question.getInteger("index"))
                .put("optionIds", new JsonArray().add(options.getJsonObject(0).getString("id"))).put("next", true);
        return call("answer", System.nanoTime(), client.post("/api/v1/attempts/" + attempt + "/answers")
                .putHeader("Authorization", auth).sendJsonObject(body), 200)
                .onSuccess(x -> answers.incrementAndGet())
                .compose(r -> loop(attempt, auth, r.bodyAsJsonObject().getJsonObject("next")));
    }

    /** Board reads at a constant arrival rate: regions top 50, participants top 50, my ranks, in turn. */
    public Result boards(long campaignId, long first, long last, double perSecond, int seconds) throws Exception {
        long n = (long) (perSecond * seconds);
        long interval = (long) (1e9 / perSecond);
        // My-ranks readers: up to 5,000 random participants, their tokens minted before the clock starts (signing
        // during the run would spend the driver's share of the two cores on RSA, not on load).
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        String[] readers = new String[(int) Math.min(5_000, Math.max(1, n / 3))];
        for (int i = 0; i < readers.length; i++) {
            readers[i] = token(first + random.nextLong(last - first + 1));
        }
        long start = System.nanoTime() + 50_000_000L;
        arrivals(n, interval, start, seconds + 60, i -> {
            long intended = start + i * interval;
            return switch ((int) (i % 3)) {
                case 0 -> call("regionsTop50", intended, client.get("/api/v1/campaigns/" + campaignId
                        + "/leaderboards/regions?limit=50").send(), 200);
                case 1 -> call("participantsTop50", intended, client.get("/api/v1/campaigns/" + campaignId
                        + "/leaderboards/participants?limit=50").send(), 200);
                default -> call("myRanks", intended, client.get("/api/v1/me/ranks?campaign=" + campaignId)
                        .putHeader("Authorization", "Bearer " + readers[(int) (i / 3 % readers.length)])
                        .send(), 200);
            };
        });
        return result("boards", (System.nanoTime() - start) / 1e9);
    }

    /**
     * Lottery draws as the app makes them after a challenge: sessions arrive at a constant rate so that
     * {@code perSecond} draws arrive; each participant (first..last in turn, once) looks at their chances and then spins
     * {@code chancesEach} times in a row (the seed gives everyone that many), each spin with a fresh request id.
     * Counted in {@code answers} (here: draws recorded).
     */
    public Result draws(long campaignId, long first, long last, double perSecond, int seconds, int chancesEach)
            throws Exception {
        double sessionsPerSecond = perSecond / chancesEach;
        long n = Math.min(last - first + 1, (long) Math.ceil(sessionsPerSecond * seconds));
        long interval = (long) (1e9 / sessionsPerSecond);
        String[] tokens = tokens(first, n);
        long start = System.nanoTime() + 50_000_000L;
        arrivals(n, interval, start, seconds + 60, i -> {
            String auth = "Bearer " + tokens[(int) i];
            return call("chances", start + i * interval, client.get("/api/v1/me/lottery?campaign=" + campaignId)
                    .putHeader("Authorization", auth).send(), 200)
                    .compose(r -> spin(campaignId, auth, chancesEach))
                    .recover(e -> Future.succeededFuture());
        });
        return result("draws", (System.nanoTime() - start) / 1e9);
    }

    private Future<Void> spin(long campaignId, String auth, int left) {
        if (left == 0) {
            return Future.succeededFuture();
        }
        JsonObject body = new JsonObject().put("requestId", java.util.UUID.randomUUID().toString());
        return call("draw", System.nanoTime(), client.post("/api/v1/campaigns/" + campaignId + "/draws")
                .putHeader("Authorization", auth).sendJsonObject(body), 201)
                .onSuccess(x -> answers.incrementAndGet())
                .compose(x -> spin(campaignId, auth, left - 1));
    }

    public Result trivial(double perSecond, int seconds) throws Exception {
        long n = (long) (perSecond * seconds);
        long interval = (long) (1e9 / perSecond);
        long start = System.nanoTime() + 50_000_000L;
        arrivals(n, interval, start, seconds + 60,
                i -> call("trivial", start + i * interval, client.get("/q/health/live").send(), 200));
        // Until the last response, as for the other scenarios: requests ÷ seconds is then the rate served.
        return result("trivial", (System.nanoTime() - start) / 1e9);
    }

    private Future<HttpResponse<Buffer>> call(String name, long intendedNanos, Future<HttpResponse<Buffer>> request,
                                              int expected) {
        return request.transform(ar -> {
            long now = System.nanoTime();
            long micros = Math.max(1, (now - intendedNanos) / 1000);
            int second = (int) Math.min(TIMELINE_SECONDS - 1, Math.max(0, (now - timelineStartNanos) / 1_000_000_000L));
            perSecond.incrementAndGet(second);
            if (micros > SLOW_MICROS) {
                slowPerSecond.incrementAndGet(second);
            }
            maxPerSecond.accumulateAndGet(second, micros, Math::max);
            histograms.computeIfAbsent(name, k -> new Histogram(TimeUnit.MINUTES.toMicros(5), 3)).recordValue(
                    Math.min(micros, TimeUnit.MINUTES.toMicros(5)));
            requests.incrementAndGet();
            if (ar.failed() || ar.result().statusCode() != expected) {
                errors.incrementAndGet();
                String kind = name + ":" + (ar.failed() ? ar.cause().getClass().getSimpleName()
                        : ar.result().statusCode());
                errorKinds.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
                return Future.failedFuture(ar.failed() ? ar.cause() : new IllegalStateException(kind));
            }
            return Future.succeededFuture(ar.result());
        });
    }

    private Result result(String scenario, double seconds) {
        Map<String, Map<String, Double>> lat = new LinkedHashMap<>();
        Histogram all = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        histograms.forEach((k, h) -> {
            lat.put(k, percentiles(h));
            all.add(h);
        });
        lat.put("all", percentiles(all));
        Map<String, Long> kinds = new LinkedHashMap<>();
        errorKinds.forEach((k, v) -> kinds.put(k, v.get()));
        List<long[]> slow = new ArrayList<>();
        long slowTotal = 0;
        for (int i = 0; i < TIMELINE_SECONDS; i++) {
            if (slowPerSecond.get(i) > 0) {
                slow.add(new long[]{i, perSecond.get(i), slowPerSecond.get(i), maxPerSecond.get(i) / 1000});
                slowTotal += slowPerSecond.get(i);
            }
            perSecond.set(i, 0);
            slowPerSecond.set(i, 0);
            maxPerSecond.set(i, 0);
        }
        Result r = new Result(scenario, seconds, requests.get(), answers.get(), errors.get(), lat, kinds, phaseCpu,
                new Timeline(timelineStartEpochMillis, slowTotal, slow));
        histograms.clear();
        errorKinds.clear();
        requests.set(0);
        answers.set(0);
        errors.set(0);
        return r;
    }

    private static Map<String, Double> percentiles(Histogram h) {
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("count", (double) h.getTotalCount());
        p.put("p50", h.getValueAtPercentile(50) / 1000.0);
        p.put("p99", h.getValueAtPercentile(99) / 1000.0);
        p.put("p99.9", h.getValueAtPercentile(99.9) / 1000.0);
        p.put("max", h.getMaxValue() / 1000.0);
        return p;
    }

    public void close() {
        client.close();
        vertx.close();
    }

    /** Usage: LoadDriver host port scenario(answers|boards|draws|trivial) rate seconds campaignId first last → JSON. */
    public static void main(String[] args) throws Exception {
        LoadDriver d = new LoadDriver(args[0], Integer.parseInt(args[1]), 64);
        try {
            double rate = Double.parseDouble(args[3]);
            int seconds = Integer.parseInt(args[4]);
            // The driver's own JVM warms up first (JIT, connections) at a quarter of the rate, unrecorded: a cold
            // driver would otherwise show up as service latency in the first seconds.
            Result r = switch (args[2]) {
                case "answers" -> {
                    long campaign = Long.parseLong(args[5]);
                    long first = Long.parseLong(args[6]);
                    long warm = (long) Math.ceil(rate / 4 / 15 * 4) + 1;
                    d.answers(campaign, first, first + warm - 1, rate / 4, 4);
                    yield d.answers(campaign, first + warm, Long.parseLong(args[7]), rate, seconds);
                }
                case "draws" -> {
                    // Warm-up draws use the first participants, the measured ones the rest.
                    long campaign = Long.parseLong(args[5]);
                    long first = Long.parseLong(args[6]);
                    long warm = (long) Math.ceil(rate / 4 * 4 / BenchSeed.CHANCES_EACH) + 1;
                    d.draws(campaign, first, first + warm - 1, rate / 4, 4, BenchSeed.CHANCES_EACH);
                    yield d.draws(campaign, first + warm, Long.parseLong(args[7]), rate, seconds,
                            BenchSeed.CHANCES_EACH);
                }
                case "boards" -> {
                    d.boards(Long.parseLong(args[5]), Long.parseLong(args[6]), Long.parseLong(args[7]), rate / 4, 4);
                    yield d.boards(Long.parseLong(args[5]), Long.parseLong(args[6]), Long.parseLong(args[7]),
                            rate, seconds);
                }
                default -> {
                    d.trivial(rate / 4, 4);
                    yield d.trivial(rate, seconds);
                }
            };
            System.out.println(JsonObject.mapFrom(r).encode());
        } finally {
            d.close();
        }
    }
}
