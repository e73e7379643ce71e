#!/usr/bin/env bash
# What `make run` runs once the stack is up and the jar built: the packaged service in the
# foreground, and demo data (scripts/demo-seed.py) seeded as soon as it is ready, so a newcomer can
# try a verification at once (README "Demo: a whole verification with curl").
#
# Environment: QUARKUS_HTTP_PORT (8080), DEMO (on; off: no demo data, no demo overrides),
# DEMO_DNS_PORT (15353), DEMO_DNS_FORWARD_PORT (15354), DEMO_RECEIVER_PORT (8089),
# AGENCY_VERIFY_DEMO_CACHE (the stack's cache, ~/.cache/agency-verify: where demo.env and the demo DNS
# server's pid go), and whatever the service itself reads (README "Configuration"), e.g.
# QUARKUS_DATASOURCE_JDBC_URL and AGENCY_VERIFY_REDIS_KEY_PREFIX. A second instance (ReadmeDemoIT) sets
# them all to its own, so it never meets a person's `make run`.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PORT=${QUARKUS_HTTP_PORT:-8080}
DEMO=${DEMO:-on}
READY_TIMEOUT=${READY_TIMEOUT:-180}

log() { echo "[demo] $*" >&2; }

# scripts/demo-seed.py keeps the demo data in AGENCY_VERIFY_CACHE and reads the stack's files (local
# operators, client secrets) from AGENCY_VERIFY_STACK_CACHE.
STACK_CACHE=${AGENCY_VERIFY_CACHE:-$HOME/.cache/agency-verify}
export AGENCY_VERIFY_STACK_CACHE=$STACK_CACHE
DEMO_CACHE=${AGENCY_VERIFY_DEMO_CACHE:-$STACK_CACHE}
seed() { AGENCY_VERIFY_CACHE=$DEMO_CACHE scripts/demo-seed.py "$@"; }

# This machine's own keys (generated once by the stack script, never in git).
eval "$(scripts/stack.sh env)"

if [[ $DEMO != off ]]; then
  export DEMO_DNS_PORT=${DEMO_DNS_PORT:-15353}
  export AGENCY_VERIFY_SERVICE_URL=http://127.0.0.1:$PORT
  export AGENCY_VERIFY_PUBLIC_URL=${AGENCY_VERIFY_PUBLIC_URL:-http://localhost:$PORT}
  # LOCAL ONLY. The jar runs in the prod profile, which allows only https webhook URLs on public
  # addresses; the demo's webhook contact is scripts/demo-contact.java on http://127.0.0.1. Never
  # set these two in a deployment.
  export AGENCY_VERIFY_OUTBOUND_REQUIRE_HTTPS=${AGENCY_VERIFY_OUTBOUND_REQUIRE_HTTPS:-false}
  export AGENCY_VERIFY_OUTBOUND_ALLOWED_INTERNAL_ADDRESSES=${AGENCY_VERIFY_OUTBOUND_ALLOWED_INTERNAL_ADDRESSES:-127.0.0.1,::1}
  # The demo domain is proved (and re-checked) against the demo's own DNS server, which passes
  # every other name on to 127.0.0.1:$DEMO_DNS_FORWARD_PORT (a DNS server of your own, if any).
  export AGENCY_VERIFY_AGENCIES_DOMAINS_RESOLVER=${AGENCY_VERIFY_AGENCIES_DOMAINS_RESOLVER:-127.0.0.1:$DEMO_DNS_PORT}
  # Before the service starts: its first re-check of proved domains runs at start.
  seed dns-start || true
fi

java -jar target/quarkus-app/quarkus-run.jar &
SERVICE_PID=$!
stop() {
  kill -TERM "$SERVICE_PID" 2>/dev/null || true
  wait "$SERVICE_PID" 2>/dev/null || true
  [[ $DEMO == off ]] || seed dns-stop || true
}
trap stop EXIT
trap 'exit 130' INT TERM

if [[ $DEMO != off ]]; then
  start=$SECONDS
  until [[ $(curl -s -o /dev/null -m 3 -w '%{http_code}' "http://127.0.0.1:$PORT/q/health/ready" || true) == 200 ]]; do
    kill -0 "$SERVICE_PID" 2>/dev/null || { log "the service exited before it was ready"; exit 1; }
    if ((SECONDS - start > READY_TIMEOUT)); then
      log "the service is not ready after ${READY_TIMEOUT}s: no demo data (see /q/health/ready)"
      break
    fi
    sleep 1
  done
  if ((SECONDS - start <= READY_TIMEOUT)); then
    # A failed seed leaves the service running: the rest of the README works without demo data.
    seed seed || log "seeding failed (see above); the service keeps running"
  fi
fi

wait "$SERVICE_PID"
