#!/usr/bin/env bash
# The production topology on loopback, without a container engine (docs/deployment.md):
#   artemis-primary + artemis-backup  the apache-artemis distribution, the same version as the hub's embedded broker,
#                                     shared-store HA: the backup takes over when the primary dies
#   postgres                          Debian's PostgreSQL, its own cluster under data/cluster/postgres
#   hub-1, hub-2                      the packaged jar, SPRING_PROFILES_ACTIVE=prod, HTTP 8081 and 8082, sharing
#                                     data/cluster/partners/
# Everything (instances, pid files, logs) lives under data/cluster/.
#
#   docker/local-cluster.sh up|down|status
#
# Secrets only from the environment, no defaults; `up` refuses to start without them:
#   DOCK2LEDGER_VIEWER_PASSWORD DOCK2LEDGER_OPERATOR_PASSWORD DOCK2LEDGER_ADMIN_PASSWORD   (>= 12 chars, hub accounts)
#   DOCK2LEDGER_DB_PASSWORD       the hub's PostgreSQL role
#   DOCK2LEDGER_BROKER_PASSWORD   the hub's Artemis user, also the brokers' cluster password
# Optional: DOCK2LEDGER_DB_USER and DOCK2LEDGER_BROKER_USER (default dock2ledger), CLUSTER_BROKER_PORT (61616; the
# backup listens one above), CLUSTER_PG_PORT (55432), CLUSTER_HUB_PORTS ("8081 8082"), CLUSTER_SFTP_PORTS
# ("2222 2223"), CLUSTER_HUB_JAVA_OPTS (-Xmx768m), CLUSTER_BROKER_MEMORY (512M), CLUSTER_HUB_START_TIMEOUT (240 s).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR="$ROOT/data/cluster"
RUN="$DIR/run"
LOGS="$DIR/logs"
PARTNERS="$DIR/partners"

BROKER_PORT=${CLUSTER_BROKER_PORT:-61616}
BACKUP_PORT=$((BROKER_PORT + 1))
PG_PORT=${CLUSTER_PG_PORT:-55432}
read -r -a HUB_PORTS <<< "${CLUSTER_HUB_PORTS:-8081 8082}"
read -r -a SFTP_PORTS <<< "${CLUSTER_SFTP_PORTS:-2222 2223}"
HUB_JAVA_OPTS=${CLUSTER_HUB_JAVA_OPTS:--Xmx768m}
BROKER_MEMORY=${CLUSTER_BROKER_MEMORY:-512M}
HUB_START_TIMEOUT=${CLUSTER_HUB_START_TIMEOUT:-240}
DB_USER=${DOCK2LEDGER_DB_USER:-dock2ledger}
BROKER_USER=${DOCK2LEDGER_BROKER_USER:-dock2ledger}
DB_NAME=dock2ledger
BROKER_URL="(tcp://127.0.0.1:$BROKER_PORT,tcp://127.0.0.1:$BACKUP_PORT)?ha=true&reconnectAttempts=-1&retryInterval=500&retryIntervalMultiplier=1.5&maxRetryInterval=5000"
DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$DB_NAME"
PG_SOCKET="$DIR/postgres-socket"
PARTS=(artemis-primary artemis-backup postgres hub-1 hub-2)

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf 'local-cluster: %s\n' "$*" >&2; exit 1; }

pid_of() { # the recorded pid of a part, if that process still runs
  local f="$RUN/$1.pid" pid
  [[ -s $f ]] || return 1
  pid=$(head -n1 "$f")
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

address_of() {
  case $1 in
    artemis-primary) echo "tcp://127.0.0.1:$BROKER_PORT" ;;
    artemis-backup) echo "tcp://127.0.0.1:$BACKUP_PORT" ;;
    postgres) echo "postgresql://127.0.0.1:$PG_PORT/$DB_NAME" ;;
    hub-1) echo "http://127.0.0.1:${HUB_PORTS[0]} sftp://127.0.0.1:${SFTP_PORTS[0]}" ;;
    hub-2) echo "http://127.0.0.1:${HUB_PORTS[1]} sftp://127.0.0.1:${SFTP_PORTS[1]}" ;;
  esac
}

require_secrets() {
  local missing=() v
  for v in DOCK2LEDGER_VIEWER_PASSWORD DOCK2LEDGER_OPERATOR_PASSWORD DOCK2LEDGER_ADMIN_PASSWORD \
           DOCK2LEDGER_DB_PASSWORD DOCK2LEDGER_BROKER_PASSWORD; do
    [[ -n ${!v:-} ]] || missing+=("$v")
  done
  ((${#missing[@]} == 0)) || die "refusing to start: set ${missing[*]} (no defaults; see docs/deployment.md)"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for_port() { # part pid port timeout
  local i
  for ((i = 0; i < $4 * 2; i++)); do
    kill -0 "$2" 2>/dev/null || { tail -n 30 "$LOGS/$1.log" >&2; die "$1 exited during start; log $LOGS/$1.log"; }
    port_free "$3" || return 0
    sleep 0.5
  done
  die "$1 does not listen on $3 after $4 s; log $LOGS/$1.log"
}

# --- the hub jar and the Artemis distribution of the same version -------------------------------------------------

hub_jar() {
  local jar
  jar=$(ls "$ROOT"/target/dock2ledger-*.jar 2>/dev/null | grep -v -- '-plain\.jar$' | head -n1 || true)
  if [[ -z $jar ]]; then
    log "no target/dock2ledger-*.jar: mvn -q -o package -DskipTests" >&2
    (cd "$ROOT" && mvn -q -o package -DskipTests) >&2
    jar=$(ls "$ROOT"/target/dock2ledger-*.jar | head -n1)
  fi
  echo "$jar"
}

artemis_version() { # the version of the artemis client packaged in the hub: the external broker runs the same one
  local v
  v=$(unzip -Z1 "$1" 2>/dev/null | sed -n 's#^BOOT-INF/lib/artemis-jakarta-client-\([0-9][0-9.]*\)\.jar$#\1#p' | head -n1)
  echo "${v:-2.40.0}"
}

artemis_home() { # unpacks apache-artemis-<v>-bin.tar.gz from the local Maven repository (fetched once from Central)
  local v=$1 home="$DIR/dist/apache-artemis-$1"
  local tgz="$HOME/.m2/repository/org/apache/activemq/apache-artemis/$v/apache-artemis-$v-bin.tar.gz"
  if [[ ! -x $home/bin/artemis ]]; then
    if [[ ! -s $tgz ]]; then
      log "fetching org.apache.activemq:apache-artemis:$v:tar.gz:bin from Maven Central" >&2
      mvn -q dependency:get -Dartifact="org.apache.activemq:apache-artemis:$v:tar.gz:bin" -Dtransitive=false >&2
    fi
    mkdir -p "$DIR/dist"
    tar -xzf "$tgz" -C "$DIR/dist"
  fi
  echo "$home"
}

# --- brokers ------------------------------------------------------------------------------------------------------

create_broker() { # name home port peer-port [--backup]
  local name=$1 home=$2 port=$3 peer=$4
  shift 4
  # --force rewrites etc/ on every `up`, so the users and the cluster password always match the environment; the
  # journal is outside the instance (--data), in the store both brokers share.
  "$home/bin/artemis" create --silent --force --no-autotune --nio \
    --shared-store --failover-on-shutdown --clustered --host 127.0.0.1 \
    --default-port "$port" --staticCluster "tcp://127.0.0.1:$peer" \
    --user "$BROKER_USER" --password "$DOCK2LEDGER_BROKER_PASSWORD" --require-login \
    --cluster-user "$BROKER_USER" --cluster-password "$DOCK2LEDGER_BROKER_PASSWORD" \
    --no-web --no-amqp-acceptor --no-stomp-acceptor --no-mqtt-acceptor --no-hornetq-acceptor \
    --java-memory "$BROKER_MEMORY" --data "$DIR/artemis-shared-store" \
    "$@" "$DIR/$name" > "$LOGS/$name-create.log" 2>&1 || { cat "$LOGS/$name-create.log" >&2; die "artemis create $name failed"; }
  chmod -R go-rwx "$DIR/$name"
}

start_broker() { # name port
  local name=$1 port=$2 pid
  if pid=$(pid_of "$name"); then log "$name already running (pid $pid)"; return; fi
  port_free "$port" || die "port $port is taken by another process: cannot start $name"
  setsid nohup "$DIR/$name/bin/artemis" run > "$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! > "$RUN/$name.pid"
  log "$name started (pid $!), $(address_of "$name")"
}

# --- PostgreSQL ---------------------------------------------------------------------------------------------------

pg_bin() {
  local d
  for d in "$(pg_config --bindir 2>/dev/null || true)" /usr/lib/postgresql/*/bin; do
    [[ -x $d/initdb && -x $d/pg_ctl ]] && { echo "$d"; return; }
  done
  die "PostgreSQL server binaries not found (apt-get install postgresql)"
}

as_pg() { # PostgreSQL refuses to run as root: as root, its commands run as the postgres system user
  if ((EUID == 0)); then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  local bin pgdata="$DIR/postgres" pid
  bin=$(pg_bin)
  if pid=$(pid_of postgres); then log "postgres already running (pid $pid)"; return; fi
  port_free "$PG_PORT" || die "port $PG_PORT is taken by another process: cannot start postgres"
  mkdir -p "$pgdata" "$PG_SOCKET"
  touch "$LOGS/postgres.log"
  if ((EUID == 0)); then chown postgres: "$pgdata" "$PG_SOCKET" "$LOGS/postgres.log"; fi
  if [[ ! -s $pgdata/PG_VERSION ]]; then
    # Local (socket) logins by OS user only, TCP logins by password.
    as_pg "$bin/initdb" -D "$pgdata" -U postgres --auth-local=peer --auth-host=scram-sha-256 -E UTF8 \
      > "$LOGS/postgres-initdb.log" 2>&1 || { cat "$LOGS/postgres-initdb.log" >&2; die "initdb failed"; }
  fi
  as_pg "$bin/pg_ctl" -D "$pgdata" -l "$LOGS/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_SOCKET" start > /dev/null
  head -n1 "$pgdata/postmaster.pid" > "$RUN/postgres.pid"
  # The hub's role and database; the password is (re)set from the environment on every up. psql reads it with
  # \getenv, so it appears on no command line.
  as_pg "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET" -p "$PG_PORT" -U postgres -d postgres \
    -v user="$DB_USER" -v db="$DB_NAME" <<'SQL'
\getenv password DOCK2LEDGER_DB_PASSWORD
SELECT NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'user') AS create_role \gset
\if :create_role
CREATE ROLE :"user" LOGIN;
\endif
ALTER ROLE :"user" PASSWORD :'password';
SELECT NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') AS create_db \gset
\if :create_db
CREATE DATABASE :"db" OWNER :"user";
\endif
SQL
  log "postgres started (pid $(cat "$RUN/postgres.pid")), $(address_of postgres)"
}

# --- hubs ---------------------------------------------------------------------------------------------------------

start_hub() { # name index jar
  local name=$1 i=$2 jar=$3 pid
  if pid=$(pid_of "$name"); then log "$name already running (pid $pid)"; return; fi
  port_free "${HUB_PORTS[$i]}" || die "port ${HUB_PORTS[$i]} is taken by another process: cannot start $name"
  # Everything the prod profile reads comes from the environment, as on a production host. data-dir is shared:
  # the partner folders (data/cluster/partners) and the SFTP host key, so both SFTP entry points present one key.
  # shellcheck disable=SC2086
  (
    cd "$ROOT"
    export SPRING_PROFILES_ACTIVE=prod \
      DOCK2LEDGER_DB_URL="$DB_URL" DOCK2LEDGER_DB_USER="$DB_USER" \
      DOCK2LEDGER_BROKER_URL="$BROKER_URL" DOCK2LEDGER_BROKER_USER="$BROKER_USER" \
      SERVER_PORT="${HUB_PORTS[$i]}" SERVER_ADDRESS=127.0.0.1 \
      DOCK2LEDGER_SFTP_PORT="${SFTP_PORTS[$i]}" \
      DOCK2LEDGER_DATA_DIR="$DIR" DOCK2LEDGER_CONFIG_DIR="$ROOT/config" \
      DOCK2LEDGER_ROUTES_DIR="$ROOT/routes" DOCK2LEDGER_MAPPINGS_DIR="$ROOT/mappings"
    # The production start script: hub-1's first start trains the class-data-sharing archive (target/cds), hub-2
    # and every later start use it (docs/deployment.md, "Starting the hub").
    JAVA_OPTS="$HUB_JAVA_OPTS" DOCK2LEDGER_JAR="$jar" \
      exec setsid nohup "$ROOT/docker/dock2ledger" > "$LOGS/$name.log" 2>&1 < /dev/null
  ) &
  echo $! > "$RUN/$name.pid"
  log "$name started (pid $!), $(address_of "$name")"
}

hub_health() { # prints the status of /actuator/health (anonymous: status only), or nothing
  curl -s --max-time 3 "http://127.0.0.1:$1/actuator/health" 2>/dev/null | sed -n 's/.*"status":"\([A-Z_]*\)".*/\1/p'
}

await_hub() { # name index
  local name=$1 port=${HUB_PORTS[$2]} pid start=$SECONDS
  pid=$(cat "$RUN/$name.pid")
  while [[ $(hub_health "$port") != UP ]]; do
    kill -0 "$pid" 2>/dev/null || { tail -n 40 "$LOGS/$name.log" >&2; die "$name exited during start; log $LOGS/$name.log"; }
    ((SECONDS - start < HUB_START_TIMEOUT)) || die "$name not healthy after $HUB_START_TIMEOUT s; log $LOGS/$name.log"
    sleep 1
  done
  log "$name healthy after $((SECONDS - start)) s"
}

# --- commands -----------------------------------------------------------------------------------------------------

up() {
  require_secrets
  command -v java > /dev/null || die "java not found"
  command -v curl > /dev/null || die "curl not found"
  local t0=$SECONDS jar home
  mkdir -p "$RUN" "$LOGS" "$PARTNERS"
  chmod 711 "$DIR" # others (the postgres user) may pass through to their folder, not list or read the rest
  chmod 700 "$RUN"
  chmod 711 "$LOGS" # postgres writes its own log there

  jar=$(hub_jar)
  home=$(artemis_home "$(artemis_version "$jar")")
  log "hub $(basename "$jar"), broker $(basename "$home")"

  # Brokers: the primary takes the shared store's lock and goes live; the backup waits on the lock.
  if ! pid_of artemis-primary > /dev/null; then create_broker artemis-primary "$home" "$BROKER_PORT" "$BACKUP_PORT"; fi
  if ! pid_of artemis-backup > /dev/null; then create_broker artemis-backup "$home" "$BACKUP_PORT" "$BROKER_PORT" --backup; fi
  start_broker artemis-primary "$BROKER_PORT"
  wait_for_port artemis-primary "$(cat "$RUN/artemis-primary.pid")" "$BROKER_PORT" 120
  start_broker artemis-backup "$BACKUP_PORT"
  start_postgres

  # One hub after the other: each runs Flyway and reloads the master-data seed in one transaction at start
  # (dock2ledger.masterdata.load-on-start); two concurrent reloads of the same tables could collide.
  start_hub hub-1 0 "$jar"
  await_hub hub-1 0
  start_hub hub-2 1 "$jar"
  await_hub hub-2 1
  log "cluster up in $((SECONDS - t0)) s; partner folders: $PARTNERS"
  status
}

stop_pid() { # name pid seconds
  local i
  kill -TERM "$2" 2>/dev/null || return 0
  for ((i = 0; i < $3 * 2; i++)); do
    kill -0 "$2" 2>/dev/null || return 0
    sleep 0.5
  done
  log "$1 (pid $2) still running after $3 s: SIGKILL"
  kill -KILL "$2" 2>/dev/null || true
}

down() {
  local part pid
  # Hubs first (they finish their transactions), then the backup (so stopping the primary does not fail over),
  # then the primary, then the database.
  for part in hub-2 hub-1 artemis-backup artemis-primary; do
    if pid=$(pid_of "$part"); then
      stop_pid "$part" "$pid" 60
      log "$part stopped (pid $pid)"
    fi
    rm -f "$RUN/$part.pid"
  done
  if pid=$(pid_of postgres); then
    as_pg "$(pg_bin)/pg_ctl" -D "$DIR/postgres" -m fast -w stop > /dev/null
    log "postgres stopped (pid $pid)"
  fi
  rm -f "$RUN/postgres.pid"
}

status() {
  local part pid state
  for part in "${PARTS[@]}"; do
    if pid=$(pid_of "$part"); then
      state=running
      case $part in
        hub-1) state="health $(hub_health "${HUB_PORTS[0]}")" ;;
        hub-2) state="health $(hub_health "${HUB_PORTS[1]}")" ;;
        artemis-*)
          # AMQ221010: a backup that took over after the primary died (it logged "waiting" before, so look first)
          if grep -q 'AMQ221010' "$LOGS/$part.log" 2>/dev/null; then state="live (took over as backup)"
          elif grep -q 'AMQ221007' "$LOGS/$part.log" 2>/dev/null; then state="live"
          elif grep -q 'AMQ221031\|AMQ221032\|waiting' "$LOGS/$part.log" 2>/dev/null; then state="backup, waiting"
          fi
          ;;
      esac
    else
      pid=- state=stopped
    fi
    printf '%-16s %-8s %-52s %s\n' "$part" "$pid" "$(address_of "$part")" "$state"
  done
}

case ${1:-} in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
