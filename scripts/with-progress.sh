#!/usr/bin/env bash
# Runs a long command and, while it runs, prints "LABEL: still working (N s)" every
# PROGRESS_EVERY seconds (15) on stderr, so a first run's silent minutes (Maven resolving its
# dependencies, say) show that something is happening. Exits with the command's status.
#   scripts/with-progress.sh "[make] build" ./mvnw -B -ntp package
set -uo pipefail
label=$1
shift
every=${PROGRESS_EVERY:-15}
"$@" &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null' INT TERM
start=$SECONDS
next=$every
while kill -0 "$pid" 2>/dev/null; do
  sleep 1
  if ((SECONDS - start >= next)) && kill -0 "$pid" 2>/dev/null; then
    echo "$label: still working ($((SECONDS - start)) s)" >&2
    next=$((next + every))
  fi
done
wait "$pid"
