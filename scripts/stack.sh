#!/usr/bin/env bash
# The local servers agency-verify talks to: PostgreSQL, Redis, Keycloak and an SMTP server, all on loopback.
#
#   scripts/stack.sh up           install what is missing, start what is stopped, leave alone what runs
#   scripts/stack.sh down         stop only what this project started
#   scripts/stack.sh status       one line per server: up/down and who started it
#   scripts/stack.sh kc-aux-home  print the Keycloak copy that tests start their own instances from
#   scripts/stack.sh env          print export lines of this machine's local keys and client secrets (make run / make dev)
#   scripts/stack.sh test-env     print export lines of this machine's local Keycloak client secrets only (make test)
#   scripts/stack.sh apply-local URL   apply the local realm additions to the Keycloak at URL (tests' own Keycloaks)
#
# Environment (defaults match src/main/resources/application.properties):
#   AGENCY_VERIFY_CACHE          $HOME/.cache/agency-verify  (Keycloak copies, logs, pid files, markers)
#   PG_PORT                      5432
#   REDIS_PORT                   6379
#   KEYCLOAK_PORT                8180
#   KEYCLOAK_MANAGEMENT_PORT     9180   (health endpoints)
#   KEYCLOAK_ADMIN_USER          admin  (bootstrap admin of the master realm, used only on first boot)
#   KEYCLOAK_ADMIN_PASSWORD      admin
#   KEYCLOAK_READY_TIMEOUT       180    (seconds to wait for the realm to answer)
#   SMTP_PORT                    1025   (local SMTP server: every message lands in $AGENCY_VERIFY_CACHE/run/mail)
#   SMTP_KEEP_DAYS               7      (days of mail kept in the Maildir; older messages are pruned on up)
#
# Machines may be shared: servers this script did not start are never stopped or reconfigured.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

PG_PORT=${PG_PORT:-5432}
REDIS_PORT=${REDIS_PORT:-6379}
KEYCLOAK_PORT=${KEYCLOAK_PORT:-8180}
KEYCLOAK_MANAGEMENT_PORT=${KEYCLOAK_MANAGEMENT_PORT:-9180}
KEYCLOAK_ADMIN_USER=${KEYCLOAK_ADMIN_USER:-admin}
KEYCLOAK_ADMIN_PASSWORD=${KEYCLOAK_ADMIN_PASSWORD:-admin}
KEYCLOAK_READY_TIMEOUT=${KEYCLOAK_READY_TIMEOUT:-180}
SMTP_PORT=${SMTP_PORT:-1025}
# Debian's python3 (the aiosmtpd package installs there), not whatever python3 is first on PATH.
SMTP_PYTHON=/usr/bin/python3

DB_ROLE=agency_verify
DB_PASSWORD=agency_verify_local
# agency_verify_test_b: lane b of make test (scripts/test.sh)
DATABASES=(agency_verify agency_verify_test agency_verify_test_b)

KC_VERSION=26.7.3
KC_ARTIFACT=org.keycloak:keycloak-quarkus-dist:${KC_VERSION}:zip
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
REALM=agency-verify
REALM_FILE=$ROOT/keycloak/realm-${REALM}.json
# LOCAL ONLY additions on top of the production realm file (client secrets, loopback redirects, demo operator).
REALM_LOCAL_FILE=$ROOT/keycloak/realm-local.json
# The project's Keycloak providers (authenticators), built from keycloak/extension into every copy's providers/.
EXT_DIR=$ROOT/keycloak/extension
EXT_JAR=$EXT_DIR/target/agency-verify-keycloak.jar

# Set by init_paths (the cache directory is created and resolved first).
CACHE='' RUN_DIR='' KC_HOME='' KC_AUX_HOME='' KC_PID_FILE='' KC_LOG=''
REDIS_MARKER='' PG_MARKER='' SMTP_PID_FILE='' SMTP_LOG='' MAIL_DIR=''

APT_UPDATED=false
INSTALLED_NOW=()
# Set when the stack's Keycloak copy got other providers than it runs with (it is then restarted).
KC_PROVIDERS_CHANGED=false

# --- small helpers ------------------------------------------------------------------------------

log() { echo "[stack] $*" >&2; }
die() { echo "[stack] ERROR: $*" >&2; exit 1; }

init_paths() {
  local cache=${AGENCY_VERIFY_CACHE:-$HOME/.cache/agency-verify}
  mkdir -p "$cache/run"
  # Resolved, because Keycloak reports its home directory without symlinks.
  CACHE=$(cd "$cache" && pwd -P)
  RUN_DIR=$CACHE/run
  KC_HOME=$CACHE/keycloak-$KC_VERSION
  KC_AUX_HOME=$CACHE/keycloak-$KC_VERSION-aux
  KC_PID_FILE=$RUN_DIR/keycloak.pid
  KC_LOG=$RUN_DIR/keycloak.log
  REDIS_MARKER=$RUN_DIR/redis.started-by-agency-verify
  PG_MARKER=$RUN_DIR/postgresql.started-by-agency-verify
  SMTP_PID_FILE=$RUN_DIR/smtp.pid
  SMTP_LOG=$RUN_DIR/smtp.log
  MAIL_DIR=$RUN_DIR/mail
}

as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root (or sudo) for: $*"
  fi
}

# Runs a command as the postgres OS user, from a directory it can read.
as_postgres() {
  if [[ $EUID -eq 0 ]]; then (cd / && runuser -u postgres -- "$@")
  else (cd / && as_root -u postgres "$@")
  fi
}

pid_alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }

# Pid of the process listening on 127.0.0.1/any address at TCP port $1 (empty if none or unknown).
listener_pid() {
  ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2 || true
}

port_in_use() { [[ -n $(ss -Hltn "sport = :$1" 2>/dev/null) ]]; }

# Which addresses listen on TCP port $1, e.g. "127.0.0.1:8180".
listen_addresses() { ss -Hltn "sport = :$1" 2>/dev/null | awk '{print $4}' | sort -u | paste -sd' ' -; }

http_code() { curl -s -o /dev/null -m 3 -w '%{http_code}' "$1" 2>/dev/null || true; }

# --- packages -----------------------------------------------------------------------------------

apt_install() {
  if [[ $APT_UPDATED == false ]]; then
    log "installing missing packages: $* (apt-get update first)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=true
  else
    log "installing missing packages: $*"
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
  INSTALLED_NOW+=("$@")
}

installed_now() { [[ " ${INSTALLED_NOW[*]:-} " == *" $1 "* ]]; }

postgres_installed() {
  command -v pg_lsclusters >/dev/null && command -v psql >/dev/null && command -v pg_isready >/dev/null \
    && compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null
}

java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1; }

ensure_packages() {
  local missing=()
  command -v curl >/dev/null || missing+=(curl)
  command -v unzip >/dev/null || missing+=(unzip)
  command -v ss >/dev/null || missing+=(iproute2)
  postgres_installed || missing+=(postgresql)
  { command -v redis-server >/dev/null && command -v redis-cli >/dev/null; } || missing+=(redis-server)
  command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
  # Tests run a real DNS server (dnsmasq on a spare loopback port) for domain challenges.
  { [[ -x /usr/sbin/dnsmasq ]] || command -v dnsmasq >/dev/null; } || missing+=(dnsmasq-base)
  # The email approval page is tested in headless Chromium (Selenium drives Debian's own driver).
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  [[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
  # The local SMTP server (Keycloak's invitations, contact notifications) is aiosmtpd.
  { [[ -x $SMTP_PYTHON ]] && "$SMTP_PYTHON" -c 'import aiosmtpd' 2>/dev/null; } || missing+=(python3-aiosmtpd)
  if ((${#missing[@]})); then apt_install "${missing[@]}"; fi
  local major
  major=$(java_major)
  [[ -n $major && $major -ge 17 ]] || die "Keycloak $KC_VERSION and the service need Java 17 or later; 'java' is version ${major:-unknown}"
}

# --- PostgreSQL ---------------------------------------------------------------------------------

# "version name status" of the cluster configured on PG_PORT (empty if none).
pg_cluster_on_port() {
  pg_lsclusters -h 2>/dev/null | awk -v port="$PG_PORT" '$3 == port {print $1, $2, $4; exit}'
}

pg_ready() { pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -t 2; }

pg_postmaster_pid() {
  local version=$1 name=$2 datadir
  datadir=$(pg_lsclusters -h | awk -v v="$version" -v n="$name" '$1 == v && $2 == n {print $6}')
  head -n1 "$datadir/postmaster.pid" 2>/dev/null || true
}

mark_pg_started() {
  local version=$1 name=$2
  echo "$version $name $(pg_postmaster_pid "$version" "$name")" >"$PG_MARKER"
}

# Cluster and pid recorded by the marker if that postmaster still runs, else nothing.
pg_marker_valid() {
  [[ -f $PG_MARKER ]] || return 1
  local version name pid
  read -r version name pid <"$PG_MARKER" || return 1
  [[ -n ${pid:-} && $(pg_postmaster_pid "$version" "$name") == "$pid" ]] && pid_alive "$pid"
}

pg_create_cluster() {
  local version
  version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n1)
  log "postgresql: no cluster yet: creating $version/main on port $PG_PORT"
  as_root pg_createcluster --port "$PG_PORT" "$version" main >&2
}

pg_start_cluster() {
  local version=$1 name=$2
  log "postgresql: starting cluster $version/$name"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start
  local i
  for ((i = 0; i < 30; i++)); do pg_ready && break; sleep 1; done
  pg_ready || die "postgresql: cluster $version/$name did not accept connections on 127.0.0.1:$PG_PORT (see /var/log/postgresql/postgresql-$version-$name.log)"
  mark_pg_started "$version" "$name"
}

psql_admin() { as_postgres psql -p "$PG_PORT" -X -q -t -A -v ON_ERROR_STOP=1 "$@"; }

pg_can_login() {
  local db=$1
  PGPASSWORD=$DB_PASSWORD psql -h 127.0.0.1 -p "$PG_PORT" -U "$DB_ROLE" -d "$db" -X -q -t -A \
    -c 'select 1' >/dev/null 2>&1
}

pg_ensure_role_and_databases() {
  if [[ -z $(psql_admin -c "select 1 from pg_roles where rolname = '$DB_ROLE'") ]]; then
    log "postgresql: creating role $DB_ROLE"
    psql_admin -c "create role $DB_ROLE login password '$DB_PASSWORD'"
  fi
  local db
  for db in "${DATABASES[@]}"; do
    if [[ -z $(psql_admin -c "select 1 from pg_database where datname = '$db'") ]]; then
      log "postgresql: creating database $db owned by $DB_ROLE"
      psql_admin -c "create database $db owner $DB_ROLE"
    fi
  done
  if ! pg_can_login "${DATABASES[0]}"; then
    log "postgresql: $DB_ROLE cannot log in over TCP: resetting its password and LOGIN"
    psql_admin -c "alter role $DB_ROLE with login password '$DB_PASSWORD'"
  fi
  for db in "${DATABASES[@]}"; do
    pg_can_login "$db" || die "postgresql: '$DB_ROLE' cannot connect to '$db' on 127.0.0.1:$PG_PORT with its password (check pg_hba.conf)"
  done
}

postgres_up() {
  local cluster
  cluster=$(pg_cluster_on_port)
  if [[ -z $cluster ]]; then
    [[ -z $(pg_lsclusters -h 2>/dev/null) ]] \
      || die "postgresql: clusters exist but none is configured on port $PG_PORT (pg_lsclusters); set PG_PORT or start one there"
    pg_create_cluster
    cluster=$(pg_cluster_on_port)
  fi
  local version name status
  read -r version name status <<<"$cluster"
  if [[ $status == online* ]]; then
    if installed_now postgresql; then mark_pg_started "$version" "$name"; fi
  else
    pg_start_cluster "$version" "$name"
  fi
  pg_ready || die "postgresql: cluster $version/$name is $status but 127.0.0.1:$PG_PORT does not accept connections"
  pg_ensure_role_and_databases
  log "postgresql: up on 127.0.0.1:$PG_PORT, databases ${DATABASES[*]} ready ($(pg_owner_text))"
}

pg_owner_text() { if pg_marker_valid; then echo "started by this project"; else echo "not started by this project"; fi; }

postgres_down() {
  if ! pg_marker_valid; then
    rm -f "$PG_MARKER"
    log "postgresql: not started by this project: left running as it is"
    return
  fi
  local version name pid
  read -r version name pid <"$PG_MARKER"
  log "postgresql: stopping cluster $version/$name (started by this project)"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$name" stop
  rm -f "$PG_MARKER"
}

postgres_status() {
  local state=down
  pg_ready 2>/dev/null && state=up
  echo "postgresql  $state  127.0.0.1:$PG_PORT  $(pg_owner_text)"
}

# --- Redis --------------------------------------------------------------------------------------

redis_cli() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@" 2>/dev/null; }
redis_ping() { [[ $(redis_cli ping || true) == PONG ]]; }
redis_pid() { redis_cli info server | tr -d '\r' | sed -n 's/^process_id://p'; }

redis_marker_valid() {
  [[ -f $REDIS_MARKER ]] && redis_ping && [[ $(redis_pid) == "$(cat "$REDIS_MARKER")" ]]
}

redis_owner_text() { if redis_marker_valid; then echo "started by this project"; else echo "not started by this project"; fi; }

redis_start() {
  local user=root
  id redis >/dev/null 2>&1 && user=redis
  as_root mkdir -p /var/lib/redis /var/log/redis
  [[ $user == redis ]] && as_root chown redis:redis /var/lib/redis /var/log/redis
  log "redis: starting redis-server on 127.0.0.1:$REDIS_PORT (as $user)"
  as_root runuser -u "$user" -- redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" \
    --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/agency-verify.log >&2
  local i
  for ((i = 0; i < 50; i++)); do redis_ping && break; sleep 0.2; done
  redis_ping || die "redis: did not answer PING on 127.0.0.1:$REDIS_PORT (see /var/log/redis/agency-verify.log)"
  redis_pid >"$REDIS_MARKER"
}

redis_up() {
  if redis_ping; then
    if installed_now redis-server && [[ ! -f $REDIS_MARKER ]]; then redis_pid >"$REDIS_MARKER"; fi
  elif port_in_use "$REDIS_PORT"; then
    die "redis: port $REDIS_PORT is taken ($(listen_addresses "$REDIS_PORT")) but does not answer PING without a password"
  else
    redis_start
  fi
  log "redis: up on 127.0.0.1:$REDIS_PORT ($(redis_owner_text))"
}

redis_down() {
  if ! redis_marker_valid; then
    rm -f "$REDIS_MARKER"
    log "redis: not started by this project: left running as it is"
    return
  fi
  log "redis: stopping redis-server pid $(cat "$REDIS_MARKER") (started by this project)"
  redis_cli shutdown nosave >/dev/null || true
  rm -f "$REDIS_MARKER"
}

redis_status() {
  local state=down
  redis_ping && state=up
  echo "redis       $state  127.0.0.1:$REDIS_PORT  $(redis_owner_text)"
}

# --- SMTP (local mail sink) ---------------------------------------------------------------------

# Answers when something on 127.0.0.1:$SMTP_PORT greets with an SMTP 220 banner.
smtp_ready() {
  local banner
  banner=$(timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$SMTP_PORT && head -c 3 <&3 && printf 'QUIT\r\n' >&3" 2>/dev/null || true)
  [[ $banner == 220 ]]
}

# True if pid $1 is the aiosmtpd this project started (same port, same Maildir).
smtp_is_ours() {
  local pid=$1
  [[ -r /proc/$pid/cmdline ]] || return 1
  local cmdline
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline")
  [[ $cmdline == *aiosmtpd* && $cmdline == *"127.0.0.1:$SMTP_PORT"* && $cmdline == *"$MAIL_DIR"* ]]
}

smtp_running_pid() {
  local pid
  pid=$(cat "$SMTP_PID_FILE" 2>/dev/null || true)
  if pid_alive "$pid" && smtp_is_ours "$pid"; then echo "$pid"; fi
}

smtp_owner_text() { if [[ -n $(smtp_running_pid) ]]; then echo "started by this project, mail in $MAIL_DIR"; else echo "not started by this project"; fi; }

smtp_start() {
  mkdir -p "$MAIL_DIR"/{cur,new,tmp}
  [[ -f $SMTP_LOG ]] && mv -f "$SMTP_LOG" "$SMTP_LOG.1"
  log "smtp: starting aiosmtpd on 127.0.0.1:$SMTP_PORT, Maildir $MAIL_DIR, log $SMTP_LOG"
  # -n: never setuid to nobody (it could not write the Maildir); Mailbox stores each message in it.
  setsid nohup "$SMTP_PYTHON" -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$MAIL_DIR" \
    </dev/null >"$SMTP_LOG" 2>&1 &
  local pid=$!
  echo "$pid" >"$SMTP_PID_FILE"
  local i
  for ((i = 0; i < 50; i++)); do
    smtp_ready && break
    pid_alive "$pid" || break
    sleep 0.2
  done
  if ! smtp_ready; then
    tail -n 20 "$SMTP_LOG" >&2 || true
    die "smtp: aiosmtpd did not answer on 127.0.0.1:$SMTP_PORT (see $SMTP_LOG)"
  fi
}

smtp_up() {
  if smtp_ready; then
    :
  elif port_in_use "$SMTP_PORT"; then
    die "smtp: port $SMTP_PORT is taken ($(listen_addresses "$SMTP_PORT")) but does not answer SMTP; stop it or set SMTP_PORT"
  else
    smtp_start
  fi
  smtp_prune
  log "smtp: up on 127.0.0.1:$SMTP_PORT ($(smtp_owner_text))"
}

# Tests send real invitations on every run: keep a week of mail, not all of it forever.
SMTP_KEEP_DAYS=${SMTP_KEEP_DAYS:-7}
smtp_prune() {
  [[ -d $MAIL_DIR ]] || return 0
  find "$MAIL_DIR"/new "$MAIL_DIR"/cur -type f -mtime +"$SMTP_KEEP_DAYS" -delete 2>/dev/null || true
}

smtp_down() {
  local pid i
  pid=$(smtp_running_pid)
  if [[ -z $pid ]]; then
    rm -f "$SMTP_PID_FILE"
    log "smtp: not started by this project: left running as it is"
    return
  fi
  log "smtp: stopping aiosmtpd pid $pid (the Maildir $MAIL_DIR stays)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 25; i++)); do pid_alive "$pid" || break; sleep 0.2; done
  pid_alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
  rm -f "$SMTP_PID_FILE"
}

smtp_status() {
  local state=down
  smtp_ready && state=up
  echo "smtp        $state  127.0.0.1:$SMTP_PORT  $(smtp_owner_text)"
}

# --- Keycloak: distribution ---------------------------------------------------------------------

kc_dist_present() { [[ -x $1/bin/kc.sh ]]; }

# Fetches the zip through the Maven wrapper (cached in ~/.m2 after the first time) and prints its path.
kc_fetch_zip() {
  local dir=$CACHE/download
  mkdir -p "$dir"
  log "keycloak: fetching $KC_ARTIFACT through ./mvnw (from ~/.m2 when cached; the first time about 180 MB)"
  # Run outside the project so that the project's pom.xml plays no part.
  (cd "$dir" && "$ROOT/scripts/with-progress.sh" "[stack] keycloak: fetching" "$ROOT/mvnw" -B -q "$DEPENDENCY_PLUGIN:copy" -Dartifact="$KC_ARTIFACT" -DoutputDirectory="$dir" >&2) \
    || die "keycloak: could not fetch $KC_ARTIFACT"
  echo "$dir/keycloak-quarkus-dist-$KC_VERSION.zip"
}

# Unpacks into a temporary directory then renames it, so an interrupted unpack leaves no half copy.
kc_unpack() {
  local zip=$1 target=$2 tmp
  log "keycloak: unpacking into $target"
  tmp=$(mktemp -d "$CACHE/.unpack.XXXXXX")
  unzip -q "$zip" -d "$tmp" || { rm -rf "$tmp"; die "keycloak: could not unpack $zip"; }
  mv -T "$tmp/keycloak-$KC_VERSION" "$target"
  rm -rf "$tmp"
}

kc_ensure_dists() {
  # One unpack at a time (tests may ask for the aux copy while `up` runs).
  exec 9>"$CACHE/.dist.lock"
  flock 9
  rm -rf "$CACHE"/.unpack.*  # leftovers of an interrupted unpack
  if ! kc_dist_present "$KC_HOME" || ! kc_dist_present "$KC_AUX_HOME"; then
    local zip home
    zip=$(kc_fetch_zip)
    for home in "$KC_HOME" "$KC_AUX_HOME"; do
      kc_dist_present "$home" || { rm -rf "$home"; kc_unpack "$zip" "$home"; }
    done
    rm -rf "$CACHE/download"
  fi
  kc_install_realm "$KC_HOME"
  kc_install_realm "$KC_AUX_HOME"
  kc_build_extension
  kc_install_providers "$KC_HOME" && KC_PROVIDERS_CHANGED=true
  kc_install_providers "$KC_AUX_HOME" || true
  exec 9>&-
}

# Hash of the providers' pom and sources: the jar is built again only when they change.
ext_source_hash() {
  (cd "$EXT_DIR" && find . -path ./target -prune -o -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1
}

kc_build_extension() {
  local stamp=$EXT_DIR/target/source.sha256 wanted
  wanted=$(ext_source_hash)
  if [[ -f $EXT_JAR && $(cat "$stamp" 2>/dev/null || true) == "$wanted" ]]; then
    return 0
  fi
  log "keycloak: building the project's providers (keycloak/extension, with their unit tests)"
  "$ROOT/scripts/with-progress.sh" "[stack] keycloak: building providers" "$ROOT/mvnw" -B -q -f "$EXT_DIR/pom.xml" package >&2 || die "keycloak: building keycloak/extension failed (see above)"
  echo "$wanted" >"$stamp"
}

# Copies the providers' jar into a Keycloak copy; succeeds only when the copy's jar changed. The
# jar is reproducible (same sources, same bytes), so an unchanged tree never restarts Keycloak.
kc_install_providers() {
  local target=$1/providers/$(basename "$EXT_JAR")
  if cmp -s "$EXT_JAR" "$target"; then
    return 1
  fi
  mkdir -p "$1/providers"
  cp "$EXT_JAR" "$target"
  log "keycloak: providers installed in $1/providers"
}

kc_install_realm() {
  local import_dir=$1/data/import
  mkdir -p "$import_dir"
  if ! cmp -s "$REALM_FILE" "$import_dir/$(basename "$REALM_FILE")"; then
    cp "$REALM_FILE" "$import_dir/"
    log "keycloak: realm file copied to $import_dir"
  fi
}

realm_file_hash() { sha256sum "$REALM_FILE" | cut -d' ' -f1; }

# A boot that imported the realm file itself (--import-realm, no realm yet) applied exactly that file:
# record it, so that kc_sync_realm does not delete and import again what Keycloak has just imported.
kc_record_boot_import() {
  if grep -q "Realm '$REALM' imported" "$KC_LOG" 2>/dev/null \
      && cmp -s "$REALM_FILE" "$KC_HOME/data/import/$(basename "$REALM_FILE")"; then
    realm_file_hash >"$RUN_DIR/realm.sha256"
    rm -f "$RUN_DIR/realm-local.sha256"
  fi
}

# --import-realm skips a realm that already exists, so a changed realm file would never reach a
# running or restarted Keycloak. Replace the realm through the admin API whenever the file differs
# from the one last applied. This drops what was provisioned in the local realm at run time
# (agencies, officers made by `make run`); the service's own database is not touched.
kc_sync_realm() {
  local applied_file=$RUN_DIR/realm.sha256 wanted applied token code
  wanted=$(realm_file_hash)
  applied=$(cat "$applied_file" 2>/dev/null || true)
  if [[ $wanted == "$applied" && $(kc_realm_code) == 200 ]]; then
    kc_apply_local
    return 0
  fi
  log "keycloak: realm file changed since it was applied (or realm missing): replacing realm $REALM"
  token=$(curl -s -m 10 -d grant_type=password -d client_id=admin-cli \
      --data-urlencode "username=$KEYCLOAK_ADMIN_USER" --data-urlencode "password=$KEYCLOAK_ADMIN_PASSWORD" \
      "$(kc_base_url)/realms/master/protocol/openid-connect/token" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
  [[ -n $token ]] || die "keycloak: cannot sign in as the bootstrap admin '$KEYCLOAK_ADMIN_USER' to replace realm $REALM"
  if [[ $(kc_realm_code) == 200 ]]; then
    code=$(curl -s -o /dev/null -m 30 -w '%{http_code}' -X DELETE -H "Authorization: Bearer $token" \
        "$(kc_base_url)/admin/realms/$REALM")
    [[ $code == 204 ]] || die "keycloak: deleting realm $REALM answered HTTP $code"
  fi
  code=$(curl -s -o /dev/null -m 60 -w '%{http_code}' -X POST -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' --data-binary "@$REALM_FILE" "$(kc_base_url)/admin/realms")
  [[ $code == 201 ]] || die "keycloak: importing realm $REALM from $REALM_FILE answered HTTP $code"
  echo "$wanted" >"$applied_file"
  rm -f "$RUN_DIR/realm-local.sha256"
  log "keycloak: realm $REALM replaced from $REALM_FILE"
  kc_apply_local
}

# The production realm file holds no person and no known secret: this machine's client secrets, the
# loopback redirect URIs, the local SMTP sink and the demo operator are applied on top of it from
# keycloak/realm-local.json, again whenever the realm was replaced or any of them changed.
kc_apply_local() {
  local applied_file=$RUN_DIR/realm-local.sha256 clients operator wanted
  clients=$(local_clients_file)
  operator=$(local_operator_file)
  wanted=$(cat "$REALM_FILE" "$REALM_LOCAL_FILE" "$clients" "$operator" <(echo "$SMTP_PORT") | sha256sum | cut -d' ' -f1)
  [[ $wanted == "$(cat "$applied_file" 2>/dev/null || true)" ]] && return 0
  kc_apply_local_to "$(kc_base_url)"
  echo "$wanted" >"$applied_file"
  log "keycloak: local additions applied to realm $REALM (this machine's client secrets, the demo operator; $REALM_LOCAL_FILE)"
}

# --- Keycloak: process --------------------------------------------------------------------------

# True if pid $1 is the kc.sh launcher or the Keycloak JVM of the stack's copy (not the aux copy).
# kc.sh passes its home as "-Dkc.home.dir=<home>/bin/.." and, after a rebuild, execs the JVM in place.
kc_is_ours() {
  local pid=$1
  [[ -r /proc/$pid/cmdline ]] || return 1
  tr '\0' '\n' <"/proc/$pid/cmdline" \
    | grep -qxF -e "-Dkc.home.dir=$KC_HOME/bin/.." -e "-Dkc.home.dir=$KC_HOME" -e "$KC_HOME/bin/kc.sh"
}

# Pid of the stack's Keycloak launcher (process group leader) if it runs, else nothing.
kc_running_pid() {
  local pid
  pid=$(cat "$KC_PID_FILE" 2>/dev/null || true)
  if pid_alive "$pid" && kc_is_ours "$pid"; then echo "$pid"; return; fi
  # Pid file lost, Keycloak still running from our copy: adopt it.
  pid=$(listener_pid "$KEYCLOAK_PORT")
  if [[ -n $pid ]] && kc_is_ours "$pid"; then
    ps -o pgid= -p "$pid" | tr -d ' ' | tee "$KC_PID_FILE"
  fi
}

kc_base_url() { echo "http://127.0.0.1:$KEYCLOAK_PORT"; }
kc_realm_code() { http_code "$(kc_base_url)/realms/$REALM/.well-known/openid-configuration"; }
kc_master_code() { http_code "$(kc_base_url)/realms/master/.well-known/openid-configuration"; }

kc_fail_with_log() {
  echo "[stack] ERROR: $*" >&2
  if [[ -f $KC_LOG ]]; then
    echo "[stack] last 40 lines of $KC_LOG:" >&2
    tail -n 40 "$KC_LOG" >&2
  fi
  exit 1
}

kc_check_ports_free() {
  local port
  for port in "$KEYCLOAK_PORT" "$KEYCLOAK_MANAGEMENT_PORT"; do
    if port_in_use "$port"; then
      local pid what
      pid=$(listener_pid "$port")
      what=${pid:+pid $pid ($(ps -o comm= -p "$pid" 2>/dev/null))}
      die "keycloak: port $port is taken by something that is not this project's Keycloak (${what:-unknown process} on $(listen_addresses "$port")); stop it or set KEYCLOAK_PORT / KEYCLOAK_MANAGEMENT_PORT"
    fi
  done
}

kc_start() {
  kc_check_ports_free
  [[ -f $KC_LOG ]] && mv -f "$KC_LOG" "$KC_LOG.1"
  log "keycloak: starting $KC_VERSION on http://127.0.0.1:$KEYCLOAK_PORT (management 127.0.0.1:$KEYCLOAK_MANAGEMENT_PORT), log $KC_LOG"
  (
    cd "$KC_HOME"
    KC_BOOTSTRAP_ADMIN_USERNAME=$KEYCLOAK_ADMIN_USER KC_BOOTSTRAP_ADMIN_PASSWORD=$KEYCLOAK_ADMIN_PASSWORD \
      exec setsid nohup "$KC_HOME/bin/kc.sh" start-dev \
      --http-host=127.0.0.1 --http-port="$KEYCLOAK_PORT" \
      --http-management-host=127.0.0.1 --http-management-port="$KEYCLOAK_MANAGEMENT_PORT" \
      --health-enabled=true --import-realm \
      </dev/null >"$KC_LOG" 2>&1
  ) &
  echo $! >"$KC_PID_FILE"
}

# Waits until the realm's discovery document answers 200.
kc_wait_ready() {
  local pid=$1 start=$SECONDS elapsed next_report=10 realm_missing=0
  log "keycloak: waiting for realm $REALM (first boot builds Keycloak: about 40 s; later boots about 15 s)"
  while :; do
    elapsed=$((SECONDS - start))
    [[ $(kc_realm_code) == 200 ]] && break
    pid_alive "$pid" || kc_fail_with_log "keycloak: the process (pid $pid) exited before it was ready"
    # Keycloak imports before it opens HTTP: a master realm without ours for 5 s means no import.
    if [[ $(kc_master_code) == 200 ]] && ((++realm_missing >= 5)); then
      kc_fail_with_log "keycloak: started but realm '$REALM' is missing (its import failed or was skipped)"
    fi
    ((elapsed < KEYCLOAK_READY_TIMEOUT)) \
      || kc_fail_with_log "keycloak: not ready after ${KEYCLOAK_READY_TIMEOUT}s (pid $pid still running; see $KC_LOG)"
    if ((elapsed >= next_report)); then
      log "keycloak: still starting (${elapsed}s)"
      next_report=$((next_report + 10))
    fi
    sleep 1
  done
  log "keycloak: ready in $((SECONDS - start))s: $(kc_base_url)/realms/$REALM"
}

kc_check_loopback_only() {
  local port addr
  for port in "$KEYCLOAK_PORT" "$KEYCLOAK_MANAGEMENT_PORT"; do
    for addr in $(listen_addresses "$port"); do
      [[ $addr == 127.* || $addr == "[::1]:"* || $addr == "[::ffff:127."* ]] \
        || log "keycloak: WARNING: port $port listens on $addr, not only on loopback"
    done
  done
}

keycloak_up() {
  kc_ensure_dists
  local pid
  pid=$(kc_running_pid)
  if [[ -n $pid && $KC_PROVIDERS_CHANGED == true ]]; then
    # Keycloak loads providers at start only (start-dev rebuilds itself when they changed).
    log "keycloak: its providers changed: restarting it"
    keycloak_down
    pid=''
  fi
  if [[ -z $pid ]]; then
    kc_start
    pid=$(cat "$KC_PID_FILE")
    kc_wait_ready "$pid"
    kc_record_boot_import
  elif [[ -z $(listener_pid "$KEYCLOAK_PORT") ]]; then
    log "keycloak: already starting (pid $pid)"
    kc_wait_ready "$pid"
  fi
  kc_sync_realm
  kc_check_loopback_only
  log "keycloak: up on $(kc_base_url), realm $REALM (started by this project, pid $pid)"
}

keycloak_down() {
  local pid i
  pid=$(kc_running_pid)
  if [[ -z $pid ]]; then
    rm -f "$KC_PID_FILE"
    log "keycloak: not running from this project's copy: nothing to stop"
    return
  fi
  log "keycloak: stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 60; i++)); do pid_alive "$pid" || break; sleep 0.5; done
  if pid_alive "$pid"; then
    log "keycloak: still running after 30 s: killing its process group $pid"
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$KC_PID_FILE"
  log "keycloak: stopped"
}

keycloak_status() {
  local pid state=down owner
  pid=$(kc_running_pid)
  if [[ -n $pid ]]; then
    owner="started by this project, pid $pid"
    if [[ -z $(listener_pid "$KEYCLOAK_PORT") ]]; then state=starting
    elif [[ $(kc_realm_code) == 200 ]]; then state=up
    else state="up (realm $REALM missing)"
    fi
  elif port_in_use "$KEYCLOAK_PORT"; then
    state="taken"
    owner="port used by something that is not this project's Keycloak"
  else
    owner="not running"
  fi
  echo "keycloak    $state  http://127.0.0.1:$KEYCLOAK_PORT  $owner"
}

# --- subcommands --------------------------------------------------------------------------------

cmd_up() {
  ensure_packages
  postgres_up
  redis_up
  smtp_up
  keycloak_up
  log "stack is up"
}

cmd_down() {
  keycloak_down
  smtp_down
  redis_down
  postgres_down
}

cmd_status() {
  postgres_status
  redis_status
  smtp_status
  keycloak_status
}

# --- Local secrets ------------------------------------------------------------------------------

# Keys the service refuses to start without, for `make run` and `make dev` on this machine only:
# generated once with openssl into the cache (mode 600), never committed. Production takes them from
# its Secret. Tests use the %test values in application.properties.
local_secrets_file() {
  local file=$CACHE/local-secrets.env dir private public
  if [[ ! -s $file ]]; then
    command -v openssl >/dev/null || apt_install openssl
    dir=$(mktemp -d)
    openssl genpkey -algorithm ed25519 -outform DER -out "$dir/signing.der" 2>/dev/null
    private=$(base64 -w0 "$dir/signing.der")
    # The raw public key is the last 32 bytes of its SubjectPublicKeyInfo DER.
    public=$(openssl pkey -inform DER -in "$dir/signing.der" -pubout -outform DER | tail -c 32 | base64 -w0)
    umask 077
    {
      echo "AGENCY_VERIFY_SECRETS_KEY_ENCRYPTION_SECRET=$(openssl rand -base64 32)"
      echo "AGENCY_VERIFY_WEBHOOKS_SIGNING_PRIVATE_KEY=$private"
      echo "AGENCY_VERIFY_WEBHOOKS_SIGNING_PUBLIC_KEY=$public"
    } >"$file"
    rm -rf "$dir"
    log "local secrets generated in $file (this machine only)"
  fi
  echo "$file"
}

kc_apply_local_to() {
  SMTP_PORT=$SMTP_PORT KEYCLOAK_ADMIN_USER=$KEYCLOAK_ADMIN_USER KEYCLOAK_ADMIN_PASSWORD=$KEYCLOAK_ADMIN_PASSWORD \
    python3 "$ROOT/scripts/realm-local.py" "$1" "$REALM" "$REALM_LOCAL_FILE" "$(local_clients_file)" "$(local_operator_file)" \
    || die "keycloak: could not apply $REALM_LOCAL_FILE to realm $REALM at $1"
}

# Adds each KEY and the output of its command (run only for a missing key) to an env file (mode 600),
# so a machine that has an older file gets only the keys that are new.
ensure_env_keys() {
  local file=$1 key command
  shift
  (umask 077 && touch "$file")
  while (($#)); do
    key=$1 command=$2
    shift 2
    grep -q "^$key=" "$file" || echo "$key=$(eval "$command")" >>"$file"
  done
}

random_token() {
  command -v openssl >/dev/null || apt_install openssl
  openssl rand -hex "${1:-24}"
}

# This machine's secrets of the realm's confidential clients that the service uses (set on them by
# kc_apply_local): the production realm file has none, and outside dev and test the service refuses to
# start without them.
LOCAL_CLIENT_KEYS=(
  QUARKUS_KEYCLOAK_ADMIN_CLIENT_CLIENT_SECRET
  QUARKUS_OIDC_APPROVAL_CREDENTIALS_SECRET
  QUARKUS_OIDC_CONSOLE_CREDENTIALS_SECRET
  AGENCY_VERIFY_VERIFICATION_DIRECT_GRANT_CLIENT_SECRET
)

local_clients_file() {
  local file=$CACHE/local-clients.env key
  for key in "${LOCAL_CLIENT_KEYS[@]}"; do
    ensure_env_keys "$file" "$key" random_token
  done
  echo "$file"
}

# Export lines of this checkout's client secrets only: the file is the machine's, and a checkout of another
# branch may have added a client this one lacks (a QUARKUS_OIDC_<tenant>_ secret alone makes quarkus-oidc
# build a tenant with no server, and the service fails to start).
local_client_exports() {
  local file key
  file=$(local_clients_file)
  for key in "${LOCAL_CLIENT_KEYS[@]}"; do
    grep "^$key=" "$file" | head -n 1 | sed 's/^/export /'
  done
}

# The local demo operators' sign-ins (password and TOTP secret; the second approves the first's contact
# and identity-provider changes): the local realm and this machine only.
local_operator_file() {
  local file=$CACHE/local-operator.env
  ensure_env_keys "$file" \
    AGENCY_VERIFY_LOCAL_OPERATOR_EMAIL 'echo operator@agency-verify.localhost' \
    AGENCY_VERIFY_LOCAL_OPERATOR_PASSWORD 'echo "operator-$(random_token 12)"' \
    AGENCY_VERIFY_LOCAL_OPERATOR_TOTP_SECRET 'random_token 16' \
    AGENCY_VERIFY_LOCAL_SECOND_OPERATOR_EMAIL 'echo second-operator@agency-verify.localhost' \
    AGENCY_VERIFY_LOCAL_SECOND_OPERATOR_PASSWORD 'echo "operator-$(random_token 12)"' \
    AGENCY_VERIFY_LOCAL_SECOND_OPERATOR_TOTP_SECRET 'random_token 16'
  echo "$file"
}

cmd_env() {
  sed 's/^/export /' "$(local_secrets_file)"
  local_client_exports
}

cmd_test_env() {
  local_client_exports
}

cmd_kc_aux_home() {
  command -v unzip >/dev/null || apt_install unzip
  kc_ensure_dists >&2
  echo "$KC_AUX_HOME"
}

usage() {
  sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

main() {
  [[ $# -eq 1 || ($# -eq 2 && $1 == apply-local) ]] || usage
  init_paths
  case $1 in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    kc-aux-home) cmd_kc_aux_home ;;
    env) cmd_env ;;
    test-env) cmd_test_env ;;
    apply-local) [[ -n ${2:-} ]] || usage; kc_apply_local_to "$2" ;;
    *) usage ;;
  esac
}

main "$@"
