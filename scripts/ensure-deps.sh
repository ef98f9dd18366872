#!/usr/bin/env bash
# Installs the npm dependencies when node_modules is missing, or older than package-lock.json or a file in patches/
# (patch-package applies patches/ at postinstall). Sourced or run from the repo root by test.sh and demo.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export ONNXRUNTIME_NODE_INSTALL_CUDA=skip
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ -n "$(find patches -type f -newer "$stamp" 2>/dev/null)" ]; then
  # npm ci installs exactly the lockfile and never rewrites it (it refuses a lock out of sync with package.json).
  npm ci --no-audit --no-fund
  touch "$stamp"
fi
