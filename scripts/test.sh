#!/usr/bin/env bash
# make test: every test, in two lanes side by side.
#   lane a: the surefire test classes that scripts/test-lane-a.txt names;
#   lane b: every other surefire test class, then the *IT tests (failsafe) against the packaged jar.
# Two lanes keep two cores busy while one lane waits (TOTP windows, padded refusals, browsers); the suite
# is then bound by CPU, so a new test profile or server boot costs both lanes. Surefire's own forkCount>1 would
# restart Quarkus for every class, so each lane is a Maven run of its own (one JVM, forkCount=1) with its
# own test database and Redis key prefix; the shared servers (Keycloak, GreenMail per JVM) are used by
# both, which the tests allow: each makes its own users, realms and addresses.
# With MVN_ARGS (a chosen test: make test MVN_ARGS='-Dtest=X'), one lane runs `mvn verify` as before.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

MVNW=./mvnw
LANE_A_LIST=scripts/test-lane-a.txt
LANE_B_DATABASE=agency_verify_test_b
LANE_B_PREFIX=agency-verify-test-b:

eval "$(scripts/stack.sh test-env)"

if [[ -n ${MVN_ARGS:-} ]]; then
  # shellcheck disable=SC2086 # MVN_ARGS is a list of flags
  exec $MVNW -B verify $MVN_ARGS
fi

# One build first: compile, the test classes, the packaged jar; surefire runs nothing but resolves its
# provider, so the lanes never download the same artifact at once.
$MVNW -B -ntp package -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false || exit $?

mkdir -p target/lanes
grep -v '^\s*\(#\|$\)' "$LANE_A_LIST" >target/lanes/a-includes.txt
# Lane b excludes lane a's classes, and inner classes as surefire's default exclusion does (an
# excludes file replaces that default).
{ cat target/lanes/a-includes.txt; echo '**/*$*'; } >target/lanes/b-excludes.txt

# Prefixes each line of a lane's output with its name; the lane's status is Maven's.
lane() {
  local name=$1
  shift
  "$@" 2>&1 | sed -u "s/^/[lane $name] /"
  return "${PIPESTATUS[0]}"
}

started=$SECONDS
lane a $MVNW -B -ntp surefire:test -Dsurefire.includesFile=target/lanes/a-includes.txt \
  '-D%test.quarkus.log.file.path=target/quarkus-test.log' &
lane_a=$!

{
  # Lane b's settings reach every JVM it starts: the tests' (as -D) and the packaged jars the *IT tests
  # start in the test profile (as the environment, which Quarkus reads as %test.KEY: _TEST_KEY).
  lane_b_settings=(
    "%test.quarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:5432/$LANE_B_DATABASE"
    "%test.agency-verify.redis.key-prefix=$LANE_B_PREFIX"
    "%test.quarkus.log.file.path=target/quarkus-test-b.log"
  )
  flags=()
  for setting in "${lane_b_settings[@]}"; do
    flags+=("-D$setting")
    name=${setting%%=*}
    name=${name//[^A-Za-z0-9]/_}
    export "${name^^}=${setting#*=}"
  done
  lane b $MVNW -B -ntp surefire:test -Dsurefire.excludesFile=target/lanes/b-excludes.txt "${flags[@]}"
  surefire_b=$?
  echo "[lane b] surefire finished in $((SECONDS - started)) s (status $surefire_b); now the *IT tests"
  lane b $MVNW -B -ntp failsafe:integration-test failsafe:verify "${flags[@]}"
  failsafe_b=$?
  ((surefire_b == 0 && failsafe_b == 0))
} &
lane_b=$!

wait "$lane_a"
lane_a_status=$?
echo "[make test] lane a finished in $((SECONDS - started)) s (status $lane_a_status)"
wait "$lane_b"
lane_b_status=$?
echo "[make test] lane b finished in $((SECONDS - started)) s (status $lane_b_status)"

if ((lane_a_status != 0 || lane_b_status != 0)); then
  echo "[make test] FAILED: lane a status $lane_a_status, lane b status $lane_b_status (search the output for '[ERROR]')"
  exit 1
fi
echo "[make test] all tests passed"
