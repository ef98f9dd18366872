#!/usr/bin/env bash
# OPTIONAL check that the ONNX graph builders reproduce transformers (PyTorch) exactly: same random
# weights, same inputs, outputs compared (verify_reference.py). Builds the heavy reference venv
# .cache/model-ref-venv (torch + transformers, ~2-3 min, ~5.7 GB) on first use.
# Usage: scripts/models/verify-reference.sh [--src DIR] [--models a,b] [--stds 0.02,0.05]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# shellcheck source=venv.sh
source "$here/venv.sh"
ensure_venv "$repo/.cache/model-ref-venv" "$here/requirements-reference.txt"
exec "$repo/.cache/model-ref-venv/bin/python" "$here/verify_reference.py" "$@"
