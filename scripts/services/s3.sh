# s3rver on 127.0.0.1:4568 with bucket "reviewlens". Sourced; defines s3_start/stop/status/reset.

S3_PORT="${REVIEWLENS_S3_PORT:-4568}"
S3_BUCKET_NAME=reviewlens
S3_HOME="$SERVICES_DIR/s3rver"
S3_PIDFILE="$S3_HOME/s3rver.pid"
S3_LOG="$LOG_DIR/s3rver.log"
S3_RUNNER="$SERVICES_SCRIPT_DIR/s3rver.mjs"

s3_running() { pid_alive "$S3_PIDFILE" "$S3_RUNNER"; }

s3_start() {
  mkdir -p "$S3_HOME/data"
  if s3_running; then
    log "s3: already running (pid $(pid_of "$S3_PIDFILE"))"
  else
    require_free_port s3 "$S3_PORT"
    # Legacy OpenSSL provider: s3rver's paged listing uses a cipher Node 17+ disables by default.
    start_detached "$S3_PIDFILE" "$S3_LOG" node --openssl-legacy-provider "$S3_RUNNER" \
      --address 127.0.0.1 --port "$S3_PORT" --directory "$S3_HOME/data" --bucket "$S3_BUCKET_NAME"
    log "s3: started"
  fi
  NODE_NO_WARNINGS=1 node "$SERVICES_SCRIPT_DIR/probe.mjs" s3 "http://127.0.0.1:$S3_PORT" "$READY_TIMEOUT_S" "$S3_BUCKET_NAME" ||
    { tail -n 20 "$S3_LOG" >&2; die "s3rver is not ready (log: $S3_LOG)"; }
}

s3_stop() { stop_pid s3 "$S3_PIDFILE" "$S3_RUNNER"; }

s3_status() {
  if s3_running; then
    echo "s3        running  pid $(pid_of "$S3_PIDFILE")  http://127.0.0.1:$S3_PORT  bucket $S3_BUCKET_NAME  $(answer_state "$S3_PORT")"
  else
    echo "s3        stopped"
  fi
}

s3_reset() { rm -rf "$S3_HOME/data"; }
