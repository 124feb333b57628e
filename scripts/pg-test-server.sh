#!/usr/bin/env bash
# Throwaway PostgreSQL server for the test suite.
#
#   scripts/pg-test-server.sh         start (idempotent); last line of stdout is the URL
#   scripts/pg-test-server.sh stop    stop it (data dir is kept)
#   scripts/pg-test-server.sh reset   stop it and delete the data dir
#
# 127.0.0.1:54329, data in /tmp/vendedor-pg, trust auth on loopback, database
# vendedor_test. Durability is switched off: this is for tests only.
set -euo pipefail

PGDATA_DIR=${VENDEDOR_PG_DIR:-/tmp/vendedor-pg}
PGPORT_T=${VENDEDOR_PG_PORT:-54329}
PGHOST_T=127.0.0.1
DB_NAME=vendedor_test
LOG_FILE=${PGDATA_DIR}.log
URL="postgresql+psycopg://postgres@${PGHOST_T}:${PGPORT_T}/${DB_NAME}"

log() { echo "pg-test-server: $*" >&2; }
die() { echo "pg-test-server: $*" >&2; exit 1; }

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
if [[ -z "$PGBIN" || ! -x "$PGBIN/pg_ctl" || ! -x "$PGBIN/initdb" ]]; then
    die "PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin (apt-get install postgresql)"
fi
PG_MAJOR=$(basename "$(dirname "$PGBIN")")

# As root, the server must run as the postgres user; otherwise as ourselves.
if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' user to run the server as"
    as_pg() { (cd / && runuser -u postgres -- "$@"); }
    own() { chown -R postgres:postgres "$@"; }
else
    as_pg() { "$@"; }
    own() { :; }
fi

is_running() {
    [[ -f "$PGDATA_DIR/PG_VERSION" ]] && as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1
}

stop_server() {
    if is_running; then
        as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null
        log "stopped"
    else
        log "not running"
    fi
}

case "${1:-start}" in
    stop)
        stop_server
        exit 0
        ;;
    reset)
        stop_server
        rm -rf "$PGDATA_DIR" "$LOG_FILE"
        log "data removed"
        exit 0
        ;;
    start|"") ;;
    *) die "usage: $0 [start|stop|reset]" ;;
esac

# A data dir left half-made (interrupted initdb) or from another major
# version is useless: it is throwaway, so start over.
if [[ -d "$PGDATA_DIR" ]]; then
    if [[ ! -f "$PGDATA_DIR/PG_VERSION" ]] || [[ "$(cat "$PGDATA_DIR/PG_VERSION")" != "$PG_MAJOR" ]]; then
        if ! is_running; then
            log "discarding unusable data dir $PGDATA_DIR"
            rm -rf "$PGDATA_DIR"
        fi
    fi
fi

if [[ ! -f "$PGDATA_DIR/PG_VERSION" ]]; then
    log "initdb $PGDATA_DIR (PostgreSQL $PG_MAJOR)"
    mkdir -p "$PGDATA_DIR"
    chmod 700 "$PGDATA_DIR"
    own "$PGDATA_DIR"
    as_pg "$PGBIN/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust \
        -E UTF8 --locale=C >/dev/null
    cat >>"$PGDATA_DIR/postgresql.conf" <<EOF

# --- vendedor test server ---
listen_addresses = '$PGHOST_T'
port = $PGPORT_T
unix_socket_directories = '$PGDATA_DIR'
max_connections = 100
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    # initdb --auth=trust already trusts loopback; make it explicit anyway.
    cat >"$PGDATA_DIR/pg_hba.conf" <<'EOF'
local   all   all                  trust
host    all   all   127.0.0.1/32   trust
host    all   all   ::1/128        trust
EOF
    own "$PGDATA_DIR"
fi

if is_running; then
    log "already running"
else
    touch "$LOG_FILE"
    own "$LOG_FILE"
    log "starting on $PGHOST_T:$PGPORT_T (log: $LOG_FILE)"
    if ! as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$LOG_FILE" -w -t 60 start >/dev/null; then
        tail -n 20 "$LOG_FILE" >&2 || true
        die "server did not start (port $PGPORT_T busy? see $LOG_FILE)"
    fi
fi

ready=0
for _ in $(seq 1 60); do
    if "$PGBIN/pg_isready" -q -h "$PGHOST_T" -p "$PGPORT_T" -U postgres; then
        ready=1
        break
    fi
    sleep 0.5
done
[[ $ready -eq 1 ]] || die "server not accepting connections on $PGHOST_T:$PGPORT_T"

psql_t() { "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PGHOST_T" -p "$PGPORT_T" -U postgres "$@"; }
if [[ "$(psql_t -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != "1" ]]; then
    psql_t -d postgres -c "CREATE DATABASE $DB_NAME" >/dev/null
    log "created database $DB_NAME"
fi

echo "$URL"
