#!/usr/bin/env bash
# Starts the local services on loopback: start.sh [redis|postgres|ferretdb|s3 ...] (no args = all).
# Idempotent: running services are left alone. REVIEWLENS_SERVICES_RESET=1 wipes their data first.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for f in packages redis postgres ferretdb s3 env; do source "$SERVICES_SCRIPT_DIR/$f.sh"; done

mapfile -t SELECTED < <(select_services "$@")
lock_services_dir
started_at=$SECONDS

for s in "${SELECTED[@]}"; do
  case "$s" in ferretdb | s3) require_node_modules ;; esac
done
ensure_packages "${SELECTED[@]}"
mkdir -p "$SERVICES_DIR" "$LOG_DIR"
chmod 755 "$SERVICES_DIR" "$LOG_DIR"

if [ "${REVIEWLENS_SERVICES_RESET:-0}" = 1 ]; then
  for s in "${SELECTED[@]}"; do
    "${s}_stop"
    "${s}_reset"
    log "$s: data wiped"
  done
fi

for s in "${SELECTED[@]}"; do "${s}_start"; done
write_env_file
log "ready: ${SELECTED[*]} in $((SECONDS - started_at))s; settings in $SERVICES_DIR/env, logs in $LOG_DIR"
