#!/usr/bin/env bash
# `make bench`: wrk against the packaged service on the local stack, side by side in one run:
#   trivial        GET  /q/health/live (no liveness checks are registered: a constant answer, the
#                  framework's ceiling for this HTTP stack, with no authentication and no I/O)
#   introspection  POST /v1/tokens/introspect with an ACTIVE trust token (portal bearer token)
#   introspection-auth-only  the same with an empty token: answered before any Redis lookup, so the
#                  cost of authenticating the portal's bearer token; the difference is the lookup
#   jwks           GET  /.well-known/jwks.json
#   status-list    GET  /v1/status-lists/1 (Accept: application/statuslist+jwt, no If-None-Match)
#   keycloak       POST Keycloak's own /realms/agency-verify/protocol/openid-connect/token/introspect
# The tokens come from the real flow (scripts/bench-flow.py). Every response is checked (2xx, and
# "active":true for both introspections). Then the whole verification (scripts/bench-verifications.py):
# time from start to trust token at several concurrencies, verification starts per second against
# Keycloak's direct grant alone, the service's memory under that load; and its start-up time. The
# figures and their ratios are appended to bench/results.md. Everything this script starts (the
# service, the demo contact, the demo DNS server, the drivers) is stopped on exit, failure included;
# the stack's servers are left as they are.
#
# Environment:
#   BENCH_PORT (18090), BENCH_RECEIVER_PORT (18089), BENCH_DNS_PORT (15363): this run's own ports
#   BENCH_REDIS_PREFIX (agency-verify-bench:): its Redis keys, deleted at the end
#   BENCH_THREADS (2), BENCH_CONNECTIONS (64: the issue's figure for p99), BENCH_DURATION (10, seconds), BENCH_WARMUP (20, seconds of
#     each endpoint in a warm-up round before any is measured: the JIT needs about 30 s of introspection
#     load on 2 cores; 5 s left C2 compiling through the measured run, at 300 µs of CPU per request)
#   BENCH_STACK (up; skip: the servers already run, do not call scripts/stack.sh up)
#   BENCH_RESULTS (bench/results.md)
#   BENCH_JAVA_OPTS (none): JVM options of the service only, e.g. a JFR recording:
#     BENCH_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/bench.jfr,settings=profile
#   BENCH_INTROSPECTION_LIMIT (10000000/1S): the service's per-portal introspection limit during the run
#   BENCH_FLOW (on; off: skip the whole-verification part), BENCH_FLOW_CONCURRENCY ("1 4 16"), BENCH_FLOW_WARMUP (40),
#     BENCH_FLOW_ROUNDS (3), BENCH_FLOW_MIN_SAMPLES (10), BENCH_FLOW_STARTS_SECONDS (8), BENCH_FLOW_OFFICERS
#     (240), BENCH_FLOW_RECEIVER_PORT (18087), BENCH_FLOW_JFR: see scripts/bench-verifications.py
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

PORT=${BENCH_PORT:-18090}
RECEIVER_PORT=${BENCH_RECEIVER_PORT:-18089}
DNS_PORT=${BENCH_DNS_PORT:-15363}
PREFIX=${BENCH_REDIS_PREFIX:-agency-verify-bench:}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-20}
RESULTS=${BENCH_RESULTS:-bench/results.md}
KEYCLOAK_URL=${KEYCLOAK_URL:-http://127.0.0.1:8180}
JAR=target/quarkus-app/quarkus-run.jar
# The bench keeps its demo-like data apart from `make run`'s (its own demo.env, DNS pid and logs).
STACK_CACHE=${AGENCY_VERIFY_CACHE:-$HOME/.cache/agency-verify}
BENCH_CACHE=$STACK_CACHE/bench

log() { echo "[bench] $*" >&2; }
die() { echo "[bench] ERROR: $*" >&2; exit 1; }
port_in_use() { [[ -n $(ss -Hltn "sport = :$1" 2>/dev/null) ]]; }
http_code() { curl -s -o /dev/null -m 3 -w '%{http_code}' "$1" 2>/dev/null || true; }

case $PREFIX in
  agency-verify:|agency-verify-test:|'') die "BENCH_REDIS_PREFIX must be the bench's own (its keys are deleted at the end), not '$PREFIX'" ;;
esac

SERVICE_PID='' CONTACT_PID='' RUN=''
cleanup() {
  local status=$?
  if [[ -n $CONTACT_PID ]]; then kill -TERM "$CONTACT_PID" 2>/dev/null || true; fi
  if [[ -n $SERVICE_PID ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    log "stopping the service (pid $SERVICE_PID)"
    kill -TERM "$SERVICE_PID" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$SERVICE_PID" 2>/dev/null || true
  fi
  bench_env scripts/demo-seed.py dns-stop 2>/dev/null || true
  if command -v redis-cli >/dev/null; then
    # Only this run's own prefix: the Redis server is shared.
    redis-cli -h 127.0.0.1 --scan --pattern "${PREFIX}*" 2>/dev/null | xargs -r -n 500 redis-cli -h 127.0.0.1 del >/dev/null 2>&1 || true
  fi
  [[ -z $RUN ]] || rm -rf "$RUN"
  ((status == 0)) || log "failed (exit $status); service log: $BENCH_CACHE/run/service.log"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# scripts/demo-seed.py and scripts/bench-flow.py, pointed at the bench's service, cache and ports.
bench_exports() {
  export AGENCY_VERIFY_CACHE=$BENCH_CACHE AGENCY_VERIFY_STACK_CACHE=$STACK_CACHE AGENCY_VERIFY_SERVICE_URL=http://127.0.0.1:$PORT \
    AGENCY_VERIFY_PUBLIC_URL=http://127.0.0.1:$PORT KEYCLOAK_URL=$KEYCLOAK_URL \
    DEMO_DNS_PORT=$DNS_PORT DEMO_DNS_FORWARD_PORT=$((DNS_PORT + 1)) DEMO_RECEIVER_PORT=$RECEIVER_PORT
}
bench_env() { (bench_exports && exec "$@"); }

# --- the stack, wrk, the jar ----------------------------------------------------------------------

if [[ ${BENCH_STACK:-up} == skip ]]; then
  log "BENCH_STACK=skip: using the servers that run (not calling scripts/stack.sh up)"
else
  # Starts only what is stopped; replaces the realm only when keycloak/ changed since it was applied.
  scripts/stack.sh up
fi
if ! command -v wrk >/dev/null; then
  log "installing Debian's wrk"
  if [[ $EUID -eq 0 ]]; then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2 \
    || { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2; }
fi
if [[ ! -f $JAR ]] || [[ -n $(find pom.xml src/main -newer "$JAR" -type f -print -quit) ]]; then
  log "building the jar (./mvnw package -DskipTests)"
  ./mvnw -B -q package -DskipTests
fi
FLOW=${BENCH_FLOW:-on}
FLOW_RECEIVER_PORT=${BENCH_FLOW_RECEIVER_PORT:-18087}
for port in "$PORT" "$RECEIVER_PORT" "$DNS_PORT" "$FLOW_RECEIVER_PORT"; do
  port_in_use "$port" && die "port $port is taken: set BENCH_PORT, BENCH_RECEIVER_PORT, BENCH_DNS_PORT or BENCH_FLOW_RECEIVER_PORT"
done
mkdir -p "$BENCH_CACHE/run"
RUN=$(mktemp -d "$BENCH_CACHE/run/wrk.XXXXXX")
chmod 700 "$RUN"

# --- the service ----------------------------------------------------------------------------------

eval "$(scripts/stack.sh env)"   # this machine's keys: the same database, so the same key-encryption key
# The database is `make run`'s; Redis keys, ports and demo data are the bench's own. LOCAL ONLY, as in
# scripts/demo-run.sh: plain http webhooks on loopback for the demo contact. The scheduled re-check of
# proved domains is off: it would ask the bench's DNS server about every agency in the database.
# The per-portal introspection limit (3000/1S by default) is raised out of reach: wrk would hit it and
# measure 429s; so are the limits of verification starts (from one address, one portal, one requester:
# the bench's, at tens per second) and of the agency's answers from one address, and the operators'
# (the bench's officers are enrolled through the admin API). Each limiter still runs on every request,
# so its cost stays in the figures. The risk policy is the deployment's but for officer-velocity: the
# token above comes from one demo officer, and after ten runs in an hour its finding would ask for the
# demo agency's second contact too, a person (the signal is still computed on every start).
bench_env scripts/demo-seed.py dns-start >/dev/null 2>&1 || true   # the bench domain, when seeded before
unlimited=10000000/1M
AGENCY_VERIFY_RATE_LIMITS_INTROSPECTION_PER_PORTAL=${BENCH_INTROSPECTION_LIMIT:-10000000/1S} \
AGENCY_VERIFY_RATE_LIMITS_VERIFICATION_START_PER_IP=$unlimited AGENCY_VERIFY_RATE_LIMITS_VERIFICATION_START_PER_PORTAL=$unlimited \
  AGENCY_VERIFY_RATE_LIMITS_VERIFICATION_START_PER_REQUESTER=$unlimited \
  AGENCY_VERIFY_RATE_LIMITS_VERIFICATION_START_PER_REQUESTER_EMAIL=$unlimited \
  AGENCY_VERIFY_RATE_LIMITS_VERIFICATION_START_PER_OFFICER=$unlimited AGENCY_VERIFY_RATE_LIMITS_VERIFICATION_START_PER_AGENCY=$unlimited \
  AGENCY_VERIFY_RATE_LIMITS_CONFIRMATION_PER_IP=$unlimited AGENCY_VERIFY_RATE_LIMITS_ADMIN_PER_CALLER=$unlimited \
  AGENCY_VERIFY_RISK_VELOCITY_MAX=10000000 \
QUARKUS_HTTP_PORT=$PORT AGENCY_VERIFY_PUBLIC_URL=http://127.0.0.1:$PORT AGENCY_VERIFY_REDIS_KEY_PREFIX=$PREFIX \
  AGENCY_VERIFY_OUTBOUND_REQUIRE_HTTPS=false AGENCY_VERIFY_OUTBOUND_ALLOWED_INTERNAL_ADDRESSES=127.0.0.1,::1 \
  AGENCY_VERIFY_AGENCIES_DOMAINS_RESOLVER=127.0.0.1:$DNS_PORT AGENCY_VERIFY_AGENCIES_DOMAINS_RECHECK_EVERY=off \
  java ${BENCH_JAVA_OPTS:-} -jar "$JAR" >"$BENCH_CACHE/run/service.log" 2>&1 &
SERVICE_PID=$!
launched_ms=$(date +%s%3N)
log "service starting on http://127.0.0.1:$PORT (pid $SERVICE_PID, Redis prefix $PREFIX, log $BENCH_CACHE/run/service.log)"
start=$SECONDS
until [[ $(http_code "http://127.0.0.1:$PORT/q/health/ready") == 200 ]]; do
  kill -0 "$SERVICE_PID" 2>/dev/null || die "the service exited before it was ready"
  ((SECONDS - start < 120)) || die "the service is not ready after 120 s (see /q/health/ready)"
  sleep 0.1
done
# Start-up: from the JVM's launch to the first 200 of /q/health/ready (polled every 0.1 s, PostgreSQL,
# Redis and Keycloak checked), and Quarkus' own figure (its "started in" line: from the JVM's start).
READY_MS=$(($(date +%s%3N) - launched_ms))
STARTED_IN=$(grep -o 'started in [0-9.]*s' "$BENCH_CACHE/run/service.log" | sed -n 1p | sed 's/started in //; s/s$//')
RSS_READY_KB=$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVICE_PID/status")
log "service ready in ${READY_MS} ms (Quarkus: started in ${STARTED_IN:-?}); VmRSS $((RSS_READY_KB / 1024)) MB"

# --- a real ACTIVE trust token ------------------------------------------------------------------

bench_env scripts/bench-flow.py seed
# exec: $! is then the JVM itself, which the cleanup stops.
(bench_exports && exec java scripts/demo-contact.java --port "$RECEIVER_PORT" --auto-approve --env-file "$BENCH_CACHE/demo.env") \
  >"$BENCH_CACHE/run/contact.log" 2>&1 </dev/null &
CONTACT_PID=$!
for _ in $(seq 1 60); do
  grep -q 'listening on' "$BENCH_CACHE/run/contact.log" 2>/dev/null && break
  kill -0 "$CONTACT_PID" 2>/dev/null || die "the demo contact exited (see $BENCH_CACHE/run/contact.log)"
  sleep 0.5
done
log "demo contact approving on http://127.0.0.1:$RECEIVER_PORT/ (log $BENCH_CACHE/run/contact.log)"
bench_env scripts/bench-flow.py prepare "$RUN"
kill -TERM "$CONTACT_PID" 2>/dev/null || true
CONTACT_PID=''
[[ $FLOW == off ]] || bench_env scripts/bench-verifications.py seed

# --- wrk --------------------------------------------------------------------------------------------

declare -A FIGURES
# A slow answer counts in the latency, not as an error: the machine may be shared and busy.
run_wrk() {
  local name=$1 url=$2 seconds=$3 out
  out=$(BENCH_REQUEST=$RUN/$name.req BENCH_EXPECT=$(cat "$RUN/$name.expect") \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s -s bench/wrk.lua "$url") || die "wrk failed for $name: $out"
  grep '^BENCH ' <<<"$out" | sed 's/^BENCH //'
}
field() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }
# CPU time (user + system, in clock ticks) of a process and its threads: requests/s depend on what
# else the machine runs, CPU per request much less.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
KC_PID=$(ss -Hltnp "sport = :${KEYCLOAK_URL##*:}" 2>/dev/null | grep -o 'pid=[0-9]*' | sed -n 1p | cut -d= -f2 || true)

warm() {
  log "$1: ${WARMUP} s warm-up (not counted)"
  run_wrk "$1" "$2" "$WARMUP" >/dev/null
}
bench() {
  local name=$1 url=$2 server_pid=$3 line before after
  log "$name: ${DURATION} s measured ($THREADS threads, $CONNECTIONS connections)"
  before=$(cpu_ticks "$server_pid")
  line=$(run_wrk "$name" "$url" "$DURATION")
  after=$(cpu_ticks "$server_pid")
  line="$line cpu_us_per_request=$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$(field "$line" requests)" \
    'BEGIN { printf "%.0f", n ? t * 1e6 / hz / n : 0 }')"
  log "$name: $line"
  if [[ $(field "$line" non2xx) != 0 || $(field "$line" unexpected) != 0 || $(field "$line" socket_errors) != 0
        || $(field "$line" checked) == 0 ]]; then
    die "$name: not every response was a 2xx with $(cat "$RUN/$name.expect") ($line)"
  fi
  FIGURES[$name]=$line
}

# Every endpoint warmed up before any is measured: a path measured cold pays for its JIT compilation
# (and the first measured paths warm up code the later ones share, which skewed their comparison).
for name in trivial introspection introspection-auth-only jwks status-list; do warm "$name" "http://127.0.0.1:$PORT"; done
warm keycloak-introspection "$KEYCLOAK_URL"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
bench trivial "http://127.0.0.1:$PORT" "$SERVICE_PID"
bench introspection "http://127.0.0.1:$PORT" "$SERVICE_PID"
bench introspection-auth-only "http://127.0.0.1:$PORT" "$SERVICE_PID"
bench jwks "http://127.0.0.1:$PORT" "$SERVICE_PID"
bench status-list "http://127.0.0.1:$PORT" "$SERVICE_PID"
bench keycloak-introspection "$KEYCLOAK_URL" "${KC_PID:-0}"
RSS_WRK_KB=$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVICE_PID/status")
log "one core's cost of checking a token: bench/TokenCheckCost.java (JDK classes only)"
COST=$(java bench/TokenCheckCost.java 2)
if [[ $FLOW != off ]]; then
  LOAD_FLOW=$(cut -d' ' -f1-3 /proc/loadavg)
  log "the whole verification: scripts/bench-verifications.py (a few minutes)"
  BENCH_SERVICE_PID=$SERVICE_PID BENCH_KEYCLOAK_PID=${KC_PID:-0} bench_env scripts/bench-verifications.py run "$RUN/flow.md"
fi

# --- results ----------------------------------------------------------------------------------------

rps() { field "${FIGURES[$1]}" rps; }
ms() { awk -v us="$(field "${FIGURES[$1]}" "$2")" 'BEGIN { printf "%.2f", us / 1000 }'; }
ratio() { awk -v a="$(rps "$1")" -v b="$(rps "$2")" 'BEGIN { printf "%.2f", a / b }'; }
row() {
  printf '| %s | %s | %.0f | %s | %s | %s | %s |\n' "$1" "$2" "$(rps "$1")" "$(ms "$1" p50_us)" "$(ms "$1" p99_us)" \
    "$(field "${FIGURES[$1]}" cpu_us_per_request)" "$(field "${FIGURES[$1]}" checked)"
}

kc_home=$(tr '\0' '\n' <"/proc/${KC_PID:-0}/cmdline" 2>/dev/null | sed -n 's/^-Dkc.home.dir=//p' | sed -n 1p)
kc_version=$(basename "$(cd "${kc_home:-/nonexistent}" 2>/dev/null && pwd -P || echo unknown)" | sed 's/^keycloak-//')
mkdir -p "$(dirname "$RESULTS")"
[[ -s $RESULTS ]] || printf '# Benchmark results (`make bench`)\n\nAppended by scripts/bench.sh, newest last. Method and reading: see the end of README "Performance".\n' >"$RESULTS"
# Before the append below: its own first line would make the tree look changed.
heading="## $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo '+changes')"
{
  echo
  echo "$heading"
  echo
  echo "- Machine: $(nproc) cores ($(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | sed -n 1p)), load average $LOAD_BEFORE before the run;"
  echo "  wrk, the service, Keycloak, PostgreSQL and Redis all on it (shared with other work)"
  echo "- JDK: $(java -version 2>&1 | sed -n 1p); Redis $(redis-cli -h 127.0.0.1 info server 2>/dev/null | tr -d '\r' | sed -n 's/^redis_version://p');" \
       "Keycloak ${kc_version:-unknown}; $(wrk -v 2>&1 | sed -n 1p | cut -d' ' -f1-2)"
  echo "- wrk: $THREADS threads, $CONNECTIONS connections, ${DURATION} s per endpoint after a warm-up round of ${WARMUP} s each (not counted);" \
       "every response checked: 2xx, and \`\"active\":true\` for both introspections"
  echo "- Trust token: $(cat "$RUN/token-facts")"
  echo
  echo '| endpoint | request | requests/s | p50 ms | p99 ms | server CPU µs/request | responses checked |'
  echo '|---|---|---:|---:|---:|---:|---:|'
  row trivial 'GET /q/health/live'
  row introspection 'POST /v1/tokens/introspect (active token)'
  row introspection-auth-only 'POST /v1/tokens/introspect (empty token: portal authentication only)'
  row jwks 'GET /.well-known/jwks.json'
  row status-list 'GET /v1/status-lists/1 (statuslist+jwt)'
  row keycloak-introspection "POST Keycloak .../token/introspect (active token)"
  echo
  echo "Ratios (requests/s): introspection / trivial **$(ratio introspection trivial)**, jwks / trivial **$(ratio jwks trivial)**," \
       "status list / trivial **$(ratio status-list trivial)**," \
       "introspection / Keycloak introspection **$(ratio introspection keycloak-introspection)**"
  echo
  echo "One core, JDK only (bench/TokenCheckCost.java): ES256 verify $(field "$COST" es256_verify_per_s)/s" \
       "($(field "$COST" provider)); SHA-256 of a token-sized input $(field "$COST" sha256_per_s)/s." \
       "Introspection does the SHA-256 and, for a token it read lately, no Redis call (one lease of rate-limit slots per batch), never the ES256 verify."
  echo
  echo "Start-up: JVM launch to the first 200 of /q/health/ready **${READY_MS} ms** (Quarkus: \"started in ${STARTED_IN:-?}s\");" \
       "VmRSS $((RSS_READY_KB / 1024)) MB when ready, $((RSS_WRK_KB / 1024)) MB after the wrk runs."
  if [[ $FLOW != off ]]; then
    echo "Load average before the whole-verification part: $LOAD_FLOW."
    cat "$RUN/flow.md"
  fi
} >>"$RESULTS"
log "results appended to $RESULTS:"
# The last section: awk reads the whole file (no early exit upstream: `tac | sed q` died of SIGPIPE under
# pipefail, so a good run exited 141).
awk '/^## /{section=""} {section=section $0 "\n"} END{printf "%s", section}' "$RESULTS" >&2
