#!/usr/bin/env bash
# Stops the local services: stop.sh [redis|postgres|ferretdb|s3 ...] (no args = all). Data is kept.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for f in packages redis postgres ferretdb s3; do source "$SERVICES_SCRIPT_DIR/$f.sh"; done

mapfile -t SELECTED < <(select_services "$@")
lock_services_dir
for s in "${SELECTED[@]}"; do "${s}_stop"; done
