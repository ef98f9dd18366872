#!/usr/bin/env bash
# Compile the repo to a private outDir (never touches dist/, which `npm run build` owns) and run the aspect-engine
# benchmark with real weights. Arguments go to the bench (see bench/classifier/aspect.bench.ts), e.g.
#   bash bench/classifier/run-aspect-bench.sh --reviews 200 --rounds 2
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="${BENCH_OUT_DIR:-/tmp/bench-dist}"
# Type errors elsewhere in the tree (work in progress) do not stop the emit; the bench's own files must compile.
errors="$(npx tsc -p tsconfig.build.json --outDir "$OUT" || true)"
if grep -E '^bench/classifier/' <<<"$errors"; then exit 1; fi
npx tsc-alias -p tsconfig.build.json --outDir "$OUT"
NODE_PATH=node_modules exec node "$OUT/bench/classifier/aspect.bench.js" "$@"
