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
import io.vertx.ext.web.multipart.MultipartForm;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Open-model load driver: work arrives at a constant rate whatever the service does, and every latency is measured
 * from the moment the request was meant to be sent (coordinated omission corrected), into HdrHistograms.
 * <ul>
 * <li>answers: virtual participants arrive at rate/15 per second; each plays a whole attempt as the app does —
 * start, then 15 × (fetch current question, answer), then the summary — with no think time, so the next request of
 * a session is meant to leave when the previous answer arrived.</li>
 * <li>boards: top-50 region and participant boards and my-ranks, each request an arrival at the given rate.</li>
 * <li>trivial: GET /q/health/live at the given rate, the framework's ceiling; on the management port, the only one
 * that serves health.</li>
 * <li>reports: hazard reports with photos at the given rate, each one multipart POST of the report's JSON and its
 * photo files (streamed from disk as they are sent, never read whole into memory).</li>
 * <li>reportburst: a number of reports all sent at the same moment while the answers scenario runs at its rate; the
 * answers arrive until the last upload has completed, so their latencies are those of the time of the burst.</li>
 * <li>statistics: the progress report — national, a province, a county, in turn — at the given rate while the answers
 * scenario runs at its rate, as provincial offices refreshing the report during the peak would.</li>
 * </ul>
 * Participants log in by access tokens minted with the dev signing key (the service's own issuer), which is what the
 * SMS login would hand out; the SMS step itself is not part of the measured paths.
 */
public final class LoadDriver {

    /** Connections for uploads: more than a burst sends at once, each upload being another phone. */
    private static final int UPLOAD_CONNECTIONS = 128;
    /** How long the driver waits for the last upload: the service lets a photo queue for 180 s, and then works. */
    private static final int UPLOAD_TIMEOUT_SECONDS = 900;
    /** The histogram of hazard reports; every other name is part of the answers, boards, draws or trivial scenario. */
    private static final String REPORT = "report";
    /** The JSON part of every benchmark report: anonymous, as a report needs no sign-in, with no unit or position. */
    private static final Buffer REPORT_FORM = new JsonObject().put("category", "FIRE")
            .put("description", "楼道堆放杂物堵塞安全出口").put("regionCode", "110101001").put("anonymous", true)
            .put("gpsConsent", false).put("reporterWorksThere", false).toBuffer();

    private final Vertx vertx = Vertx.vertx();
    private final String host;
    private final WebClient client;
    /**
     * Uploads go through their own connections and event loops: a burst holds its connections for minutes while the
     * photos wait for their turn, and pushing its bodies keeps an event loop busy; neither may delay the answers'
     * requests inside the driver, or the driver's own queueing would show as the service's latency.
     */
    private final Vertx uploadVertx = Vertx.vertx();
    private final WebClient uploads;
    private final io.vertx.core.Context[] uploadContexts = new io.vertx.core.Context[2];
    /** The event-loop contexts the arrivals are handed to, in turn. */
    private final io.vertx.core.Context[] contexts = new io.vertx.core.Context[4];
    private final PrivateKey key;
    private final Map<String, Histogram> histograms = new ConcurrentHashMap<>();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong answers = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
    private final AtomicLong reportsCreated = new AtomicLong();
    private final AtomicLong reportErrors = new AtomicLong();
    private final AtomicLong photoBytes = new AtomicLong();
    private final AtomicLong lastUploadNanos = new AtomicLong();
    private final AtomicLong uploadTurn = new AtomicLong();
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
        this.host = host;
        this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost(host).setDefaultPort(port)
                .setMaxPoolSize(connections).setKeepAlive(true).setPipelining(false));
        this.uploads = WebClient.create(uploadVertx, new WebClientOptions().setDefaultHost(host).setDefaultPort(port)
                .setMaxPoolSize(UPLOAD_CONNECTIONS).setKeepAlive(true).setPipelining(false));
        for (int i = 0; i < contexts.length; i++) {
            contexts[i] = vertx.getOrCreateContext();
        }
        for (int i = 0; i < uploadContexts.length; i++) {
            uploadContexts[i] = uploadVertx.getOrCreateContext();
        }
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
        arrivals(n, intervalNanos, start, timeoutSeconds, work, () -> false);
    }

    /** As above, releasing no further arrival once {@code stop} says so (the first one always leaves). */
    private void arrivals(long n, long intervalNanos, long start, int timeoutSeconds,
                          java.util.function.LongFunction<Future<?>> work, BooleanSupplier stop) throws Exception {
        CountDownLatch done = new CountDownLatch((int) n);
        Map<String, Double> cpuBefore = ProcessCpu.snapshot(servicePid);
        timelineStartNanos = start;
        timelineStartEpochMillis = System.currentTimeMillis() + (start - System.nanoTime()) / 1_000_000;
        for (long i = 0; i < n; i++) {
            long intended = start + i * intervalNanos;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (i > 0 && stop.getAsBoolean()) {
                for (long left = i; left < n; left++) {
                    done.countDown();
                }
                break;
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
                         Map<String, Double> cpuSeconds, Timeline timeline, Uploads uploads) {
    }

    /**
     * The hazard reports of a scenario (null where it sent none): reports created (201), those that failed (counted
     * in the result's errors too, their kinds under "report:"), the bytes of the photos of the created reports, and
     * the seconds from the first report's intended send to the last report's response — photoBytes ÷ seconds is what
     * the service processed per second.
     */
    public record Uploads(long reports, long errors, long photoBytes, double seconds) {
    }

    /**
     * When the slow requests (over 100 ms) completed: whether a p99 comes from the whole run queueing or from a few
     * stalls (a full collection, a checkpoint) shows here. Hazard reports are left out: they take seconds by design. {@code startEpochMillis} is the wall-clock time of second
     * 0, to line the seconds up with the service's GC log. {@code slowSeconds} lists each second with a slow request:
     * [second, requests completed, slow ones, max ms].
     */
    public record Timeline(long startEpochMillis, long slowRequests, List<long[]> slowSeconds) {
    }

    public String token(long participantId) {
        return Jwt.issuer("https://anquanli.example/participants").subject(Long.toString(participantId))
                .claim("typ", "Bearer").groups(Set.of("participant")).issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(3600))
                .sign(key);
    }

    /**
     * Tokens of participants first, first + 1, …: minted before a scenario's clock starts, on every core (about 2 ms
     * each: a burst's minutes of answers need tens of thousands).
     */
    private String[] tokens(long first, long count) {
        String[] tokens = new String[(int) count];
        java.util.stream.IntStream.range(0, (int) count).parallel().forEach(i -> tokens[i] = token(first + i));
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

    /** GET /q/health/live on {@code managementPort} (quarkus.management.port): the public port does not serve it. */
    public Result trivial(int managementPort, double perSecond, int seconds) throws Exception {
        long n = (long) (perSecond * seconds);
        long interval = (long) (1e9 / perSecond);
        long start = System.nanoTime() + 50_000_000L;
        arrivals(n, interval, start, seconds + 60, i -> call("trivial", start + i * interval,
                client.get(managementPort, host, "/q/health/live").send(), 200));
        // Until the last response, as for the other scenarios: requests ÷ seconds is then the rate served.
        return result("trivial", (System.nanoTime() - start) / 1e9);
    }

    /**
     * Hazard reports arriving at {@code perSecond} for {@code seconds}, each with all of {@code photos}; 201 expected.
     * Returns when the last one has been answered: reports ÷ seconds is the rate served.
     */
    public Result reports(double perSecond, int seconds, List<Path> photos) throws Exception {
        long n = Math.max(1, Math.round(perSecond * seconds));
        long interval = (long) (1e9 / perSecond);
        long bytes = size(photos);
        long start = System.nanoTime() + 50_000_000L;
        arrivals(n, interval, start, seconds + UPLOAD_TIMEOUT_SECONDS,
                i -> report(start + i * interval, photos, bytes));
        return result("reports", (System.nanoTime() - start) / 1e9);
    }

    /**
     * {@code concurrent} reports of all {@code photos} sent at the same moment, while participants first..last play
     * attempts so that {@code answersPerSecond} answers arrive (as {@link #answers}): from that moment until the last
     * upload has been answered, for at most {@code seconds}. The answers' latencies stay under their own names
     * (start, current, answer, summary), the uploads' under "report"; {@code seconds} of the result is the answers'
     * time, {@code uploads.seconds} the burst's.
     */
    public Result reportBurst(int concurrent, List<Path> photos, long campaignId, long first, long last,
                              double answersPerSecond, int seconds) throws Exception {
        double sessionsPerSecond = answersPerSecond / 15.0;
        long total = Math.min(last - first + 1, (long) Math.ceil(sessionsPerSecond * seconds));
        long interval = (long) (1e9 / sessionsPerSecond);
        String[] tokens = tokens(first, total);
        long bytes = size(photos);
        CountDownLatch uploaded = new CountDownLatch(concurrent);
        long start = System.nanoTime() + 50_000_000L;
        LockSupport.parkNanos(start - System.nanoTime());
        for (int i = 0; i < concurrent; i++) {
            report(start, photos, bytes).onComplete(x -> uploaded.countDown());
        }
        arrivals(total, interval, start, seconds + 120,
                i -> session(campaignId, tokens[(int) i], start + i * interval), () -> uploaded.getCount() == 0);
        double answering = (System.nanoTime() - start) / 1e9;
        uploaded.await(UPLOAD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return result("reportburst", answering);
    }

    /**
     * Progress reports (GET /api/v1/admin/statistics as a national admin: the country, {@code province},
     * {@code county}, in turn) arriving at {@code reportsPerSecond} while participants first..last play attempts so
     * that {@code answersPerSecond} answers arrive, both for {@code seconds}. The reports' latencies are kept under
     * statisticsNational, statisticsProvince and statisticsCounty, the answers' under their own names.
     */
    public Result statistics(long campaignId, long first, long last, double answersPerSecond, double reportsPerSecond,
                             int seconds, String province, String county, String adminToken) throws Exception {
        String auth = "Bearer " + adminToken;
        String[][] scopes = {{"statisticsNational", ""}, {"statisticsProvince", "&region=" + province},
                {"statisticsCounty", "&region=" + county}};
        return besideAnswers("statistics", campaignId, first, last, answersPerSecond, seconds, reportsPerSecond,
                (i, intended) -> {
                    String[] scope = scopes[(int) (i % scopes.length)];
                    return call(scope[0], intended, client.get("/api/v1/admin/statistics?campaign=" + campaignId
                            + scope[1]).putHeader("Authorization", auth).send(), 200);
                });
    }

    /**
     * The 6·16 peak: participants checkInFirst, checkInFirst + 1, … each scanning one of {@code codes} (booths in
     * turn) at {@code checkInsPerSecond}, while participants first..last play attempts so that {@code answersPerSecond}
     * answers arrive, both for {@code seconds}. Each check-in is a participant's first at that event: 201 expected
     * ("checkIn"). Their tokens are minted before the clock starts, as the answers' are.
     */
    public Result checkIns(long campaignId, long first, long last, double answersPerSecond, double checkInsPerSecond,
                           int seconds, long checkInFirst, List<String> codes) throws Exception {
        String[] tokens = tokens(checkInFirst, (long) (checkInsPerSecond * seconds));
        return besideAnswers("checkins", campaignId, first, last, answersPerSecond, seconds, checkInsPerSecond,
                (i, intended) -> call("checkIn", intended, client.post("/api/v1/check-ins")
                        .putHeader("Authorization", "Bearer " + tokens[(int) i])
                        .sendJsonObject(new JsonObject().put("code", codes.get((int) (i % codes.size())))
                                .put("nonce", java.util.UUID.randomUUID().toString())), 201));
    }

    /** A request of a scenario's second stream: the arrival's index and its intended time. */
    private interface Arrival {
        Future<?> send(long index, long intendedNanos);
    }

    /**
     * Requests of a second kind arriving at {@code perSecond} (their own thread keeps the times) while participants
     * first..last play attempts so that {@code answersPerSecond} answers arrive, both for {@code seconds}; returns
     * when both are done.
     */
    private Result besideAnswers(String scenario, long campaignId, long first, long last, double answersPerSecond,
                                 int seconds, double perSecond, Arrival arrival) throws Exception {
        double sessionsPerSecond = answersPerSecond / 15.0;
        long total = Math.min(last - first + 1, (long) Math.ceil(sessionsPerSecond * seconds));
        long interval = (long) (1e9 / sessionsPerSecond);
        String[] tokens = tokens(first, total);
        long start = System.nanoTime() + 50_000_000L;
        long count = (long) (perSecond * seconds);
        long sideInterval = (long) (1e9 / perSecond);
        CountDownLatch sent = new CountDownLatch((int) count);
        Thread side = new Thread(() -> {
            for (long i = 0; i < count; i++) {
                long intended = start + i * sideInterval;
                long wait = intended - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                long index = i;
                contexts[(int) (i % contexts.length)].runOnContext(v -> arrival.send(index, intended)
                        .onComplete(x -> sent.countDown()));
            }
        }, scenario + "-arrivals");
        side.start();
        arrivals(total, interval, start, seconds + 120, i -> session(campaignId, tokens[(int) i], start + i * interval));
        side.join();
        sent.await(120, TimeUnit.SECONDS);
        return result(scenario, (System.nanoTime() - start) / 1e9);
    }

    /**
     * {@code count} consultation booths of the campaign, open now, spread over {@code regions} (counties or towns),
     * registered through the admin API as organizers would; returns their check-in codes.
     */
    public List<String> events(long campaignId, int count, List<String> regions, String adminToken) throws Exception {
        List<String> codes = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            JsonObject body = new JsonObject().put("campaignId", campaignId).put("name", "安全宣传咨询台 " + (i + 1))
                    .put("kind", "CONSULTATION").put("regionCode", regions.get(i % regions.size()))
                    .put("address", "广场咨询台 " + (i + 1)).put("startsAt", now.minusSeconds(1800).toString())
                    .put("endsAt", now.plusSeconds(4 * 3600).toString());
            HttpResponse<Buffer> r = client.post("/api/v1/admin/activities")
                    .putHeader("Authorization", "Bearer " + adminToken).sendJsonObject(body)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            if (r.statusCode() != 201) {
                throw new IllegalStateException("event not created: " + r.statusCode() + " " + r.bodyAsString());
            }
            codes.add(r.bodyAsJsonObject().getJsonObject("checkInCode").getString("code"));
        }
        return codes;
    }

    /**
     * An admin's access token as Keycloak issues it (audience, type, realm roles), signed with the run's key: the
     * benchmark runs the admin tenant on that key instead of a Keycloak.
     */
    public String adminToken(String issuer) {
        return Jwt.issuer(issuer).subject("bench-national-admin").audience("anquanli-api")
                .claim("typ", "Bearer").claim("azp", "anquanli-api").claim("preferred_username", "bench-national")
                .claim("realm_access", java.util.Map.of("roles", java.util.List.of("national-admin")))
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(7200)).sign(key);
    }

    /** One report, sent from one of the uploads' own event loops (round robin); completes when it has been answered. */
    private Future<Void> report(long intended, List<Path> photos, long bytes) {
        io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
        uploadContexts[(int) (uploadTurn.getAndIncrement() % uploadContexts.length)]
                .runOnContext(v -> sendReport(intended, photos, bytes).onComplete(done));
        return done.future();
    }

    private Future<Void> sendReport(long intended, List<Path> photos, long bytes) {
        // A file part, as only file parts carry a content type in Vert.x's form; the service reads the part as JSON
        // by its declared type either way.
        MultipartForm form = MultipartForm.create()
                .binaryFileUpload("report", "report.json", REPORT_FORM, "application/json");
        for (Path photo : photos) {
            form.binaryFileUpload("photos", photo.getFileName().toString(), photo.toString(), "image/jpeg");
        }
        // Each photo its own part, as browsers and apps send them (HTML5): Netty's default nests files of the same
        // name in one multipart/mixed part, which the service's parser takes for one oversized field (413).
        return call(REPORT, intended, uploads.post("/api/v1/hazard-reports").multipartMixed(false)
                .sendMultipartForm(form), 201)
                .onComplete(ar -> lastUploadNanos.accumulateAndGet(System.nanoTime(), Math::max))
                .onSuccess(r -> {
                    reportsCreated.incrementAndGet();
                    photoBytes.addAndGet(bytes);
                })
                .onFailure(e -> reportErrors.incrementAndGet())
                .<Void>mapEmpty()
                .recover(e -> Future.succeededFuture());
    }

    private static long size(List<Path> files) throws java.io.IOException {
        long total = 0;
        for (Path f : files) {
            total += Files.size(f);
        }
        return total;
    }

    private Future<HttpResponse<Buffer>> call(String name, long intendedNanos, Future<HttpResponse<Buffer>> request,
                                              int expected) {
        return request.transform(ar -> {
            long now = System.nanoTime();
            long micros = Math.max(1, (now - intendedNanos) / 1000);
            if (!name.equals(REPORT)) {
                int second = (int) Math.min(TIMELINE_SECONDS - 1,
                        Math.max(0, (now - timelineStartNanos) / 1_000_000_000L));
                perSecond.incrementAndGet(second);
                if (micros > SLOW_MICROS) {
                    slowPerSecond.incrementAndGet(second);
                }
                maxPerSecond.accumulateAndGet(second, micros, Math::max);
            }
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
        // "all" is the latency of the interactive requests; the reports' seconds would drown them in a burst.
        histograms.forEach((k, h) -> {
            lat.put(k, percentiles(h));
            if (!k.equals(REPORT) || histograms.size() == 1) {
                all.add(h);
            }
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
        Histogram reports = histograms.get(REPORT);
        Uploads uploaded = reports == null ? null : new Uploads(reportsCreated.get(), reportErrors.get(),
                photoBytes.get(), (lastUploadNanos.get() - timelineStartNanos) / 1e9);
        Result r = new Result(scenario, seconds, requests.get(), answers.get(), errors.get(), lat, kinds, phaseCpu,
                new Timeline(timelineStartEpochMillis, slowTotal, slow), uploaded);
        histograms.clear();
        errorKinds.clear();
        requests.set(0);
        answers.set(0);
        errors.set(0);
        reportsCreated.set(0);
        reportErrors.set(0);
        photoBytes.set(0);
        lastUploadNanos.set(0);
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
        uploads.close();
        uploadVertx.close();
        vertx.close();
    }

    /**
     * Usage, each printing the result as JSON:
     * <pre>
     * LoadDriver host port answers|boards|draws rate seconds campaignId first last
     * LoadDriver host port trivial rate seconds managementPort
     * LoadDriver host port reports rate seconds photosPerReport photoDir
     * LoadDriver host port reportburst concurrent photosPerReport photoDir campaignId first last answersRate seconds
     * LoadDriver host port statistics answersRate seconds campaignId first last reportRate province county adminIssuer
     * LoadDriver host port checkins answersRate seconds campaignId first last checkInRate checkInFirst adminIssuer
     *            events region...
     * </pre>
     * Reports take the first photosPerReport photos (*.jpg, in name order) of photoDir (see {@link BenchPhotos}).
     */
    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
        // Exits once the result is out: a report the service refused with 413 while its body was still being sent
        // leaves Vert.x's event loops running after close (seen with 45 MB reports), and the JVM would wait for them.
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        LoadDriver d = new LoadDriver(args[0], Integer.parseInt(args[1]), 64);
        try {
            if (args[2].equals("reportburst")) {
                List<Path> photos = BenchPhotos.first(Path.of(args[5]), Integer.parseInt(args[4]));
                long campaign = Long.parseLong(args[6]);
                long first = Long.parseLong(args[7]);
                double rate = Double.parseDouble(args[9]);
                // The answers' warm-up of the driver, as in the answers scenario; the burst itself needs none.
                long warm = (long) Math.ceil(rate / 4 / 15 * 4) + 1;
                d.answers(campaign, first, first + warm - 1, rate / 4, 4);
                Result r = d.reportBurst(Integer.parseInt(args[3]), photos, campaign, first + warm,
                        Long.parseLong(args[8]), rate, Integer.parseInt(args[10]));
                System.out.println(JsonObject.mapFrom(r).encode());
                return;
            }
            double rate = Double.parseDouble(args[3]);
            int seconds = Integer.parseInt(args[4]);
            // The driver's own JVM warms up first (JIT, connections) at a quarter of the rate, unrecorded: a cold
            // driver would otherwise show up as service latency in the first seconds. Reports take seconds each, so
            // a cold driver's milliseconds do not show in them: they start at once.
            Result r = switch (args[2]) {
                case "reports" -> d.reports(rate, seconds, BenchPhotos.first(Path.of(args[6]),
                        Integer.parseInt(args[5])));
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
                case "statistics" -> {
                    // args: rate seconds campaign first last reportRate province county adminIssuer
                    long campaign = Long.parseLong(args[5]);
                    long first = Long.parseLong(args[6]);
                    long warm = (long) Math.ceil(rate / 4 / 15 * 4) + 1;
                    d.answers(campaign, first, first + warm - 1, rate / 4, 4);
                    yield d.statistics(campaign, first + warm, Long.parseLong(args[7]), rate,
                            Double.parseDouble(args[8]), seconds, args[9], args[10], d.adminToken(args[11]));
                }
                case "checkins" -> {
                    // args: rate seconds campaign first last checkInRate checkInFirst adminIssuer events region...
                    long campaign = Long.parseLong(args[5]);
                    long first = Long.parseLong(args[6]);
                    long warm = (long) Math.ceil(rate / 4 / 15 * 4) + 1;
                    d.answers(campaign, first, first + warm - 1, rate / 4, 4);
                    List<String> codes = d.events(campaign, Integer.parseInt(args[11]),
                            List.of(args).subList(12, args.length), d.adminToken(args[10]));
                    double checkInRate = Double.parseDouble(args[8]);
                    long checkInFirst = Long.parseLong(args[9]);
                    // Check-ins warm up beside answers too, with participants of their own.
                    long warmCheckIns = (long) (checkInRate / 4 * 4);
                    d.checkIns(campaign, first + warm, first + 2 * warm - 1, rate / 4, checkInRate / 4, 4,
                            checkInFirst, codes);
                    yield d.checkIns(campaign, first + 2 * warm, Long.parseLong(args[7]), rate, checkInRate, seconds,
                            checkInFirst + warmCheckIns, codes);
                }
                case "boards" -> {
                    d.boards(Long.parseLong(args[5]), Long.parseLong(args[6]), Long.parseLong(args[7]), rate / 4, 4);
                    yield d.boards(Long.parseLong(args[5]), Long.parseLong(args[6]), Long.parseLong(args[7]),
                            rate, seconds);
                }
                default -> {
                    int managementPort = Integer.parseInt(args[5]);
                    d.trivial(managementPort, rate / 4, 4);
                    yield d.trivial(managementPort, rate, seconds);
                }
            };
            System.out.println(JsonObject.mapFrom(r).encode());
        } finally {
            d.close();
        }
    }
}
