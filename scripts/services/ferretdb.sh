# FerretDB (embedded, SQLite backend) on 127.0.0.1:27017, built from tools/ferretdb.
# Sourced; defines ferretdb_start/stop/status/reset.

FERRETDB_PORT="${REVIEWLENS_FERRETDB_PORT:-27017}"
FERRETDB_SRC="$REPO_ROOT/tools/ferretdb"
FERRETDB_HOME="$SERVICES_DIR/ferretdb"
FERRETDB_BIN="$SERVICES_DIR/bin/ferretdb"
FERRETDB_PIDFILE="$FERRETDB_HOME/ferretdb.pid"
FERRETDB_LOG="$LOG_DIR/ferretdb.log"

ferretdb_running() { pid_alive "$FERRETDB_PIDFILE" "$FERRETDB_BIN"; }

ferretdb_source_hash() {
  (cd "$FERRETDB_SRC" && cat go.mod go.sum main.go && go env GOVERSION GOOS GOARCH) | sha256sum | cut -d' ' -f1
}

# Build the launcher only when its sources (or the Go toolchain) changed.
ferretdb_build() {
  command -v go >/dev/null || die "go not found: FerretDB is built from $FERRETDB_SRC"
  local want have=""
  want="$(ferretdb_source_hash)"
  [ -f "$FERRETDB_BIN.sha256" ] && have="$(cat "$FERRETDB_BIN.sha256")"
  if [ -x "$FERRETDB_BIN" ] && [ "$want" = "$have" ]; then return 0; fi
  log "ferretdb: building launcher (go build, first time takes about a minute)"
  mkdir -p "$SERVICES_DIR/bin"
  (cd "$FERRETDB_SRC" && GOFLAGS=-buildvcs=false go build -o "$FERRETDB_BIN.tmp" .) >>"$FERRETDB_LOG" 2>&1 ||
    die "ferretdb: go build failed (log: $FERRETDB_LOG)"
  mv -f "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
  echo "$want" >"$FERRETDB_BIN.sha256"
}

ferretdb_start() {
  mkdir -p "$FERRETDB_HOME/data"
  if ferretdb_running; then
    log "ferretdb: already running (pid $(pid_of "$FERRETDB_PIDFILE"))"
  else
    ferretdb_build
    require_free_port ferretdb "$FERRETDB_PORT"
    start_detached "$FERRETDB_PIDFILE" "$FERRETDB_LOG" "$FERRETDB_BIN" \
      -listen-addr "127.0.0.1:$FERRETDB_PORT" -sqlite-dir "$FERRETDB_HOME/data" -log-level "${FERRETDB_LOG_LEVEL:-error}"
    log "ferretdb: started"
  fi
  NODE_NO_WARNINGS=1 node "$SERVICES_SCRIPT_DIR/probe.mjs" mongo "mongodb://127.0.0.1:$FERRETDB_PORT" "$READY_TIMEOUT_S" ||
    { tail -n 20 "$FERRETDB_LOG" >&2; die "ferretdb is not ready (log: $FERRETDB_LOG)"; }
}

ferretdb_stop() { stop_pid ferretdb "$FERRETDB_PIDFILE" "$FERRETDB_BIN"; }

ferretdb_status() {
  if ferretdb_running; then
    echo "ferretdb  running  pid $(pid_of "$FERRETDB_PIDFILE")  mongodb://127.0.0.1:$FERRETDB_PORT  $(answer_state "$FERRETDB_PORT")"
  else
    echo "ferretdb  stopped"
  fi
}

ferretdb_reset() { rm -rf "$FERRETDB_HOME/data"; }
