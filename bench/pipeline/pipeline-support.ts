/**
 * Shared pieces of the end-to-end pipeline bench (bench/pipeline/pipeline.bench.ts): the isolated stack with the real
 * model weights, triggering a run and waiting for its publish, source writes in the real source schema (new reviews,
 * updated reviews, a continuous insert stream) and the per-stage report lines.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PoolClient } from 'pg';
import { QUEUES, STAGES, jobIds } from '@reviewlens/contracts';
import {
  populationSizes, sampleIds, sampleProducts, sampleReviewBatches, DEFAULT_SAMPLE_OPTIONS,
  type SampleProduct, type SampleReview,
} from '@reviewlens/source-db';
import { RunBatchRepository, RunRepository, buildRunReport, type RunReport } from '@reviewlens/store';
import { REAL_MODEL_DIR, TEST_MODEL_DIR } from '../../tools/stack/local-env';
import { createE2eContext, type E2eContext } from '../../test/support/e2e-context';

export const BASE_SEED = 42;
export const MODEL_ID = 'Xenova/all-MiniLM-L6-v2';

export interface ClassifierSetup { engine: string; quantized: boolean; replicas: number }

/**
 * MODEL_DIR of the bench: the real MiniLM (and e5) weights (`npm run models:build-real`), never the random test
 * weights the e2e context defaults to (same architecture, but a bench must pay the real cost). MODEL_DIR overrides.
 */
export function benchModelDir(randomWeights: boolean): string {
  if (randomWeights) return process.env.MODEL_DIR ?? TEST_MODEL_DIR;
  const dir = process.env.MODEL_DIR ?? REAL_MODEL_DIR;
  if (!existsSync(join(dir, MODEL_ID, 'onnx', 'model.onnx'))) {
    throw new Error(`no real weights in ${dir}/${MODEL_ID}: run \`bash scripts/models/build-real.sh\`, set MODEL_DIR, or pass --random-weights`);
  }
  return dir;
}

export async function benchContext(opts: {
  basePort: number; modelDir: string; classifier: ClassifierSetup; batchSize: number; extraEnv?: Record<string, string>;
}): Promise<E2eContext> {
  return createE2eContext({
    basePort: opts.basePort, classifierReplicas: opts.classifier.replicas,
    extraEnv: {
      EXTRACT_BATCH_SIZE: String(opts.batchSize), MODEL_DIR: opts.modelDir, MODEL_ID,
      CLASSIFIER_ENGINE: opts.classifier.engine, MODEL_QUANTIZED: String(opts.classifier.quantized), LOG_LEVEL: 'warn',
      ...opts.extraEnv,
    },
  });
}

/** Stops every classifier replica and starts them again with another engine / quantization (env of the stack). */
export async function restartClassifier(ctx: E2eContext, setup: ClassifierSetup): Promise<void> {
  for (const key of [...ctx.stack.processes.keys()].filter((k) => k === 'classifier' || k.startsWith('classifier-'))) {
    await ctx.stack.stopOne(key);
  }
  ctx.env.CLASSIFIER_ENGINE = setup.engine;
  ctx.env.MODEL_QUANTIZED = String(setup.quantized);
  for (let i = 0; i < setup.replicas; i++) await ctx.stack.startOne('classifier', i);
}

/** Restarts one single-instance service with changed settings (the stack's env is shared by later starts). */
export async function restartWith(ctx: E2eContext, name: 'extractor' | 'api', env: Record<string, string>): Promise<void> {
  await ctx.stack.stopOne(name);
  Object.assign(ctx.env, env);
  await ctx.stack.startOne(name);
}

export interface MeasuredRun { runId: string; wallSec: number; report: RunReport }

/** Adds an extract job (trigger cli) and waits until the run is published; wall time from the add to the publish seen. */
export async function triggerAndWait(ctx: E2eContext, runId: string, full: boolean, timeoutSec: number): Promise<MeasuredRun> {
  const runs = new RunRepository(ctx.db);
  const t = Date.now();
  await ctx.queue(QUEUES.extract).add('run', { runId, trigger: 'cli', full }, { jobId: jobIds.extract(runId) });
  const deadline = t + timeoutSec * 1000;
  for (;;) {
    const run = await runs.get(runId);
    if (run?.status === 'published') break;
    if (run?.status === 'failed') throw new Error(`run ${runId} failed: ${run.error}`);
    if (Date.now() > deadline) throw new Error(`run ${runId} not published after ${timeoutSec} s (status ${run?.status ?? 'not created'})`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const wallSec = (Date.now() - t) / 1000;
  return { runId, wallSec, report: await reportOf(ctx, runId) };
}

export async function reportOf(ctx: E2eContext, runId: string): Promise<RunReport> {
  const run = await new RunRepository(ctx.db).get(runId);
  if (!run) throw new Error(`run ${runId} not found`);
  return buildRunReport(run, await new RunBatchRepository(ctx.db).forRun(runId));
}

const fmt = (n: number, d = 1): string => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
export const f0 = (n: number): string => fmt(n, 0);
export const f1 = (n: number): string => fmt(n, 1);
export const f2 = (n: number): string => fmt(n, 2);

/** Busy rows/s of a stage: the rows it handled (extracted, archived, cleaned + rejected, classified, loaded) / its busy time. */
export function stageRows(report: RunReport, stage: (typeof STAGES)[number]): number {
  const s = report.stages[stage];
  return stage === 'cleaner' ? s.rows + s.rejected : s.rows;
}

export function printRun(label: string, m: MeasuredRun, indent = '  '): void {
  const r = m.report;
  console.log(`${indent}${label}: run ${m.runId}`);
  console.log(`${indent}  trigger → published ${f1(m.wallSec).padStart(8)} s   (run record created → published ${f1((r.durationMs ?? NaN) / 1000)} s)`);
  console.log(`${indent}  counts ${JSON.stringify(r.counts)}  invariant ${r.invariantHolds}`);
  console.log(`${indent}  ${'stage'.padEnd(11)} ${'batches'.padStart(7)} ${'rows'.padStart(8)} ${'busy s'.padStart(8)} ${'rows/s'.padStart(9)} retries`);
  for (const stage of STAGES) {
    const s = r.stages[stage];
    const rows = stageRows(r, stage);
    const busy = s.durationMs / 1000;
    console.log(`${indent}  ${stage.padEnd(11)} ${String(s.batches).padStart(7)} ${String(rows).padStart(8)} ${f2(busy).padStart(8)} ${(busy > 0 ? f0(rows / busy) : '-').padStart(9)} ${String(s.retries).padStart(7)}`);
  }
}

/** Sample products of the base catalogue (the products generateSample wrote for `baseReviews` reviews). */
export function baseProducts(baseReviews: number): SampleProduct[] {
  return sampleProducts({ ...DEFAULT_SAMPLE_OPTIONS, reviews: baseReviews, seed: BASE_SEED });
}

/**
 * `count` generated reviews (text, title, rating, votes, images, orders from the sample generator, seed `seed`) on
 * the base catalogue's products and buyers, with ids `<prefix><i>` so they never collide with the base's. No
 * malformed rows: every one of them must be served.
 */
export function freshReviews(baseReviews: number, products: SampleProduct[], count: number, seed: number, prefix: string): SampleReview[] {
  const buyers = populationSizes(baseReviews).buyers;
  const out: SampleReview[] = [];
  let i = 0;
  for (const batch of sampleReviewBatches({ ...DEFAULT_SAMPLE_OPTIONS, reviews: count, seed, malformedRate: 0 }, products, 5_000)) {
    for (const r of batch) {
      const reviewId = `${prefix}${i}`;
      const buyerIndex = Number(r.buyerId.slice(r.buyerId.lastIndexOf('-b') + 2)) % buyers;
      out.push({
        ...r, reviewId, buyerId: sampleIds.buyer(BASE_SEED, buyerIndex),
        imageUrls: r.imageUrls.map((_, k) => `https://images.example.com/reviews/${reviewId}/${k + 1}.jpg`),
        order: r.order ? { ...r.order, orderId: `${prefix}o${i}` } : null,
      });
      i += 1;
    }
  }
  return out;
}

/**
 * Inserts reviews into the source tables (review, product_reviews, review_images, orders) in the caller's transaction,
 * created_at = updated_at = clock_timestamp() (what a user posting a review now gives: past the watermark).
 */
export async function insertReviewsNow(client: PoolClient, reviews: readonly SampleReview[]): Promise<void> {
  await client.query(
    `INSERT INTO review (review_id, buyer_id, r_desc, title, rating, seller_product_flag, created_at, updated_at,
                         helpful_votes, total_votes, language)
     SELECT id, buyer, txt, title, rating, false, clock_timestamp(), clock_timestamp(), hv, tv, lang
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::text[])
          AS t(id, buyer, txt, title, rating, hv, tv, lang)`,
    [
      reviews.map((r) => r.reviewId), reviews.map((r) => r.buyerId), reviews.map((r) => r.text), reviews.map((r) => r.title),
      reviews.map((r) => r.rating), reviews.map((r) => r.helpfulVotes), reviews.map((r) => r.totalVotes), reviews.map((r) => r.language),
    ],
  );
  const linked = reviews.filter((r) => r.productId !== null);
  await client.query('INSERT INTO product_reviews (review_id, p_id) SELECT * FROM unnest($1::text[], $2::text[])',
    [linked.map((r) => r.reviewId), linked.map((r) => r.productId)]);
  const images = reviews.flatMap((r) => r.imageUrls.map((url) => [r.reviewId, url] as const));
  if (images.length > 0) {
    await client.query('INSERT INTO review_images (review_id, url) SELECT * FROM unnest($1::text[], $2::text[])',
      [images.map((x) => x[0]), images.map((x) => x[1])]);
  }
  const orders = reviews.filter((r) => r.order !== null);
  if (orders.length > 0) {
    await client.query(
      `INSERT INTO orders (order_id, buyer_id, p_id, order_date)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])`,
      [orders.map((r) => r.order!.orderId), orders.map((r) => r.buyerId), orders.map((r) => r.order!.productId), orders.map((r) => r.order!.orderDate)],
    );
  }
}

export async function inTx<T>(client: PoolClient, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const out = await fn();
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/**
 * Edits `count` base reviews picked at random (deterministic per `salt`): r_desc gets a sentence appended and
 * updated_at = clock_timestamp(), as an edit in the source application does. Returns the ids.
 */
export async function updateBaseReviews(ctx: E2eContext, count: number, salt: string): Promise<string[]> {
  const { rows } = await ctx.ownerPool.query<{ review_id: string }>(
    `UPDATE review SET r_desc = coalesce(r_desc, '') || ' Edit: still happy with it after a few weeks.', updated_at = clock_timestamp()
     WHERE review_id IN (SELECT review_id FROM review WHERE review_id LIKE $1 ORDER BY md5(review_id || $2) LIMIT $3)
     RETURNING review_id`,
    [`s${BASE_SEED}-r%`, salt, count],
  );
  return rows.map((r) => r.review_id);
}

/** Object count of the lake per top-level prefix (cleaned, rejects, curated, ...) and in total. */
export async function lakeObjectCounts(ctx: E2eContext): Promise<Record<string, number>> {
  const keys = await ctx.lake.listKeys('');
  const out: Record<string, number> = { total: keys.length };
  for (const k of keys) {
    const top = k.split('/')[0]!;
    out[top] = (out[top] ?? 0) + 1;
  }
  return out;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
