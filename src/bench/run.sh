#!/usr/bin/env bash
# The benchmark harness: one command from a checkout to src/bench/reports/latest.md.
#   src/bench/run.sh [--participants N] [--history-days D] [--rate ANSWERS_PER_S] [--board-rate R] [--draw-rate R]
#                    [--trivial-rate R] [--seconds S] [--warm-seconds W]
#                    [--report-probe-rate R] [--report-rate R] [--report-seconds S] [--report-photos N]
#                    [--photo-bytes B] [--burst N] [--burst-photos N] [--burst-photo-bytes B]
#                    [--burst-answer-seconds S] [--statistics-rate R] [--statistics-seconds S]
#                    [--check-in-rate R] [--check-in-seconds S] [--events N] [--only hazards|statistics|checkins]
# Service, PostgreSQL and Redis share this machine. Uses its own schema (anquanli_bench) and Redis DB 6, port 8091
# (health and metrics on management port 9091).
# --only hazards: set up as always (seed, training, restart, warm-up), then run only the hazard-report scenarios and
# put their section into the existing report, leaving the figures of the other scenarios as the last full run left them.
# --only statistics: the same, with the progress-report scenario (reports beside the answers) instead.
# --only checkins: the same, with the 6·16 check-in scenario (check-ins beside the answers) instead.
set -euo pipefail
cd "$(dirname "$0")/../.."

PARTICIPANTS=1000000 HISTORY=3 RATE=3000 BOARD_RATE=2000 DRAW_RATE=2000 SECONDS_=60 TRIVIAL_RATE=8000 WARM_SECONDS=30
# Hazard reports: (d) reports of REPORT_PHOTOS photos of ~PHOTO_BYTES each, first offered at REPORT_PROBE_RATE/s
# (above what the service serves: the rate served is its capacity), then at REPORT_RATE/s (by default 80 % of that
# capacity) for REPORT_SECONDS; (e) BURST reports of BURST_PHOTOS photos of ~BURST_PHOTO_BYTES each sent at once,
# with the answers at RATE/s beside them for at most BURST_ANSWER_SECONDS. 9 photos of 5 MB (45 MB) fit in what one
# report may carry (50 MB, anquanli.hazard.photo.max-report-bytes).
REPORT_PROBE_RATE=1 REPORT_PROBE_SECONDS=20 REPORT_RATE=auto REPORT_SECONDS=60 REPORT_PHOTOS=3 PHOTO_BYTES=5000000
BURST=50 BURST_PHOTOS=9 BURST_PHOTO_BYTES=5000000 BURST_ANSWER_SECONDS=300
# (f) the progress report (national, a province, a county in turn) at STATISTICS_RATE/s beside the answers at RATE/s.
STATISTICS_RATE=10 STATISTICS_SECONDS=60
# (g) the 6·16 peak: check-ins at CHECK_IN_RATE/s at EVENTS consultation booths beside the answers at RATE/s.
CHECK_IN_RATE=2000 CHECK_IN_SECONDS=60 EVENTS=2000
ONLY=all
ARGS="$*"
while [ $# -gt 0 ]; do
  case "$1" in
    --participants) PARTICIPANTS=$2; shift 2 ;;
    --history-days) HISTORY=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --board-rate) BOARD_RATE=$2; shift 2 ;;
    --draw-rate) DRAW_RATE=$2; shift 2 ;;
    --trivial-rate) TRIVIAL_RATE=$2; shift 2 ;;
    --seconds) SECONDS_=$2; shift 2 ;;
    --warm-seconds) WARM_SECONDS=$2; shift 2 ;;
    --report-probe-rate) REPORT_PROBE_RATE=$2; shift 2 ;;
    --report-rate) REPORT_RATE=$2; shift 2 ;;
    --report-seconds) REPORT_SECONDS=$2; shift 2 ;;
    --report-photos) REPORT_PHOTOS=$2; shift 2 ;;
    --photo-bytes) PHOTO_BYTES=$2; shift 2 ;;
    --burst) BURST=$2; shift 2 ;;
    --burst-photos) BURST_PHOTOS=$2; shift 2 ;;
    --burst-photo-bytes) BURST_PHOTO_BYTES=$2; shift 2 ;;
    --burst-answer-seconds) BURST_ANSWER_SECONDS=$2; shift 2 ;;
    --statistics-rate) STATISTICS_RATE=$2; shift 2 ;;
    --statistics-seconds) STATISTICS_SECONDS=$2; shift 2 ;;
    --check-in-rate) CHECK_IN_RATE=$2; shift 2 ;;
    --check-in-seconds) CHECK_IN_SECONDS=$2; shift 2 ;;
    --events) EVENTS=$2; shift 2 ;;
    --only) ONLY=$2; case "$ONLY" in hazards|statistics|checkins) ;; *) echo "--only takes: hazards, statistics, checkins"; exit 2 ;; esac; shift 2 ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
done

OUT=target/bench; mkdir -p "$OUT"
REPORT=src/bench/reports/latest.md; RESULTS=src/bench/reports/latest.json
SCHEMA=anquanli_bench; REDIS_DB=6; PORT=8091; MANAGEMENT_PORT=9091
JDBC="jdbc:postgresql://127.0.0.1:5432/postgres?currentSchema=$SCHEMA"

echo "== build"
./mvnw -q -B package -DskipTests
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/cp.txt" >/dev/null
CP="target/test-classes:target/classes:$(cat "$OUT/cp.txt")"

echo "== keys for this run (the prod profile refuses the repository's dev keys)"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$OUT/jwt-private.pem" 2>/dev/null
openssl rsa -in "$OUT/jwt-private.pem" -pubout -out "$OUT/jwt-public.pem" 2>/dev/null
export SMALLRYE_JWT_SIGN_KEY_LOCATION="$PWD/$OUT/jwt-private.pem"
export QUARKUS_OIDC_PARTICIPANT_PUBLIC_KEY="$(grep -v -- ----- "$OUT/jwt-public.pem" | tr -d '\n')"
# No Keycloak here: the admin tenant verifies the run's key too, under an issuer of its own, and the driver signs the
# statistics scenario's national-admin token as Keycloak would (audience, type, realm roles).
# System properties, not environment variables: QUARKUS_OIDC_PUBLIC_KEY would not say which tenant it is for.
ADMIN_ISSUER=https://anquanli.example/bench-admins
ADMIN_TENANT_OPTS="-Dquarkus.oidc.auth-server-url= -Dquarkus.oidc.discovery-enabled=false -Dquarkus.oidc.public-key=$QUARKUS_OIDC_PARTICIPANT_PUBLIC_KEY -Dquarkus.oidc.token.issuer=$ADMIN_ISSUER"
export ANQUANLI_CRYPTO_FIELD_KEYS_BENCH="$(head -c 32 /dev/urandom | base64)" ANQUANLI_CRYPTO_FIELD_KEY=bench
export ANQUANLI_CRYPTO_PHONE_HASH_KEY="$(head -c 32 /dev/urandom | base64)"
export ANQUANLI_CRYPTO_CODE_KEYS_BENCH="$(head -c 32 /dev/urandom | base64)" ANQUANLI_CRYPTO_CODE_KEY=bench
export ANQUANLI_DB_SCHEMA=$SCHEMA QUARKUS_REDIS_HOSTS="redis://127.0.0.1:6379/$REDIS_DB" QUARKUS_HTTP_PORT=$PORT
export QUARKUS_MANAGEMENT_PORT=$MANAGEMENT_PORT
export QUARKUS_LOG_LEVEL=WARN
# All the harness's reports come from 127.0.0.1, so the per-address limit (30 an hour) would refuse all but the first
# few; the per-participant limit is raised with it. Photos and uploads stay in this run's directory.
export ANQUANLI_HAZARD_REPORTS_PER_ADDRESS_PER_HOUR=100000000 ANQUANLI_HAZARD_REPORTS_PER_PARTICIPANT_PER_DAY=100000000
export ANQUANLI_BLOBS_FILE_DIRECTORY="$PWD/$OUT/blobs" QUARKUS_HTTP_BODY_UPLOADS_DIRECTORY="$PWD/$OUT/uploads"
# The prod profile needs an SMS gateway configured; the harness mints tokens and sends no message, so a gateway
# address where nothing listens will do.
export ANQUANLI_SMS_ALIYUN_ENDPOINT=http://127.0.0.1:9 ANQUANLI_SMS_ALIYUN_ACCESS_KEY_ID=bench \
  ANQUANLI_SMS_ALIYUN_ACCESS_KEY_SECRET=bench ANQUANLI_SMS_ALIYUN_SIGN_NAME=bench \
  ANQUANLI_SMS_ALIYUN_TEMPLATES_LOGIN_CODE=SMS_0 ANQUANLI_SMS_ALIYUN_TEMPLATES_HAZARD_ACCEPTED=SMS_0 \
  ANQUANLI_SMS_ALIYUN_TEMPLATES_HAZARD_CLOSED=SMS_0 ANQUANLI_SMS_ALIYUN_TEMPLATES_REPORT_REMINDER=SMS_0

# The JVM of the service, the seeder and the driver: JDK 25 where one is installed (what the image ships: it runs the
# answer loop on about 13 % less service CPU than JDK 17 and starts from an AOT cache), else `java` on the PATH.
# BENCH_JAVA overrides.
BENCH_JAVA=${BENCH_JAVA:-$(ls -d /usr/lib/jvm/*-25-*/bin/java 2>/dev/null | head -1)}
BENCH_JAVA=${BENCH_JAVA:-java}
JAVA_FEATURE=$("$BENCH_JAVA" -XshowSettings:properties -version 2>&1 | awk '/java.specification.version/ {print $3}')
JAVA_FEATURE=${JAVA_FEATURE#1.}
# The service's heap is sized for a 512 MB container, with the serial collector for two cores.
DEFAULT_JAVA_OPTS="-Xmx256m -XX:+UseSerialGC"
# As the image does: Netty's use of sun.misc.Unsafe, allowed without the JDK 24+ warning (JEP 498).
UNSAFE_OPT=; [ "${JAVA_FEATURE%%.*}" -ge 24 ] && UNSAFE_OPT=--sun-misc-unsafe-memory-access=allow
DEFAULT_JAVA_OPTS="$DEFAULT_JAVA_OPTS${UNSAFE_OPT:+ $UNSAFE_OPT}"
SERVICE_PID=
stop_service() { [ -n "$SERVICE_PID" ] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true; SERVICE_PID=; }
trap stop_service EXIT
# Start-up from a training run: the first start, on the empty database, records what it loaded when it exits, and
# every later start maps that instead of loading and verifying the classes again. On JDK 25 that is the AOT cache
# (JEP 483/514/515: classes loaded and linked, plus method profiles); before 25, the AppCDS archive of loaded classes.
# CDS_ARCHIVE= (empty) turns it off. The file belongs to this build and this JVM; the harness rebuilds it each run.
if [ "${JAVA_FEATURE%%.*}" -ge 25 ]; then
  CDS_KIND="AOT cache (JDK $JAVA_FEATURE)"; CDS_ARCHIVE=${CDS_ARCHIVE-$OUT/app.aot}
  CDS_TRAIN=-XX:AOTCacheOutput CDS_USE=-XX:AOTCache
else
  CDS_KIND="AppCDS archive (JDK $JAVA_FEATURE)"; CDS_ARCHIVE=${CDS_ARCHIVE-$OUT/app-cds.jsa}
  CDS_TRAIN=-XX:ArchiveClassesAtExit CDS_USE=-XX:SharedArchiveFile
fi
cds_opts() {
  if [ -z "$CDS_ARCHIVE" ] || [ "${1:-}" = none ]; then return; fi
  if [ "${1:-}" = train ]; then echo "$CDS_TRAIN=$CDS_ARCHIVE"; else echo "$CDS_USE=$CDS_ARCHIVE"; fi
}
# The log of the instance that ran the scenarios stays in service.log; the timed restarts write restart.log.
SERVICE_LOG=$OUT/service.log
start_service() {
  local t0; t0=$(date +%s%N)
  # The GC log (wall-clock times) lines up the service's pauses with the driver's slow seconds in the report.
  "$BENCH_JAVA" ${BENCH_JAVA_OPTS:-$DEFAULT_JAVA_OPTS} $ADMIN_TENANT_OPTS -Xlog:gc:file="$SERVICE_LOG.gc":time $(cds_opts "${1:-}") \
    -jar target/anquanli-*-runner.jar > "$SERVICE_LOG" 2>&1 &
  SERVICE_PID=$!
  # Wait until ready however long it takes (the first start after seeding rebuilds the boards from the ledger), and
  # stop if it never gets there: a capped loop that went on regardless once sent the warm-up to a service still
  # starting, so the warm-up did nothing and the start-up figure was the cap.
  local deadline=$(( $(date +%s) + ${START_TIMEOUT_S:-900} ))
  until curl -sf "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" >/dev/null 2>&1; do
    kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$SERVICE_LOG"; exit 1; }
    [ "$(date +%s)" -lt "$deadline" ] || { echo "service not ready after ${START_TIMEOUT_S:-900} s"; exit 1; }
    sleep 0.05
  done
  START_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
}
# The boards are rebuilt in the background when Redis lacks them (the first start after seeding): the scenarios wait
# for them, and BOARDS_MS says how long it took from the service's readiness.
wait_boards() {
  local t0; t0=$(date +%s%N)
  until [ "$(redis-cli -n $REDIS_DB exists "lb:{c$CAMPAIGN}:built")" = 1 ] \
      && [ "$(redis-cli -n $REDIS_DB exists "lb:{c$CAMPAIGN}:rebuilding")" = 0 ]; do
    kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$SERVICE_LOG"; exit 1; }
    sleep 0.2
  done
  BOARDS_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
}
rss_mb() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$SERVICE_PID/status"; }

echo "== test photos for the hazard reports (made once per run, before any clock starts)"
"$BENCH_JAVA" -cp "$CP" anquanli.bench.BenchPhotos "$OUT/photos/report" "$REPORT_PHOTOS" "$PHOTO_BYTES" >/dev/null
"$BENCH_JAVA" -cp "$CP" anquanli.bench.BenchPhotos "$OUT/photos/burst" "$BURST_PHOTOS" "$BURST_PHOTO_BYTES" >/dev/null

echo "== fresh schema, Redis DB and photo store"
psql -h 127.0.0.1 -U postgres -qc "drop schema if exists $SCHEMA cascade" postgres
redis-cli -n $REDIS_DB flushdb >/dev/null
rm -rf "$OUT/blobs" "$OUT/uploads"
[ -n "$CDS_ARCHIVE" ] && rm -f "$CDS_ARCHIVE"
start_service none; EMPTY_START_MS=$START_MS
echo "== seed $PARTICIPANTS participants, $HISTORY days of history"
t0=$(date +%s)
read -r CAMPAIGN FIRST LAST < <("$BENCH_JAVA" -cp "$CP" anquanli.bench.BenchSeed "$JDBC" "$PARTICIPANTS" "$HISTORY")
SEED_S=$(( $(date +%s) - t0 ))
stop_service
echo "== training start with the data (boards rebuilt from the ledger in the background)"
start_service train; DATA_START_MS=$START_MS
wait_boards; echo "   boards rebuilt in $BOARDS_MS ms after readiness"
RSS_IDLE=$(rss_mb)

# The driver reports where the CPU went while its measured arrivals ran; it needs the service's process id for that.
driver() { "$BENCH_JAVA" $UNSAFE_OPT -Dbench.signing-key="$OUT/jwt-private.pem" -Dbench.service-pid="$SERVICE_PID" -cp "$CP" \
  anquanli.bench.LoadDriver 127.0.0.1 $PORT "$@"; }

echo "== warm-up (JIT, pools, caches; not recorded)"
# A warm-up that failed would leave the tables empty for the ANALYZE below (and the plans with them): stop instead.
warm() { local r; r=$(driver "$@"); python3 -c 'import json, sys; r = json.loads(sys.argv[1]); sys.exit(
  "warm-up %s failed: %d errors %s" % (r["scenario"], r["errors"], r["errorKinds"]) if r["errors"] else 0)' "$r"; }
warm trivial 1000 5 "$MANAGEMENT_PORT"
warm boards 300 5 "$CAMPAIGN" "$FIRST" "$LAST"
WARM_FIRST=$(( LAST - 2000 ))
warm answers 150 8 "$CAMPAIGN" "$WARM_FIRST" "$LAST"
warm draws 150 5 "$CAMPAIGN" "$WARM_FIRST" "$LAST"
warm reports 1 3 1 "$OUT/photos/report"
LAST=$(( WARM_FIRST - 1 ))
# The warm-up gave the tables that start empty (attempt questions, draws) their first rows. A server with autovacuum
# analyzes them now, which also replaces the plans the service's connections keep for them; this machine's server
# runs without autovacuum, so the harness does it. Without it those plans stay as made for nearly empty tables and
# walk the whole table on every execution as it grows (measured: answers 140/s instead of 2,000/s).
psql -h 127.0.0.1 -U postgres -qc "analyze $SCHEMA.attempt, $SCHEMA.attempt_question, $SCHEMA.points_ledger, $SCHEMA.lottery_draw, $SCHEMA.lottery_chance" postgres

# Each scenario at its target rate for WARM_SECONDS, twice, with participants from the top of the range (so the
# measured runs still start with fresh ones). First in this training instance: the AOT cache it writes when it stops
# holds the method profiles of the hot paths under load, so a restart from it compiles them early. Measured on this
# machine, the first 30 s at 3,000 answers/s after a start: p50 314 and 523 ms, p99 550 and 767 ms, 0.34-0.38 ms of
# service CPU per answer from a cache trained by a start on the empty database; p50 64 and 16 ms, p99 214 and
# 194 ms, 0.25-0.27 ms from one trained under load.
WARM_ANSWERERS=$(( RATE * (WARM_SECONDS + 5) / 15 + 100 )); WARM_DRAWERS=$(( DRAW_RATE * (WARM_SECONDS + 5) / 3 + 100 ))
BLOCK=$(( WARM_ANSWERERS + WARM_DRAWERS ))
if [ "$WARM_SECONDS" -gt 0 ] && [ $(( LAST - 2 * BLOCK )) -gt "$FIRST" ]; then
  echo "== training load: each scenario at its target rate for ${WARM_SECONDS}s"
  driver answers "$RATE" "$WARM_SECONDS" "$CAMPAIGN" "$(( LAST - BLOCK + 1 ))" "$(( LAST - WARM_DRAWERS ))" >/dev/null
  driver boards "$BOARD_RATE" "$WARM_SECONDS" "$CAMPAIGN" "$FIRST" "$LAST" >/dev/null
  driver draws "$DRAW_RATE" "$WARM_SECONDS" "$CAMPAIGN" "$(( LAST - WARM_DRAWERS + 1 ))" "$LAST" >/dev/null
  LAST=$(( LAST - BLOCK ))
fi
echo "== restart from the cache the training start wrote"
stop_service
start_service

# Then again after the restart, before the measured runs, so the JIT has compiled the hot paths the way a service
# that has been up for a while has them. The results of these runs go into the report as the first minutes after a
# restart; they are not the measured figures.
WARM_A_FIRST=$(( LAST - BLOCK + 1 )); WARM_D_FIRST=$(( LAST - WARM_DRAWERS + 1 ))
WARM_ANSWERS='{}' WARM_BOARDS='{}' WARM_DRAWS='{}'
if [ "$WARM_SECONDS" -gt 0 ] && [ "$WARM_A_FIRST" -gt "$FIRST" ]; then
  echo "== steady-state warm-up: each scenario at its target rate for ${WARM_SECONDS}s (reported, not measured)"
  WARM_ANSWERS=$(driver answers "$RATE" "$WARM_SECONDS" "$CAMPAIGN" "$WARM_A_FIRST" "$(( WARM_D_FIRST - 1 ))")
  WARM_BOARDS=$(driver boards "$BOARD_RATE" "$WARM_SECONDS" "$CAMPAIGN" "$FIRST" "$LAST")
  WARM_DRAWS=$(driver draws "$DRAW_RATE" "$WARM_SECONDS" "$CAMPAIGN" "$WARM_D_FIRST" "$LAST")
  LAST=$(( WARM_A_FIRST - 1 ))
fi
warm reports 1 3 1 "$OUT/photos/report"

# RSS once a second, with the time, so each scenario's peak can be told apart.
start_rss_sampler() {
  : > "$OUT/rss.log"
  ( while kill -0 "$SERVICE_PID" 2>/dev/null; do echo "$(date +%s) $(rss_mb)" >> "$OUT/rss.log"; sleep 1; done ) &
  SAMPLER=$!
}
rss_peak() { awk -v a="$1" -v b="$2" '$1 >= a && $1 <= b && $2 > m {m = $2} END {print m + 0}' "$OUT/rss.log"; }
# The answer scenario's participants, then the capacity run's (below), then the burst's: none has played today.
CAPACITY_RATE=$(( RATE * 2 )); CAPACITY_FIRST=$(( FIRST + RATE * (SECONDS_ + 10) / 15 + 1000 ))
HAZARD_FIRST=$(( CAPACITY_FIRST + CAPACITY_RATE * 25 / 15 + 1000 ))

# Hazard reports with photos. (d) reports at a rate the service keeps up with: one photo is decoded at a time per
# instance (anquanli.hazard.photo.max-concurrent), so an offered rate above what that one core gets through only
# lengthens the queue until photos are refused after the queue timeout. The probe above that rate finds it, as the
# answer capacity run does for answers. (e) a burst of uploads, all sent at once, while the answers run beside it at
# their target rate (participants who have not played today) until the last upload has been answered or
# BURST_ANSWER_SECONDS have passed: the RSS peak of the burst, and what it does to the answers' p99.
uploads_per_second() { python3 -c 'import json, sys; u = json.loads(sys.argv[1]).get("uploads") or {}
print("%.3f" % (u["reports"] / u["seconds"] if u.get("seconds") else 0))' "$1"; }
hazards() {
  HAZARD_LOG_FROM=$(wc -l < "$SERVICE_LOG")
  REPORTS_FROM=$(date +%s)
  echo "== scenario (d): hazard report capacity, $REPORT_PHOTOS photos of ~$(( PHOTO_BYTES / 1000 )) KB offered at $REPORT_PROBE_RATE/s for ${REPORT_PROBE_SECONDS}s"
  REPORTS_PROBE=$(driver reports "$REPORT_PROBE_RATE" "$REPORT_PROBE_SECONDS" "$REPORT_PHOTOS" "$OUT/photos/report")
  local capacity available
  capacity=$(uploads_per_second "$REPORTS_PROBE")
  if [ "$REPORT_RATE" = auto ]; then
    REPORT_RATE=$(python3 -c 'import sys; print(max(0.01, int(80 * float(sys.argv[1])) / 100))' "$capacity")
  fi
  echo "== scenario (d): hazard reports at $REPORT_RATE/s for ${REPORT_SECONDS}s (capacity $capacity/s)"
  REPORTS=$(driver reports "$REPORT_RATE" "$REPORT_SECONDS" "$REPORT_PHOTOS" "$OUT/photos/report")
  REPORTS_TO=$(date +%s)
  # The driver mints the tokens of the answers beside the burst before it starts: no more than the participants left.
  available=$(( (LAST - HAZARD_FIRST - RATE / 15 - 1000) * 15 / RATE ))
  BURST_SECONDS=$(( available < BURST_ANSWER_SECONDS ? available : BURST_ANSWER_SECONDS ))
  BURST_RESULT='{}' RSS_BEFORE_BURST=$(rss_mb) BURST_FROM=$(date +%s) BURST_TO=$(date +%s)
  if [ "$BURST_SECONDS" -ge 30 ]; then
    echo "== scenario (e): $BURST reports of $BURST_PHOTOS photos of ~$(( BURST_PHOTO_BYTES / 1000 )) KB at once, answers at $RATE/s beside them (at most ${BURST_SECONDS}s)"
    BURST_FROM=$(date +%s)
    BURST_RESULT=$(driver reportburst "$BURST" "$BURST_PHOTOS" "$OUT/photos/burst" "$CAMPAIGN" "$HAZARD_FIRST" "$LAST" \
      "$RATE" "$BURST_SECONDS")
    BURST_TO=$(date +%s)
  else
    echo "== scenario (e) skipped: too few participants left for the answers beside the burst"
  fi
  tail -n +"$(( HAZARD_LOG_FROM + 1 ))" "$SERVICE_LOG" | grep -E 'WARN|ERROR|OutOfMemory|Exception' | cut -c1-240 \
    > "$OUT/hazard-service-log.txt" || true
}

# The hazard section and rows of the report, put into the report and results as they stand (after a full run, the ones
# just written; with --only hazards, those of the last full run): the rest of the report stays as it was.
hazard_report() {
  local photo_sizes burst_sizes
  photo_sizes=$(ls "$OUT"/photos/report/*.jpg | head -"$REPORT_PHOTOS" | xargs stat -c %s | paste -sd, -)
  burst_sizes=$(ls "$OUT"/photos/burst/*.jpg | head -"$BURST_PHOTOS" | xargs stat -c %s | paste -sd, -)
  python3 - "$RESULTS" "$REPORT" <<PY
import json, re, sys, datetime, subprocess
sys.path.insert(0, "src/bench")
from sections import put_section
h = {
  "date": datetime.datetime.utcnow().isoformat(timespec="seconds") + "Z",
  "command": "src/bench/run.sh $ARGS".strip(), "only": "$ONLY",
  "participants": $PARTICIPANTS, "historyDays": $HISTORY, "answerRate": $RATE,
  "java": "$("$BENCH_JAVA" -version 2>&1 | head -1 | tr -d '"')", "javaOpts": "${BENCH_JAVA_OPTS:-$DEFAULT_JAVA_OPTS}",
  "reportProbeRate": $REPORT_PROBE_RATE, "reportProbeSeconds": $REPORT_PROBE_SECONDS,
  "reportRate": $REPORT_RATE, "reportSeconds": $REPORT_SECONDS, "reportPhotoBytes": [$photo_sizes],
  "burst": $BURST, "burstPhotoBytes": [$burst_sizes], "burstAnswerSeconds": $BURST_SECONDS,
  "photoMaxReportBytes": 52428800, "photoMaxConcurrent": 1,
  "reportProbe": json.loads('''$REPORTS_PROBE'''),
  "reports": json.loads('''$REPORTS'''), "reportBurst": json.loads('''$BURST_RESULT'''),
  "rssPeakReportsMb": $(rss_peak "$REPORTS_FROM" "$REPORTS_TO"), "rssBeforeBurstMb": $RSS_BEFORE_BURST,
  "rssPeakBurstMb": $(rss_peak "$BURST_FROM" "$BURST_TO"),
  "photosStored": int(subprocess.getoutput("find '$OUT/blobs/photos' -type f 2>/dev/null | wc -l") or 0),
  "serviceLog": open("$OUT/hazard-service-log.txt", errors="replace").read().splitlines(),
}
# The service's collections during the steady reports and during the burst, from its GC log (wall-clock times).
pauses = []
for line in open("$OUT/service.log.gc", errors="replace"):
    m = re.match(r"\[(\S+)\].*Pause (\w+).* ([0-9.]+)ms", line)
    if m:
        at = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()
        pauses.append((at, m.group(2), float(m.group(3))))
def gc(start, end):
    ps = [p for p in pauses if start <= p[0] <= end]
    return {"count": len(ps), "totalMs": round(sum(p[2] for p in ps)), "maxMs": max((p[2] for p in ps), default=0),
            "full": sum(1 for p in ps if p[1] == "Full")}
h["reportsGcPauses"] = gc(h["reports"].get("timeline", {}).get("startEpochMillis", 0) / 1000, $REPORTS_TO + 1)
h["burstGcPauses"] = gc($BURST_FROM, $BURST_TO + 1)
res = json.load(open(sys.argv[1]))
res["hazards"] = h
json.dump(res, open(sys.argv[1], "w"), indent=2)

MB = 1e6
def lat(r, k, p):
    return r.get("latencyMillis", {}).get(k, {}).get(p, 0)
def up(r):
    return r.get("uploads") or {"reports": 0, "errors": 0, "photoBytes": 0, "seconds": 0}
p, d, e = h["reportProbe"], h["reports"], h["reportBurst"]
pu, du, eu = up(p), up(d), up(e)
p_rate = pu["reports"] / pu["seconds"] if pu["seconds"] else 0
d_rate = du["reports"] / du["seconds"] if du["seconds"] else 0
d_mbs = du["photoBytes"] / MB / du["seconds"] if du["seconds"] else 0
e_mbs = eu["photoBytes"] / MB / eu["seconds"] if eu["seconds"] else 0
photo_mb = sum(h["reportPhotoBytes"]) / len(h["reportPhotoBytes"]) / MB
burst_mb = sum(h["burstPhotoBytes"]) / len(h["burstPhotoBytes"]) / MB
n_d, n_e = len(h["reportPhotoBytes"]), len(h["burstPhotoBytes"])
answer_errors = e.get("errors", 0) - eu["errors"]
a_rate = e.get("answers", 0) / e["seconds"] if e.get("seconds") else 0
kinds = lambda r, report: {k: v for k, v in r.get("errorKinds", {}).items() if k.startswith("report:") == report}
covered = e.get("seconds", 0) + 0.5 >= eu["seconds"]
rows = [
 f"| hazard reports: {n_d} photos of {photo_mb:.1f} MB each, {h['reportRate']}/s offered for {h['reportSeconds']} s | no errors (reports/s, p99 and MB/s: measured, no target set) | {d_rate:.2f} reports/s served, p50 {lat(d, 'report', 'p50') / 1000:.1f} s, p99 {lat(d, 'report', 'p99') / 1000:.1f} s, {d_mbs:.1f} MB/s of photos, {du['errors']} errors; capacity {p_rate:.2f} reports/s ({h['reportProbeRate']}/s offered, {pu['errors']} errors) |",
 f"| hazard reports: burst of {h['burst']} reports × {n_e} photos of {burst_mb:.1f} MB at once, service RSS | < 512 MB, no errors | peak {h['rssPeakBurstMb']} MB ({'met' if 0 < h['rssPeakBurstMb'] < 512 else 'NOT met'}), {eu['errors']} errors, last report answered after {eu['seconds']:.0f} s |",
 f"| hazard reports: answers at {h['answerRate']}/s beside the burst | ≥ 3,000/s, p99 ≤ 100 ms, no errors | {a_rate:.0f}/s, p99 {lat(e, 'answer', 'p99'):.1f} ms ({'met' if lat(e, 'answer', 'p99') <= 100 and answer_errors == 0 and a_rate >= 0.99 * h['answerRate'] else 'NOT met'}), {answer_errors} errors |",
]
def row(name, r, key):
    l = r.get("latencyMillis", {}).get(key, {})
    return f"| {name} | {l.get('count', 0):.0f} | {l.get('p50', 0):.1f} | {l.get('p99', 0):.1f} | {l.get('p99.9', 0):.1f} | {l.get('max', 0):.1f} |"
tl = e.get("timeline", {"slowRequests": 0, "slowSeconds": []})
worst = sorted(tl["slowSeconds"], key=lambda x: -x[2])[:8]
cpu = e.get("cpuSeconds", {})
section = [
 "## Hazard reports with photos", "",
 f"Run {h['date']}: \`{h['command']}\`; {h['participants']} participants, {h['historyDays']} days of history; answers beside the burst at {h['answerRate']}/s; service JVM {h['javaOpts']} ({h['java']}); photos decoded one at a time (anquanli.hazard.photo.max-concurrent={h['photoMaxConcurrent']})."
   + (" Only the hazard scenarios ran (--only hazards), after the same set-up as a full run (seed, training start under load, restart from the AOT cache, warm-up); every other figure in this report comes from the full run above." if h["only"] == "hazards" else ""),
 "",
 f"- Photos: JPEGs of 4032 × 3024 (12 MP, camera EXIF, noise over gradients so that they weigh what a phone's do), made before the clock starts. (d) sends {n_d} of {photo_mb:.1f} MB ({sum(h['reportPhotoBytes']) / MB:.1f} MB a report); (e) {n_e} of {burst_mb:.1f} MB ({sum(h['burstPhotoBytes']) / MB:.1f} MB a report). A report may carry {h['photoMaxReportBytes'] / MB:.1f} MB of photos (anquanli.hazard.photo.max-report-bytes; the HTTP body limit is 51 MiB).",
 f"- Every report sends the same photos. The blob store keeps one copy per content ({h['photosStored']} photos stored), so only the first report of each set writes its files; every photo is still received, checked, decoded, scaled, re-encoded and hashed.",
 f"- (d) Capacity: {h['reportProbeRate']} reports/s offered for {h['reportProbeSeconds']} s (above what the service serves): {pu['reports']} created in {pu['seconds']:.0f} s to the last response, {p_rate:.2f}/s; latency p50 {lat(p, 'report', 'p50') / 1000:.1f} s, p99 {lat(p, 'report', 'p99') / 1000:.1f} s (the backlog); {pu['photoBytes'] / MB / pu['seconds'] if pu['seconds'] else 0:.1f} MB/s of photos; errors {json.dumps(kinds(p, True))}.",
 f"- (d) Then {h['reportRate']} reports/s offered for {h['reportSeconds']} s: {du['reports']} created in {du['seconds']:.0f} s to the last response, {d_rate:.2f}/s; latency p50 {lat(d, 'report', 'p50') / 1000:.1f} s, p99 {lat(d, 'report', 'p99') / 1000:.1f} s, max {lat(d, 'report', 'max') / 1000:.1f} s; {d_mbs:.1f} MB/s of photos processed ({d_rate * n_d:.2f} photos/s); errors {json.dumps(kinds(d, True))}; service RSS peak {h['rssPeakReportsMb']} MB (both runs of (d)); GC: {h['reportsGcPauses']['count']} pauses, {h['reportsGcPauses']['totalMs']} ms in all, longest {h['reportsGcPauses']['maxMs']:.0f} ms, {h['reportsGcPauses']['full']} full ({h['reportsGcPauses']['full'] / (du['reports'] * n_d) if du['reports'] else 0:.2f} full collections per photo).",
 f"- (e) {h['burst']} reports of {n_e} photos sent at once: {eu['reports']} created, the last answered after {eu['seconds']:.0f} s; latency p50 {lat(e, 'report', 'p50') / 1000:.1f} s, p99 {lat(e, 'report', 'p99') / 1000:.1f} s; {e_mbs:.1f} MB/s of photos processed; errors {json.dumps(kinds(e, True))}; service RSS {h['rssBeforeBurstMb']} MB before, peak {h['rssPeakBurstMb']} MB during the burst (target < 512 MB); GC during the burst: {h['burstGcPauses']['count']} pauses, {h['burstGcPauses']['totalMs']} ms in all, longest {h['burstGcPauses']['maxMs']:.0f} ms, {h['burstGcPauses']['full']} full.",
 f"- Answers beside the burst, {h['answerRate']}/s offered from the burst's start " + (f"until its last upload was answered ({e.get('seconds', 0):.0f} s)" if covered else f"for its first {e.get('seconds', 0):.0f} s of {eu['seconds']:.0f} s (at most {h['burstAnswerSeconds']} s: --burst-answer-seconds, and the participants left)") + f": {a_rate:.0f}/s served, p99 {lat(e, 'answer', 'p99'):.1f} ms per answer (target ≤ 100 ms), {lat(e, 'all', 'p99'):.1f} ms over all their requests; errors {json.dumps(kinds(e, False))}; requests slower than 100 ms: {tl['slowRequests']} in {len(tl['slowSeconds'])} seconds"
   + ("; worst seconds (second: slow/completed, max ms): " + ", ".join(f"{s[0]}: {s[2]}/{s[1]}, {s[3]}" for s in sorted(worst)) if worst else "") + ".",
 "- CPU seconds while the answers ran beside the burst: " + (", ".join(f"{k} {v:.1f}" for k, v in sorted(cpu.items())) or "not measured") + (f" (of {e.get('seconds', 0) * 2:.0f} available on 2 cores)" if e.get("seconds") else "") + ".",
 "- Service log during the hazard scenarios: " + (f"{len(h['serviceLog'])} warnings or errors; first: " + " / ".join(h["serviceLog"][:3]) if h["serviceLog"] else "no warnings or errors") + ".",
 "",
 "| request | count | p50 | p99 | p99.9 | max |", "|---|---|---|---|---|---|",
 row("(d) report, capacity", p, "report"),
 row("(d) report", d, "report"),
 row("(e) report", e, "report"),
 *[row("(e) answers: " + k, e, k) for k in ("start", "current", "answer", "summary", "all")],
 "",
]
md = open(sys.argv[2]).read().split("\n")
md = [l for l in md if not l.startswith("| hazard reports:")]
# The rows go at the end of the Results table.
at = md.index("## Results") + 1
while at < len(md) and not md[at].startswith("|"):
    at += 1
while at < len(md) and md[at].startswith("|"):
    at += 1
md[at:at] = rows
# The section replaces the last one, or goes before the first minutes after a restart.
md = put_section(md, "## Hazard reports with photos", section, "## The first minutes after a restart")
open(sys.argv[2], "w").write("\n".join(md))
print("\n".join(rows + [""] + section))
PY
}

# Where PostgreSQL spends its time, when the server has pg_stat_statements loaded (optional; see src/bench/README.md).
pgss() { psql -h 127.0.0.1 -U postgres -AtqF ' | ' -c "$1" postgres 2>/dev/null || true; }
pg_top_statements() {
  pgss "select round(total_exec_time)::int as ms, calls, round(mean_exec_time::numeric, 3) as mean_ms,
      left(regexp_replace(query, '\s+', ' ', 'g'), 160) from pg_stat_statements
      where query not like '%pg_stat_statements%' order by total_exec_time desc limit 25" > "$1"
}

# (f) The progress report while the answers run at their target rate: participants who have not played today (those
# after the burst's), the national report, a province and a county of the seed in turn.
statistics_scenario() {
  local region
  region=$(psql -h 127.0.0.1 -U postgres -Atc "select region_code from $SCHEMA.participant where region_code is not null
    and length(region_code) >= 6 order by id limit 1" postgres)
  STAT_PROVINCE=${region:0:2} STAT_COUNTY=${region:0:6}
  STATISTICS_FIRST=$(( HAZARD_FIRST + RATE * (BURST_ANSWER_SECONDS + 10) / 15 + 1000 ))
  [ $(( STATISTICS_FIRST + RATE * (STATISTICS_SECONDS + 10) / 15 )) -lt "$LAST" ] || STATISTICS_FIRST=$(( LAST - RATE * (STATISTICS_SECONDS + 10) / 15 ))
  STAT_ROLLUP_ROWS=$(psql -h 127.0.0.1 -U postgres -Atc "select count(*) from $SCHEMA.competition_rollup where campaign_id = $CAMPAIGN" postgres)
  echo "== scenario (f): progress reports at $STATISTICS_RATE/s (national, $STAT_PROVINCE, $STAT_COUNTY) beside answers at $RATE/s for ${STATISTICS_SECONDS}s"
  pgss "select pg_stat_statements_reset()" >/dev/null
  [ -n "${BENCH_JFR:-}" ] && jcmd "$SERVICE_PID" JFR.start name=statistics settings=profile filename="$BENCH_JFR" >/dev/null
  STATISTICS=$(driver statistics "$RATE" "$STATISTICS_SECONDS" "$CAMPAIGN" "$STATISTICS_FIRST" "$LAST" "$STATISTICS_RATE" \
    "$STAT_PROVINCE" "$STAT_COUNTY" "$ADMIN_ISSUER")
  [ -n "${BENCH_JFR:-}" ] && jcmd "$SERVICE_PID" JFR.stop name=statistics >/dev/null
  pg_top_statements "$OUT/pg-top-statements-statistics.txt"
}

# The statistics section of the report, put in as the hazard section is.
statistics_report() {
  python3 - "$RESULTS" "$REPORT" <<PY
import json, sys, datetime
sys.path.insert(0, "src/bench")
from sections import put_section
r = json.loads('''$STATISTICS''')
res = json.load(open(sys.argv[1]))
res["statistics"] = {"date": datetime.datetime.utcnow().isoformat(timespec="seconds") + "Z", "command": "src/bench/run.sh $ARGS".strip(),
  "participants": $PARTICIPANTS, "answerRate": $RATE, "reportRate": $STATISTICS_RATE, "seconds": $STATISTICS_SECONDS,
  "province": "$STAT_PROVINCE", "county": "$STAT_COUNTY", "rollupRows": $STAT_ROLLUP_ROWS, "result": r}
json.dump(res, open(sys.argv[1], "w"), indent=1)
lat = r["latencyMillis"]
def row(name, k):
    l = lat.get(k, {})
    return f"| {name} | {l.get('count', 0)} | {l.get('p50', 0):.1f} | {l.get('p99', 0):.1f} | {l.get('p99.9', 0):.1f} | {l.get('max', 0):.1f} |"
rp99 = max(lat.get(k, {}).get("p99", 0) for k in ("statisticsNational", "statisticsProvince", "statisticsCounty"))
answers = r["answers"] / r["seconds"] if r["seconds"] else 0
section = ["## Progress report beside the answers", "",
 f"Run {res['statistics']['date']}: \`src/bench/run.sh $ARGS\`. {$PARTICIPANTS:,} participants, answers offered at {$RATE}/s and the "
 f"progress report at {$STATISTICS_RATE}/s (the country, province $STAT_PROVINCE and county $STAT_COUNTY in turn, as a national admin) for "
 f"{$STATISTICS_SECONDS} s. The report reads the daily roll-up ({$STAT_ROLLUP_ROWS:,} rows for the campaign at the start) on its own pool.", "",
 f"- Reports: p99 {rp99:.1f} ms over the three scopes (target ≤ 300 ms).",
 f"- Answers beside them: {answers:.0f}/s served, p99 {lat.get('answer', {}).get('p99', 0):.1f} ms per answer (target ≤ 100 ms).",
 f"- Errors: {r['errors']} {json.dumps(r.get('errorKinds', {}))}.", "",
 "| request | count | p50 | p99 | p99.9 | max |", "|---|---|---|---|---|---|",
 row("report: country", "statisticsNational"), row("report: province", "statisticsProvince"),
 row("report: county", "statisticsCounty"),
 *[row("answers: " + k, k) for k in ("start", "current", "answer", "summary")], ""]
md = put_section(open(sys.argv[2]).read().split("\n"), "## Progress report beside the answers", section,
                 "## Hazard reports with photos")
open(sys.argv[2], "w").write("\n".join(md))
print("\n".join(section))
PY
}

# (g) The 6·16 peak: EVENTS consultation booths (registered through the admin API in counties and towns of the seed),
# participants who have not checked in before scanning them at CHECK_IN_RATE/s beside the answers at RATE/s (by
# participants who have not played today). Afterwards the counts must be exact: every 201 is one check_in row and one
# in the country's roll-up.
checkins_scenario() {
  local regions
  regions=$(psql -h 127.0.0.1 -U postgres -Atc "select distinct region_code from $SCHEMA.participant
    where length(region_code) >= 6 order by 1 limit 200" postgres | tr '\n' ' ')
  CHECK_IN_ANSWER_FIRST=$(( HAZARD_FIRST + RATE * (BURST_ANSWER_SECONDS + STATISTICS_SECONDS + 20) / 15 + 2000 ))
  [ $(( CHECK_IN_ANSWER_FIRST + RATE * (CHECK_IN_SECONDS + 10) / 15 )) -lt "$LAST" ] || CHECK_IN_ANSWER_FIRST=$(( LAST - RATE * (CHECK_IN_SECONDS + 10) / 15 ))
  # Check-ins by the first participants of the seed (the answers above take theirs from higher up).
  CHECK_IN_FIRST=$FIRST
  echo "== scenario (g): $EVENTS booths, check-ins at $CHECK_IN_RATE/s beside answers at $RATE/s for ${CHECK_IN_SECONDS}s"
  pgss "select pg_stat_statements_reset()" >/dev/null
  [ -n "${BENCH_JFR:-}" ] && jcmd "$SERVICE_PID" JFR.start name=checkins settings=profile filename="$BENCH_JFR" >/dev/null
  CHECKINS=$(driver checkins "$RATE" "$CHECK_IN_SECONDS" "$CAMPAIGN" "$CHECK_IN_ANSWER_FIRST" "$LAST" "$CHECK_IN_RATE" \
    "$CHECK_IN_FIRST" "$ADMIN_ISSUER" "$EVENTS" $regions)
  [ -n "${BENCH_JFR:-}" ] && jcmd "$SERVICE_PID" JFR.stop name=checkins >/dev/null
  pg_top_statements "$OUT/pg-top-statements-checkins.txt"
  PGSS_LOADED=$(psql -h 127.0.0.1 -U postgres -Atc "select case when current_setting('shared_preload_libraries') like '%pg_stat_statements%' then 'yes' else 'no' end" postgres)
  # The driver's warm-up checked in the first CHECK_IN_RATE participants; the measured run those after them.
  CHECK_IN_ROWS=$(psql -h 127.0.0.1 -U postgres -Atc "select count(*) from $SCHEMA.check_in where campaign_id = $CAMPAIGN
    and participant_id >= $(( CHECK_IN_FIRST + CHECK_IN_RATE ))" postgres)
  CHECK_IN_ALL_ROWS=$(psql -h 127.0.0.1 -U postgres -Atc "select count(*) from $SCHEMA.check_in where campaign_id = $CAMPAIGN" postgres)
  CHECK_IN_ROLLUP=$(psql -h 127.0.0.1 -U postgres -Atc "select coalesce(sum(check_ins), 0) from $SCHEMA.activity_rollup
    where campaign_id = $CAMPAIGN and region_code = 'CN' and parent_code = ''" postgres)
}

# The check-in section of the report, put in as the statistics section is.
checkins_report() {
  python3 - "$RESULTS" "$REPORT" <<PY
import json, sys, datetime
sys.path.insert(0, "src/bench")
from sections import put_section
r = json.loads('''$CHECKINS''')
res = json.load(open(sys.argv[1]))
lat = r["latencyMillis"]
created = int(lat.get("checkIn", {}).get("count", 0)) - sum(v for k, v in r.get("errorKinds", {}).items() if k.startswith("checkIn:"))
res["checkIns"] = {"date": datetime.datetime.utcnow().isoformat(timespec="seconds") + "Z", "command": "src/bench/run.sh $ARGS".strip(),
  "participants": $PARTICIPANTS, "answerRate": $RATE, "checkInRate": $CHECK_IN_RATE, "seconds": $CHECK_IN_SECONDS,
  "events": $EVENTS, "created": created, "rows": $CHECK_IN_ROWS, "allRows": $CHECK_IN_ALL_ROWS, "rollup": $CHECK_IN_ROLLUP, "result": r}
json.dump(res, open(sys.argv[1], "w"), indent=1)
def row(name, k):
    l = lat.get(k, {})
    return f"| {name} | {l.get('count', 0):.0f} | {l.get('p50', 0):.1f} | {l.get('p99', 0):.1f} | {l.get('p99.9', 0):.1f} | {l.get('max', 0):.1f} |"
answers = r["answers"] / r["seconds"] if r["seconds"] else 0
served = lat.get("checkIn", {}).get("count", 0) / r["seconds"] if r["seconds"] else 0
exact = created == $CHECK_IN_ROWS and $CHECK_IN_ALL_ROWS == $CHECK_IN_ROLLUP
cpu = r.get("cpuSeconds", {})
title = "## Check-ins at the 6·16 peak"
section = [title, "",
 f"Run {res['checkIns']['date']}: \`src/bench/run.sh $ARGS\`. {$PARTICIPANTS:,} participants; {$EVENTS:,} consultation booths "
 f"registered through the admin API; check-ins offered at {$CHECK_IN_RATE}/s (each a participant's first scan of a booth, with a "
 f"token not seen before) beside answers offered at {$RATE}/s, for {$CHECK_IN_SECONDS} s.", "",
 f"- Check-ins: {served:.0f}/s served, p99 {lat.get('checkIn', {}).get('p99', 0):.1f} ms (target: 2,000/s at p99 ≤ 50 ms).",
 f"- Answers beside them: {answers:.0f}/s served, p99 {lat.get('answer', {}).get('p99', 0):.1f} ms per answer (target ≤ 100 ms).",
 f"- Errors: {r['errors']} {json.dumps(r.get('errorKinds', {}))}.",
 f"- Counts afterwards: {created:,} check-ins answered 201 and {$CHECK_IN_ROWS:,} check-in rows of the measured participants; "
 f"{$CHECK_IN_ALL_ROWS:,} rows with the driver's warm-up and {$CHECK_IN_ROLLUP:,} in the country's roll-up: " + ("exact." if exact else "MISMATCH."),
 "- CPU seconds while they ran: " + ", ".join(f"{k} {v:.1f}" for k, v in cpu.items()) + ".",
 "- PostgreSQL with pg_stat_statements loaded (a few per cent of its CPU): $PGSS_LOADED.", "",
 "| request | count | p50 | p99 | p99.9 | max |", "|---|---|---|---|---|---|",
 row("check-in", "checkIn"), *[row("answers: " + k, k) for k in ("start", "current", "answer", "summary")], ""]
md = put_section(open(sys.argv[2]).read().split("\n"), title, section, "## Hazard reports with photos")
open(sys.argv[2], "w").write("\n".join(md))
print("\n".join(section))
PY
}

if [ "$ONLY" = checkins ]; then
  checkins_scenario
  stop_service
  checkins_report
  exit 0
fi

if [ "$ONLY" = statistics ]; then
  statistics_scenario
  stop_service
  statistics_report
  exit 0
fi

if [ "$ONLY" = hazards ]; then
  start_rss_sampler
  hazards
  kill $SAMPLER 2>/dev/null || true
  stop_service
  hazard_report
  exit 0
fi

# Baselines of the stores on their own: run after the answer scenarios, because the pgbench set-up writes a copy of
# 100,000 attempts and 1.5 million slots, whose dirty pages and WAL would otherwise still be going out to disk (and
# crowding the service's pages out of shared buffers) while the measured answers run.
baselines() {
  echo "== baseline: pgbench with the per-answer SQL"
  psql -h 127.0.0.1 -U postgres -q postgres <<SQL
drop table if exists $SCHEMA.bench_attempt, $SCHEMA.bench_slot;
create table $SCHEMA.bench_attempt (like $SCHEMA.attempt including all);
create table $SCHEMA.bench_slot (like $SCHEMA.attempt_question including defaults);
alter table $SCHEMA.bench_slot add primary key (attempt_id, idx);
insert into $SCHEMA.bench_attempt select * from $SCHEMA.attempt limit 100000;
insert into $SCHEMA.bench_slot (attempt_id, idx, question_id, question_version, option_order)
  select a.id, g, 'q', 1, '[]'::jsonb from $SCHEMA.bench_attempt a, generate_series(0, 14) g;
alter table $SCHEMA.bench_attempt add column n serial;
create index on $SCHEMA.bench_attempt (n);
SQL
  # What the answer path commits per answer: its one-statement write. The read before it is gone since the next question
  # is held in memory (NextQuestionCache); the service reads PostgreSQL first only on a miss.
  cat > "$OUT/answer.sql" <<SQL
\set n random(1, 100000)
\set idx random(0, 14)
with adv as (update $SCHEMA.bench_attempt set answered_count = answered_count + 1, correct_count = correct_count + 1 where n = :n returning id), rec as (update $SCHEMA.bench_slot set selected = '["x"]', correct = true, timed_out = false, answered_at = now() where attempt_id = (select id from adv) and idx = :idx) select * from adv;
SQL
  PGBENCH=$(pgbench -h 127.0.0.1 -U postgres -n -M prepared -c 16 -j 2 -T 20 -f "$OUT/answer.sql" postgres 2>&1 | tee "$OUT/pgbench.txt" | awk '/^tps/ {print $3; exit}')

  echo "== baseline: redis-benchmark, board updates"
  REDIS=$(redis-benchmark -n 300000 -P 16 -c 32 -r 1000000 -q ZADD "lb:{cbench}:board" __rand_int__ "m:__rand_int__" 2>&1 | tr '\r' '\n' | grep -o '[0-9.]* requests per second' | tail -1 | awk '{print $1}')
  redis-cli -n 0 del "lb:{cbench}:board" >/dev/null
  psql -h 127.0.0.1 -U postgres -qc "drop table if exists $SCHEMA.bench_attempt, $SCHEMA.bench_slot" postgres
}

echo "== baseline: trivial endpoint at $TRIVIAL_RATE/s"
TRIVIAL=$(driver trivial "$TRIVIAL_RATE" 15 "$MANAGEMENT_PORT")

echo "== scenario (a): answers at $RATE/s for ${SECONDS_}s"
start_rss_sampler
ANSWERS_FROM=$(date +%s)
# Checkpoints while the answers ran: each makes the next write of every page log a full page image.
checkpoints() { psql -h 127.0.0.1 -U postgres -Atc "select checkpoints_timed + checkpoints_req from pg_stat_bgwriter" postgres; }
CHECKPOINTS_BEFORE=$(checkpoints)
# BENCH_JFR=file.jfr records a JFR profile of the service during the answer scenario (for finding what limits it).
pgss "select pg_stat_statements_reset()" >/dev/null
[ -n "${BENCH_JFR:-}" ] && jcmd "$SERVICE_PID" JFR.start name=answers settings=profile filename="$BENCH_JFR" >/dev/null
ANSWERS=$(driver answers "$RATE" "$SECONDS_" "$CAMPAIGN" "$FIRST" "$LAST")
[ -n "${BENCH_JFR:-}" ] && jcmd "$SERVICE_PID" JFR.stop name=answers >/dev/null
ANSWERS_TO=$(date +%s)
CHECKPOINTS=$(( $(checkpoints) - CHECKPOINTS_BEFORE ))
LAST_CHECKPOINT=$(psql -h 127.0.0.1 -U postgres -Atc "select extract(epoch from checkpoint_time)::bigint from pg_control_checkpoint()" postgres)
# Answers per statement of the answer loop (group commit), from the service's own metrics.
BATCH=$(curl -s "http://127.0.0.1:$MANAGEMENT_PORT/q/metrics" | awk '/^anquanli_answers_batch_size_(sum|count)/ {
  match($0, /statement="[a-z]+"/); k = substr($0, RSTART + 11, RLENGTH - 12); if ($1 ~ /_sum/) s[k] = $NF; else c[k] = $NF }
  END { for (k in c) printf "%s=%.1f ", k, (c[k] ? s[k] / c[k] : 0) }')
# Answers graded from the question held in memory (hit) or after reading PostgreSQL (miss), over the service's life.
HELD=$(curl -s "http://127.0.0.1:$MANAGEMENT_PORT/q/metrics" | awk '/^anquanli_answers_held_question_lookups_total/ {
  match($0, /result="[a-z]+"/); printf "%s=%d ", substr($0, RSTART + 8, RLENGTH - 9), $NF }')
pg_top_statements "$OUT/pg-top-statements.txt"
echo "== scenario (b): boards and my-ranks at $BOARD_RATE/s for ${SECONDS_}s"
BOARDS=$(driver boards "$BOARD_RATE" "$SECONDS_" "$CAMPAIGN" "$FIRST" "$LAST")
echo "== scenario (c): lottery draws at $DRAW_RATE/s for ${SECONDS_}s"
DRAWS=$(driver draws "$DRAW_RATE" "$SECONDS_" "$CAMPAIGN" "$FIRST" "$LAST")
# Exact stock: for every tier, Redis stock + units issued (draws recorded in PostgreSQL) = units configured.
STOCK=$(psql -h 127.0.0.1 -U postgres -AtF ' ' -c "select t.id, t.rank, t.stock, (select count(*) from $SCHEMA.lottery_draw d
  where d.tier_id = t.id) from $SCHEMA.lottery_tier t where t.campaign_id = $CAMPAIGN order by t.rank" postgres |
  while read -r id rank stock issued; do
    left=$(redis-cli -n $REDIS_DB HGET "lot:{c$CAMPAIGN}:stock" "$id"); left=${left:-0}
    echo "{\"rank\": $rank, \"configured\": $stock, \"issued\": $issued, \"redis\": $left, \"exact\": $([ $((left + issued)) -eq "$stock" ] && echo true || echo false)}"
  done | paste -sd, -)
# The ratio to pgbench compares capacities: pgbench runs flat out, so the service's answers are offered above what it
# can serve too, and the rate it serves over the run (until the backlog has drained) is its capacity. The driver's 64
# connections cap what is in flight, so the backlog waits in the driver, not in the service. Last, so its backlog
# cannot touch the scenarios above. Participants after those the answer scenario used (CAPACITY_FIRST, above).
CAPACITY='{}'
if [ $(( CAPACITY_FIRST + CAPACITY_RATE * 25 / 15 )) -lt "$LAST" ]; then
  echo "== answer capacity: offered $CAPACITY_RATE/s (above capacity) for 20 s"
  CAPACITY=$(driver answers "$CAPACITY_RATE" 20 "$CAMPAIGN" "$CAPACITY_FIRST" "$LAST")
fi
baselines
# The hazard reports last: the burst fills the photo queue for minutes, and the driver returns only once it is empty.
hazards
statistics_scenario
checkins_scenario
kill $SAMPLER 2>/dev/null || true
echo "== normal restarts (data and boards in place), three with the class archive and three without"
stop_service
RSS_PEAK=$(rss_peak "$ANSWERS_FROM" "$ANSWERS_TO")
RSS_PEAK_ALL=$(awk '$2 > m {m = $2} END {print m + 0}' "$OUT/rss.log")
# One start is one sample of a noisy machine: the report gives the median of three and all three.
RESTARTS= RESTARTS_NO_CDS=
SERVICE_LOG=$OUT/restart.log
for _ in 1 2 3; do start_service; RESTARTS="$RESTARTS${RESTARTS:+, }$START_MS"; stop_service; done
for _ in 1 2 3; do start_service none; RESTARTS_NO_CDS="$RESTARTS_NO_CDS${RESTARTS_NO_CDS:+, }$START_MS"; stop_service; done

python3 - "$RESULTS" "$REPORT" <<PY
import json, sys, subprocess, datetime, statistics
res = {
  "date": datetime.datetime.utcnow().isoformat(timespec="seconds") + "Z",
  "machine": {"cpus": subprocess.getoutput("nproc"), "model": subprocess.getoutput("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip(),
              "memory": subprocess.getoutput("free -h | awk '/Mem:/ {print \$2}'")},
  "params": {"participants": $PARTICIPANTS, "historyDays": $HISTORY, "answerRate": $RATE, "boardRate": $BOARD_RATE, "drawRate": $DRAW_RATE, "seconds": $SECONDS_, "warmSeconds": $WARM_SECONDS},
  "seedSeconds": $SEED_S, "startEmptyMs": $EMPTY_START_MS, "startWithDataMs": $DATA_START_MS, "boardsRebuildMs": $BOARDS_MS, "restartMs": [$RESTARTS], "restartWithoutCdsMs": [$RESTARTS_NO_CDS], "cds": "${CDS_ARCHIVE:+$CDS_KIND}", "java": "$("$BENCH_JAVA" -version 2>&1 | head -1 | tr -d '"')",
  "rssIdleMb": $RSS_IDLE, "rssPeakMb": $RSS_PEAK, "rssPeakAllScenariosMb": $RSS_PEAK_ALL, "javaOpts": "${BENCH_JAVA_OPTS:-$DEFAULT_JAVA_OPTS}",
  "trivial": json.loads('''$TRIVIAL'''), "answers": json.loads('''$ANSWERS'''), "boards": json.loads('''$BOARDS'''),
  "draws": json.loads('''$DRAWS'''), "capacity": json.loads('''$CAPACITY'''),
  "warmup": {"answers": json.loads('''$WARM_ANSWERS'''), "boards": json.loads('''$WARM_BOARDS'''), "draws": json.loads('''$WARM_DRAWS''')},
  "drawStock": json.loads('''[$STOCK]'''),
  "answersPerStatement": dict((x.split("=")[0], float(x.split("=")[1])) for x in "$BATCH".split()),
  "heldQuestionLookups": dict((x.split("=")[0], int(x.split("=")[1])) for x in "$HELD".split()),
  "autovacuum": subprocess.getoutput("psql -h 127.0.0.1 -U postgres -Atc 'show autovacuum' postgres"),
  "checkpointsDuringAnswers": $CHECKPOINTS, "lastCheckpointEpoch": $LAST_CHECKPOINT,
  "pgbenchTps": float("${PGBENCH:-0}" or 0), "redisZaddPerSecond": float("${REDIS:-0}" or 0),
}
json.dump(res, open(sys.argv[1], "w"), indent=2)
a, b, t, dr = res["answers"], res["boards"], res["trivial"], res["draws"]
draw_rate = dr["answers"] / dr["seconds"] if dr["seconds"] else 0
exact = all(x["exact"] for x in res["drawStock"]) and len(res["drawStock"]) > 0
ans_rate = a["answers"] / a["seconds"] if a["seconds"] else 0
def row(name, r, key):
    l = r["latencyMillis"].get(key, {})
    return f"| {name} | {l.get('count', 0):.0f} | {l.get('p50', 0):.1f} | {l.get('p99', 0):.1f} | {l.get('p99.9', 0):.1f} | {l.get('max', 0):.1f} |"
cap = res["capacity"]
cap_rate = cap["answers"] / cap["seconds"] if cap.get("seconds") else 0
ratio = cap_rate / res["pgbenchTps"] if res["pgbenchTps"] else 0
# Where the answers' slow requests (> 100 ms) fell, next to the service's GC pauses of the same seconds.
import re
pauses = []
for line in open("$OUT/service.log.gc", errors="replace"):
    m = re.match(r"\[(\S+)\].*Pause (\w+).* ([0-9.]+)ms", line)
    if m:
        at = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()
        pauses.append((at, m.group(2), float(m.group(3))))
tl = a.get("timeline", {"startEpochMillis": 0, "slowRequests": 0, "slowSeconds": []})
t0 = tl["startEpochMillis"] / 1000
in_run = [(at - t0, kind, ms) for at, kind, ms in pauses if t0 <= at <= t0 + a["seconds"]]
worst = sorted(tl["slowSeconds"], key=lambda x: -x[2])[:8]
slow_in_worst = sum(x[2] for x in worst[:5])
cp_at = res["lastCheckpointEpoch"] - t0
slow_lines = [
 f"- Answer-scenario requests slower than 100 ms: {tl['slowRequests']} of {a['requests']}, in {len(tl['slowSeconds'])} of {a['seconds']:.0f} seconds; the worst 5 seconds hold {slow_in_worst}.",
 "- Worst seconds (second of the run: slow/completed, max ms): " + (", ".join(f"{s[0]}: {s[2]}/{s[1]}, {s[3]}" for s in sorted(worst)) or "none") + ".",
 f"- Service GC pauses in the run: {len(in_run)}, {sum(p[2] for p in in_run):.0f} ms in all; over 50 ms: " + (", ".join(f"{p[1]} {p[2]:.0f} ms at {p[0]:.0f} s" for p in in_run if p[2] > 50) or "none") + ".",
 f"- PostgreSQL checkpoints during the answers: {res['checkpointsDuringAnswers']}" + (f" (the last one completed at second {cp_at:.0f})" if 0 <= cp_at <= a["seconds"] + 5 else "") + ".",
]
lines = [
 "# Benchmark report", "",
 f"Run {res['date']} on {res['machine']['cpus']} CPUs ({res['machine']['model']}), {res['machine']['memory']} memory; service, PostgreSQL and Redis on the same machine; JVM: {res['java']}.",
 f"Command: \`src/bench/run.sh --participants {res['params']['participants']} --history-days {res['params']['historyDays']} --rate {res['params']['answerRate']} --board-rate {res['params']['boardRate']} --draw-rate {res['params']['drawRate']} --seconds {res['params']['seconds']} --warm-seconds {res['params']['warmSeconds']}\`", "",
 "## Results", "",
 "| measure | target | measured |", "|---|---|---|",
 f"| answers per second at constant arrival {res['params']['answerRate']}/s | ≥ 3,000, p99 ≤ 100 ms, no errors | {ans_rate:.0f}/s, p99 {a['latencyMillis'].get('answer',{}).get('p99',0):.1f} ms, {a['errors']} errors |",
 f"| answer capacity ÷ pgbench tx/s of the per-answer SQL | ≥ 0.6 | {ratio:.2f}: {cap_rate:.0f} answers/s served when {res['params']['answerRate'] * 2}/s were offered, {cap.get('errors', 0)} errors; pgbench {res['pgbenchTps']:.0f} tx/s (at the {res['params']['answerRate']}/s offered above: {ans_rate / res['pgbenchTps'] if res['pgbenchTps'] else 0:.2f}) |",
 f"| boards top-50 + my-ranks at {res['params']['boardRate']}/s | p99 ≤ 10 ms | p99 {b['latencyMillis'].get('all',{}).get('p99',0):.1f} ms, {b['errors']} errors (served {b['requests']/b['seconds']:.0f}/s) |",
 f"| lottery draws at constant arrival {res['params']['drawRate']}/s | ≥ 2,000/s with exact stock | {draw_rate:.0f}/s, p99 {dr['latencyMillis'].get('draw',{}).get('p99',0):.1f} ms, {dr['errors']} errors, stock {'exact' if exact else 'NOT exact'} |",
 f"| service RSS under answer load | < 512 MB | peak {res['rssPeakMb']} MB (idle {res['rssIdleMb']} MB; all scenarios {res['rssPeakAllScenariosMb']} MB; JVM {res['javaOpts']}) |",
 f"| start-up to ready (JVM): normal restart | < 3 s | median {statistics.median(res['restartMs']):.0f} ms of {', '.join(map(str, res['restartMs']))}" + (f" with the {res['cds']} of a training start under load; without it median {statistics.median(res['restartWithoutCdsMs']):.0f} ms of {', '.join(map(str, res['restartWithoutCdsMs']))}" if res['cds'] else "") + f" (first start on an empty database: {res['startEmptyMs']} ms; first start after seeding: {res['startWithDataMs']} ms, the boards then rebuilt from the ledger in the background in {res['boardsRebuildMs']} ms while the service served) |",
 "", "## Latency (ms, from the intended send time)", "",
 "| request | count | p50 | p99 | p99.9 | max |", "|---|---|---|---|---|---|",
 *[row("answers: " + k, a, k) for k in a["latencyMillis"]],
 *[row("boards: " + k, b, k) for k in b["latencyMillis"]],
 *[row("draws: " + k, dr, k) for k in dr["latencyMillis"]],
 *[row("trivial", t, "trivial")],
 "", "## Where the answers' slow requests fell", "", *slow_lines,
 "", f"## The first minutes after a restart (each scenario at its target rate for {res['params']['warmSeconds']} s, right after a restart from the cache, before the measured runs; not counted)", "",
 "While the JIT compiles the hot paths: what a freshly started instance gives. The measured runs above follow them.", "",
 *[f"- {k}: served {w['answers' if k != 'boards' else 'requests'] / w['seconds']:.0f}/s, p99 {w['latencyMillis'].get('all', {}).get('p99', 0):.1f} ms, {w['errors']} errors"
   + (f", service CPU {1000 * w['cpuSeconds'].get('service', 0) / w['answers']:.2f} ms per answer" if k == 'answers' and w.get('answers') else "") + "."
   for k, w in res["warmup"].items() if w.get("seconds")],
 "", "## Baselines", "",
 f"- Trivial endpoint (GET /q/health/live, management port), {$TRIVIAL_RATE}/s offered: served {t['requests']/t['seconds']:.0f}/s, p99 {t['latencyMillis'].get('trivial',{}).get('p99',0):.1f} ms, {t['errors']} errors.",
 f"- pgbench, one answer's one-statement write, each answer committed on its own (16 clients, prepared): {res['pgbenchTps']:.0f} tx/s.",
 f"- redis-benchmark ZADD (pipelined 16): {res['redisZaddPerSecond']:.0f}/s.",
 "- CPU seconds used while the measured answers ran (" + f"{a['seconds']:.0f} s × {res['machine']['cpus']} CPUs available; the driver's start, warm-up and token minting excluded): "
   + ", ".join(f"{k} {v:.1f}" for k, v in sorted(a.get("cpuSeconds", {}).items()))
   + ". Per answer (ms): " + ", ".join(f"{k} {1000 * v / a['answers']:.2f}" for k, v in sorted(a.get("cpuSeconds", {}).items()) if a["answers"]) + ".",
 "- Answers per statement (group commit, mean over the answer scenario): " + (", ".join(f"{k} {v:.1f}" for k, v in sorted(res["answersPerStatement"].items())) or "not reported") + ".",
 "- Answers graded from the question held in memory, since the service started (warm-up included): " + (", ".join(f"{k} {v}" for k, v in sorted(res["heldQuestionLookups"].items())) or "not reported") + ".",
 f"- PostgreSQL autovacuum on this machine: {res['autovacuum']}.",
 f"- Seeding {res['params']['participants']} participants with {res['params']['historyDays']} days of history: {res['seedSeconds']} s.",
 "- Prize stock after the draws (Redis + issued = configured): " + "; ".join(f"tier {x['rank']}: {x['redis']} + {x['issued']} = {x['configured']}" + ("" if x["exact"] else " MISMATCH") for x in res["drawStock"]) + ".",
 "", "Errors by kind: answers " + json.dumps(a.get("errorKinds", {}), ensure_ascii=False) + ", boards " + json.dumps(b.get("errorKinds", {}), ensure_ascii=False) + ", draws " + json.dumps(dr.get("errorKinds", {}), ensure_ascii=False),
]
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
hazard_report
statistics_report
checkins_report
