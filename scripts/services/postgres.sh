# PostgreSQL on 127.0.0.1:5432, run as the postgres OS user. Sourced; defines postgres_start/stop/status/reset.

PG_PORT="${REVIEWLENS_POSTGRES_PORT:-5432}"
PG_HOME="$SERVICES_DIR/postgres"
PG_DATA="$PG_HOME/data"
PG_SOCKET_DIR="$PG_HOME/run"
PG_LOG="$LOG_DIR/postgres.log"
PG_SETUP_SQL="$SERVICES_SCRIPT_DIR/postgres-setup.sql"

# fd 9 is the services-dir lock: daemons must not inherit it.
as_postgres() { (cd / && runuser -u postgres -- "$@" 9>&-); }

pg_bin() {
  local d
  d="$(postgres_bin_dir)" || die "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin"
  printf '%s/%s\n' "$d" "$1"
}

postgres_running() { [ -f "$PG_DATA/postmaster.pid" ] && as_postgres "$(pg_bin pg_ctl)" -D "$PG_DATA" status >/dev/null 2>&1; }

postgres_prepare_dirs() {
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  mkdir -p "$PG_HOME" "$PG_SOCKET_DIR"
  touch "$PG_LOG"
  chown postgres: "$PG_HOME" "$PG_SOCKET_DIR" "$PG_LOG"
  chmod 700 "$PG_HOME"
  as_postgres test -w "$PG_HOME" ||
    die "the postgres user cannot write $PG_HOME: every parent dir needs o+x, or set REVIEWLENS_SERVICES_DIR elsewhere"
  if [ "${#PG_SOCKET_DIR}" -gt 100 ]; then
    die "socket dir path too long for PostgreSQL ($PG_SOCKET_DIR): set a shorter REVIEWLENS_SERVICES_DIR"
  fi
}

postgres_init() {
  [ -f "$PG_DATA/PG_VERSION" ] && return 0
  log "postgres: initdb in $PG_DATA"
  as_postgres "$(pg_bin initdb)" -D "$PG_DATA" -U postgres --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 >>"$PG_LOG" 2>&1 || die "initdb failed (log: $PG_LOG)"
  cat >>"$PG_DATA/postgresql.conf" <<CONF

# ReviewLens local settings (scripts/services/postgres.sh)
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_SOCKET_DIR'
max_connections = 200
password_encryption = 'scram-sha-256'
logging_collector = off
CONF
}

postgres_start() {
  postgres_prepare_dirs
  if postgres_running; then
    log "postgres: already running (pid $(head -n1 "$PG_DATA/postmaster.pid"))"
  else
    require_free_port postgres "$PG_PORT"
    postgres_init
    # The port is given at every start (not written at initdb), so an existing data dir follows REVIEWLENS_POSTGRES_PORT.
    as_postgres "$(pg_bin pg_ctl)" -D "$PG_DATA" -l "$PG_LOG" -o "-p $PG_PORT" -w -t "$READY_TIMEOUT_S" start >/dev/null ||
      die "postgres failed to start (log: $PG_LOG)"
    log "postgres: started"
  fi
  wait_until postgres "$PG_LOG" "$(pg_bin pg_isready)" -q -h 127.0.0.1 -p "$PG_PORT"
  postgres_setup_roles
  wait_until postgres "$PG_LOG" postgres_ready
}

# Roles and database; idempotent, run on every start.
postgres_setup_roles() {
  as_postgres "$(pg_bin psql)" -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres -d postgres \
    -v ON_ERROR_STOP=1 -q -f - <"$PG_SETUP_SQL" >>"$PG_LOG" 2>&1 ||
    die "postgres role/database setup failed (log: $PG_LOG)"
}

# A real query over TCP with password auth, as the owner role.
postgres_ready() {
  PGPASSWORD=reviewlens "$(pg_bin psql)" -h 127.0.0.1 -p "$PG_PORT" -U reviewlens -d reviewlens_source \
    -tAc 'select 1' 2>/dev/null | grep -qx 1
}

postgres_stop() {
  if ! postgres_running; then
    log "postgres: not running"
    return 0
  fi
  as_postgres "$(pg_bin pg_ctl)" -D "$PG_DATA" -m fast -w -t "$STOP_TIMEOUT_S" stop >/dev/null 2>&1 ||
    as_postgres "$(pg_bin pg_ctl)" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true
  log "postgres: stopped"
}

postgres_status() {
  if postgres_running; then
    echo "postgres  running  pid $(head -n1 "$PG_DATA/postmaster.pid")  postgres://127.0.0.1:$PG_PORT  $(postgres_ready && echo ready || echo not-answering)"
  else
    echo "postgres  stopped"
  fi
}

postgres_reset() { rm -rf "$PG_DATA"; }
