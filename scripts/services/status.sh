#!/usr/bin/env bash
# Prints the state of each local service: status.sh [name ...]. Exits 1 if any listed service is stopped.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for f in packages redis postgres ferretdb s3; do source "$SERVICES_SCRIPT_DIR/$f.sh"; done

mapfile -t SELECTED < <(select_services "$@")
rc=0
for s in "${SELECTED[@]}"; do
  line="$("${s}_status")"
  echo "$line"
  case "$line" in *stopped*) rc=1 ;; esac
done
echo "services dir: $SERVICES_DIR"
exit "$rc"
