#!/usr/bin/env bash
# Builds RANDOM-weight ONNX models with the real architectures (see docs/models.md).
# Usage: scripts/models/build-random.sh [--out DIR] [--src DIR] [--models a,b,c] [--force] [--no-quantize]
#                                       [--seed N] [--skip-node-check]
# Defaults: --out <repo>/.cache/models, --src <repo>/../shared/models (MODEL_SOURCE_DIR overrides).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$repo/.cache/models"
src="${MODEL_SOURCE_DIR:-$repo/../shared/models}"
models="Xenova/all-MiniLM-L6-v2,Xenova/distilbert-base-uncased-mnli,Xenova/mobilebert-uncased-mnli"
node_check=1
py_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --src) src="$2"; shift 2 ;;
    --models) models="$2"; shift 2 ;;
    --seed) py_args+=(--seed "$2"); shift 2 ;;
    --force|--no-quantize) py_args+=("$1"); shift ;;
    --skip-node-check) node_check=0; shift ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

started=$(date +%s)
# shellcheck source=venv.sh
source "$here/venv.sh"
ensure_venv "$repo/.cache/model-venv" "$here/requirements.txt"
mkdir -p "$out"
"$repo/.cache/model-venv/bin/python" "$here/build_random_onnx.py" \
  --out "$out" --src "$src" --models "$models" ${py_args[@]+"${py_args[@]}"} 2> >(grep -v 'pre-processing before quantization' >&2)
if [[ $node_check == 1 ]]; then
  node "$here/check-transformers-js.mjs" --model-dir "$out" --models "$models"
fi
echo "[build-random] total $(( $(date +%s) - started ))s; models in $out"
