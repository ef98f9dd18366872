# Shared helpers for scripts/services/*.sh. Sourced, never run.
# Paths, logging, pidfile handling, waiting, and stopping a process cleanly.

SERVICES_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SERVICES_SCRIPT_DIR/../.." && pwd)"
SERVICES_DIR="${REVIEWLENS_SERVICES_DIR:-$REPO_ROOT/.services}"
LOG_DIR="$SERVICES_DIR/logs"
ALL_SERVICES=(redis postgres ferretdb s3)
READY_TIMEOUT_S="${REVIEWLENS_SERVICES_TIMEOUT:-60}"
STOP_TIMEOUT_S="${REVIEWLENS_SERVICES_STOP_TIMEOUT:-20}"

log() { printf '[services] %s\n' "$*" >&2; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

# Resolve the arguments to a list of known service names (all when empty).
select_services() {
  if [ "$#" -eq 0 ]; then
    printf '%s\n' "${ALL_SERVICES[@]}"
    return
  fi
  local name known
  for name in "$@"; do
    known=0
    for s in "${ALL_SERVICES[@]}"; do [ "$s" = "$name" ] && known=1; done
    [ "$known" = 1 ] || die "unknown service '$name' (known: ${ALL_SERVICES[*]})"
    printf '%s\n' "$name"
  done
}

# pid_alive PIDFILE EXPECTED_COMMAND_SUBSTRING: true if the pidfile names a live process
# whose command line contains the expected text (guards against recycled pids).
pid_alive() {
  local pidfile="$1" expect="$2" pid
  [ -s "$pidfile" ] || return 1
  pid="$(head -n1 "$pidfile" | tr -dc '0-9')"
  [ -n "$pid" ] && proc_running "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$expect"
}

# proc_running PID: alive and not a zombie (an exited daemon may wait a while for init to reap it).
proc_running() {
  local state
  state="$(sed -E 's/^[0-9]+ \(.*\) ([A-Za-z]).*/\1/' "/proc/$1/stat" 2>/dev/null)" || return 1
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

pid_of() { head -n1 "$1" 2>/dev/null | tr -dc '0-9'; }

# port_open PORT: true if something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# require_free_port NAME PORT: fail clearly when a foreign process holds our port.
require_free_port() {
  local name="$1" port="$2"
  if port_open "$port"; then
    die "$name: port 127.0.0.1:$port is already taken by a process this script did not start ($(ss -ltnpH "sport = :$port" 2>/dev/null | sed -E 's/.*users:\(\((.*)\)\).*/\1/' | head -n1)); stop it first"
  fi
}

# start_detached PIDFILE LOGFILE CMD...: run CMD in its own session, detached from this shell,
# appending output to LOGFILE; the pidfile holds the pid of CMD itself.
start_detached() {
  local pidfile="$1" logfile="$2"
  shift 2
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" >>"$logfile" 2>&1 </dev/null 9>&- &
  local i
  for i in $(seq 1 50); do [ -s "$pidfile" ] && return 0; sleep 0.02; done
  die "could not start $1 (see $logfile)"
}

# wait_until NAME LOGFILE CMD...: retry CMD until it succeeds or READY_TIMEOUT_S passes.
wait_until() {
  local name="$1" logfile="$2"
  shift 2
  local deadline=$((SECONDS + READY_TIMEOUT_S))
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "$name did not answer within ${READY_TIMEOUT_S}s; last lines of $logfile:"
      tail -n 20 "$logfile" >&2 2>/dev/null || true
      die "$name is not ready (log: $logfile)"
    fi
    sleep 0.2
  done
}

# stop_pid NAME PIDFILE EXPECT: SIGTERM, wait up to STOP_TIMEOUT_S, then SIGKILL.
stop_pid() {
  local name="$1" pidfile="$2" expect="$3" pid i
  if ! pid_alive "$pidfile" "$expect"; then
    rm -f "$pidfile"
    log "$name: not running"
    return 0
  fi
  pid="$(pid_of "$pidfile")"
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 $((STOP_TIMEOUT_S * 10))); do
    proc_running "$pid" || break
    sleep 0.1
  done
  if proc_running "$pid"; then
    log "$name: still running after ${STOP_TIMEOUT_S}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.2
  fi
  rm -f "$pidfile"
  log "$name: stopped"
}

# Node is needed for s3rver and the readiness probes of FerretDB and s3rver.
require_node_modules() {
  [ -d "$REPO_ROOT/node_modules/s3rver" ] && [ -d "$REPO_ROOT/node_modules/mongodb" ] &&
    [ -d "$REPO_ROOT/node_modules/@aws-sdk/client-s3" ] ||
    die "node_modules is missing or incomplete: run 'npm ci' in $REPO_ROOT first"
}

# Serialise start/stop runs on one services dir (two callers racing would start a service twice).
# The lock is fd 9; everything that starts a daemon closes it (9>&-) so daemons never hold it.
lock_services_dir() {
  mkdir -p "$SERVICES_DIR"
  exec 9>"$SERVICES_DIR/.lock"
  flock -w 300 9 || die "another start.sh/stop.sh holds $SERVICES_DIR/.lock"
}

# answer_state PORT: "answering" if the port accepts TCP connections.
answer_state() { port_open "$1" && echo answering || echo not-answering; }
