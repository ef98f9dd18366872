#!/usr/bin/env bash
# The main job end to end on this machine: installs what is missing, starts the local services, builds the
# random-weight test models (real weights: npm run models:download where internet exists), seeds sample reviews,
# starts the six services in the background, runs the pipeline and leaves the api serving.
# Usage: scripts/demo.sh [REVIEWS]   (default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
reviews="${1:-${REVIEWS:-10000}}"
export ONNXRUNTIME_NODE_INSTALL_CUDA=skip
bash scripts/ensure-deps.sh
bash scripts/services/start.sh
bash scripts/models/build-random.sh
npm run build --silent
set -a; . ./.services/env; set +a

echo "== seeding $reviews sample reviews into PostgreSQL"
node dist/tools/cli/seed.js --reviews "$reviews" --seed 42 --database-url "$SOURCE_DATABASE_URL" --reset

echo "== starting the six services (logs in .services/stack/logs)"
node dist/tools/cli/stack.js down >/dev/null 2>&1 || true
node dist/tools/cli/stack.js up

echo "== running the pipeline"
start=$SECONDS
node dist/tools/cli/run-pipeline.js --full --run-id "demo-$(date +%Y%m%d%H%M%S)" | tee .services/last-run.json
echo "== end to end: $((SECONDS - start)) s for $reviews reviews"

product=$(PGPASSWORD=reviewlens psql "$SOURCE_DATABASE_URL" -Atc "SELECT p_id FROM product_reviews GROUP BY p_id ORDER BY count(*) DESC, p_id LIMIT 1")
cat <<EOT

The api keeps serving on http://127.0.0.1:${API_PORT:-3000} (stop everything: node dist/tools/cli/stack.js down && npm run services:stop).
Try:
  curl -s 'http://127.0.0.1:${API_PORT:-3000}/v1/reviews/${product}/top?limit=3'
  curl -s 'http://127.0.0.1:${API_PORT:-3000}/v1/products/${product}/summary'
  curl -s -H 'x-api-key: local-development-admin-key-not-for-production' http://127.0.0.1:${API_PORT:-3000}/v1/runs
  open http://127.0.0.1:${API_PORT:-3000}/admin/queues?api_key=local-development-admin-key-not-for-production  (Bull Board)
  API docs: http://127.0.0.1:${API_PORT:-3000}/docs
EOT
