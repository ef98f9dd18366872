/**
 * Continuous-mode scenario of the pipeline bench: the extractor polls the source watermark every CONTINUOUS_POLL_MS,
 * reviews are inserted into the source at a steady rate, and each review's insert → served latency is measured the way
 * a user sees it: the review is listed by the api (`GET /v1/reviews/<product>/top`).
 *
 * How "served" is detected: every review goes to a product created for the bench (one per `REVIEWS_PER_PRODUCT`
 * reviews, a copy of a base-catalogue product), so `/top?limit=100` lists all of a product's reviews. The watcher polls
 * `GET /v1/snapshots/current` every `WATCH_MS`; when the served snapshot changes it lists every product that still has
 * unserved reviews. A review found there is served since the api's `loadedAt` of that snapshot (the swap time, on this
 * machine's clock); if the snapshot changed again during the listing, the later `loadedAt` is taken (an upper bound).
 * Insert time = the client's clock right after the review's transaction committed.
 */
import { STAGES } from '@reviewlens/contracts';
import type { SampleProduct, SampleReview } from '@reviewlens/source-db';
import { RunRepository } from '@reviewlens/store';
import { api, type E2eContext } from '../../test/support/e2e-context';
import {
  baseProducts, f0, f1, f2, freshReviews, inTx, insertReviewsNow, lakeObjectCounts, percentile, reportOf, restartWith, stageRows,
} from './pipeline-support';

const REVIEWS_PER_PRODUCT = 20;
const WATCH_MS = 250;

export interface ContinuousOptions {
  baseReviews: number;
  rate: number;
  durationSec: number;
  pollMs: number;
  snapshotPollMs: number;
  drainTimeoutSec: number;
}

export interface ContinuousResult {
  inserted: number;
  served: number;
  p50: number; p95: number; max: number; mean: number;
  runs: number;
  runsPerHour: number;
  lakeFilesPerHour: number;
  accountingHolds: boolean;
  problems: string[];
}

interface SnapshotStatus { snapshotId: string | null; runId: string | null; rowCount: number; loadedAt: string | null }

async function snapshotStatus(ctx: E2eContext): Promise<SnapshotStatus> {
  const res = await api<SnapshotStatus>(ctx, 'GET', '/v1/snapshots/current');
  if (res.status !== 200) throw new Error(`/v1/snapshots/current answered ${res.status}`);
  return res.body;
}

async function topIds(ctx: E2eContext, productId: string): Promise<string[]> {
  const res = await api<{ reviews: { reviewId: string }[] }>(ctx, 'GET', `/v1/reviews/${encodeURIComponent(productId)}/top?limit=100`);
  if (res.status === 404) return [];
  if (res.status !== 200) throw new Error(`/top of ${productId} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.reviews.map((r) => r.reviewId);
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) { const i = next++; out[i] = await fn(items[i]!); }
  }));
  return out;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function runContinuous(ctx: E2eContext, opts: ContinuousOptions): Promise<ContinuousResult> {
  const total = Math.round(opts.rate * opts.durationSec);
  const problems: string[] = [];

  // The reviews and their products, generated before the clock starts.
  const catalogue = baseProducts(opts.baseReviews);
  const reviews: SampleReview[] = freshReviews(opts.baseReviews, catalogue, total, 4242, 'cont-r');
  const products: SampleProduct[] = [];
  const productOf = new Map<string, string>();
  reviews.forEach((r, i) => {
    const k = Math.floor(i / REVIEWS_PER_PRODUCT);
    if (!products[k]) products[k] = { ...catalogue[k % catalogue.length]!, pId: `cont-p${k}` };
    r.productId = products[k]!.pId;
    if (r.order) r.order.productId = products[k]!.pId;
    productOf.set(r.reviewId, products[k]!.pId);
  });

  // The api (its own snapshot poll), serving the snapshot the earlier runs published.
  if (!ctx.stack.processes.has('api')) {
    ctx.env.SNAPSHOT_POLL_MS = String(opts.snapshotPollMs);
    await ctx.stack.startOne('api');
  }
  let status = await snapshotStatus(ctx);
  for (const deadline = Date.now() + 120_000; status.snapshotId === null; status = await snapshotStatus(ctx)) {
    if (Date.now() > deadline) throw new Error('the api serves no snapshot 120 s after its start');
    await sleep(500);
  }
  const rowsBefore = status.rowCount;
  const lakeBefore = await lakeObjectCounts(ctx);
  const runs = new RunRepository(ctx.db);

  // Continuous mode on: the extractor restarts with CONTINUOUS_POLL_MS (its job scheduler is upserted at start-up).
  await restartWith(ctx, 'extractor', { CONTINUOUS_POLL_MS: String(opts.pollMs) });
  const startedAt = new Date();

  const insertedAt = new Array<number>(total).fill(NaN);
  const servedAt = new Map<string, number>();
  const duplicateListings: string[] = [];
  const pending = new Set<string>();   // products with inserted, not yet served reviews
  let insertedCount = 0;
  let inserting = true;
  let lagBehindMs = 0;

  const inserter = (async () => {
    const client = await ctx.ownerPool.connect();
    try {
      const t0 = Date.now();
      for (let i = 0; i < total; i++) {
        const due = t0 + (i * 1000) / opts.rate;
        const wait = due - Date.now();
        if (wait > 0) await sleep(wait); else lagBehindMs = Math.max(lagBehindMs, -wait);
        const r = reviews[i]!;
        await inTx(client, async () => {
          if (i % REVIEWS_PER_PRODUCT === 0) {
            const p = products[Math.floor(i / REVIEWS_PER_PRODUCT)]!;
            await client.query('INSERT INTO product (p_id, name, category, brand, price) VALUES ($1, $2, $3, $4, $5)',
              [p.pId, p.name, p.category, p.brand, p.price]);
          }
          await insertReviewsNow(client, [r]);
        });
        insertedAt[i] = Date.now();
        insertedCount = i + 1;
        pending.add(r.productId!);
      }
    } finally {
      client.release();
      inserting = false;
    }
  })();

  const indexOf = new Map(reviews.map((r, i) => [r.reviewId, i] as const));
  let lastSnapshot: string | null = status.snapshotId;
  const drainDeadline = (): number => startedAt.getTime() + (opts.durationSec + opts.drainTimeoutSec) * 1000;
  const watcher = (async () => {
    while (inserting || (servedAt.size < insertedCount && Date.now() < drainDeadline())) {
      await sleep(WATCH_MS);
      const s = await snapshotStatus(ctx);
      if (s.snapshotId === lastSnapshot) continue;
      const scanned = [...pending];
      const listings = await mapLimit(scanned, 8, (p) => topIds(ctx, p));
      const after = await snapshotStatus(ctx);
      const loadedAt = Date.parse((after.snapshotId !== s.snapshotId ? after : s).loadedAt!);
      lastSnapshot = s.snapshotId;
      scanned.forEach((p, k) => {
        const ids = listings[k]!;
        if (new Set(ids).size !== ids.length) duplicateListings.push(p);
        for (const id of ids) {
          const i = indexOf.get(id);
          if (i === undefined || servedAt.has(id)) continue;
          if (Number.isNaN(insertedAt[i]!)) continue; // listed before its commit was recorded: taken at the next swap
          servedAt.set(id, loadedAt);
        }
        const first = Number(p.slice('cont-p'.length)) * REVIEWS_PER_PRODUCT;
        const inserted = Math.min(REVIEWS_PER_PRODUCT, insertedCount - first);
        if (reviews.slice(first, first + inserted).every((r) => servedAt.has(r.reviewId))) pending.delete(p);
      });
    }
  })();

  const progress = setInterval(() => {
    console.log(`    … ${f0((Date.now() - startedAt.getTime()) / 1000)} s: inserted ${insertedCount}, served ${servedAt.size}`);
  }, 30_000);
  try {
    await inserter;
    await watcher;
  } finally {
    clearInterval(progress);
  }

  // The last run must be over before the accounting (an empty source poll starts no run).
  for (const deadline = Date.now() + 120_000; await runs.findActive(); ) {
    if (Date.now() > deadline) { problems.push('a run is still active 120 s after the last review was served'); break; }
    await sleep(500);
  }
  const endedAt = new Date();
  const elapsedH = (endedAt.getTime() - startedAt.getTime()) / 3_600_000;
  const lakeAfter = await lakeObjectCounts(ctx);
  const finalStatus = await snapshotStatus(ctx);

  // Exact accounting: the continuous runs extracted every inserted review once, rejected none, never overlapped, and
  // the api lists every inserted review exactly once.
  const contRuns = (await runs.list(100_000))
    .filter((r) => r.trigger === 'continuous' && r.createdAt >= startedAt)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const reports = await Promise.all(contRuns.map((r) => reportOf(ctx, r._id)));
  const sum = (k: 'extracted' | 'loaded' | 'rejected'): number => reports.reduce((s, r) => s + r.counts[k], 0);
  if (reports.some((r) => r.status !== 'published' || r.invariantHolds !== true)) {
    problems.push(`runs not published or invariant broken: ${reports.filter((r) => r.invariantHolds !== true).map((r) => `${r.runId}:${r.status}`).join(', ')}`);
  }
  if (sum('extracted') !== total) problems.push(`continuous runs extracted ${sum('extracted')}, inserted ${total}`);
  if (sum('rejected') !== 0) problems.push(`continuous runs rejected ${sum('rejected')} (expected none): ${JSON.stringify(reports.map((r) => r.rejectedByReason))}`);
  if (sum('loaded') !== total) problems.push(`continuous runs loaded ${sum('loaded')}, inserted ${total}`);
  for (let k = 1; k < contRuns.length; k++) {
    const prev = contRuns[k - 1]!;
    if (!prev.publishedAt || contRuns[k]!.createdAt < prev.publishedAt) problems.push(`run ${contRuns[k]!._id} started before ${prev._id} was published`);
  }
  if (finalStatus.rowCount !== rowsBefore + total) problems.push(`served rows ${finalStatus.rowCount}, expected ${rowsBefore} + ${total}`);
  const listed = new Map<string, number>();
  const finalListings = await mapLimit(products, 8, (p) => topIds(ctx, p.pId));
  finalListings.forEach((ids, k) => {
    for (const id of ids) {
      listed.set(id, (listed.get(id) ?? 0) + 1);
      if (productOf.get(id) !== products[k]!.pId) problems.push(`review ${id} listed under ${products[k]!.pId}`);
    }
  });
  const missing = reviews.filter((r) => !listed.has(r.reviewId)).length;
  const twice = [...listed.values()].filter((n) => n > 1).length;
  if (missing > 0) problems.push(`${missing} inserted reviews are not served`);
  if (twice > 0 || duplicateListings.length > 0) problems.push(`${twice + duplicateListings.length} reviews/listings served more than once`);
  if (servedAt.size !== total) problems.push(`served within the drain timeout: ${servedAt.size} of ${total}`);

  const latencies = reviews.flatMap((r, i) => (servedAt.has(r.reviewId) ? [(servedAt.get(r.reviewId)! - insertedAt[i]!) / 1000] : [])).sort((a, b) => a - b);
  const lakeDelta: Record<string, number> = {};
  for (const k of new Set([...Object.keys(lakeBefore), ...Object.keys(lakeAfter)])) lakeDelta[k] = (lakeAfter[k] ?? 0) - (lakeBefore[k] ?? 0);

  const result: ContinuousResult = {
    inserted: total, served: servedAt.size,
    p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: latencies[latencies.length - 1] ?? NaN,
    mean: latencies.reduce((s, x) => s + x, 0) / Math.max(1, latencies.length),
    runs: contRuns.length, runsPerHour: contRuns.length / elapsedH, lakeFilesPerHour: (lakeDelta.total ?? 0) / elapsedH,
    accountingHolds: problems.length === 0, problems,
  };

  const durations = reports.map((r) => (r.durationMs ?? NaN) / 1000).sort((a, b) => a - b);
  const sizes = reports.map((r) => r.counts.extracted).sort((a, b) => a - b);
  console.log(`  inserted ${total} reviews at ${opts.rate}/s for ${opts.durationSec} s (inserter lagged at most ${f0(lagBehindMs)} ms), ` +
    `served ${servedAt.size}; window ${f0((endedAt.getTime() - startedAt.getTime()) / 1000)} s (continuous mode on → last run over)`);
  console.log(`  insert → served (api lists it): p50 ${f1(result.p50)} s, p95 ${f1(result.p95)} s, max ${f1(result.max)} s, mean ${f1(result.mean)} s`);
  console.log(`  runs: ${contRuns.length} (${f0(result.runsPerHour)} per hour); run record → published p50 ${f1(percentile(durations, 50))} s, ` +
    `max ${f1(durations[durations.length - 1] ?? NaN)} s; reviews per run p50 ${percentile(sizes, 50)}, max ${sizes[sizes.length - 1] ?? 0}`);
  const lags = reports.map((r) => r.freshness?.oldestChangeLagSeconds ?? NaN).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  console.log(`  run reports' freshness, oldest change lag (published − source updated_at min): p50 ${f1(percentile(lags, 50))} s, max ${f1(lags[lags.length - 1] ?? NaN)} s`);
  const busy = STAGES.map((stage) => {
    const rows = reports.reduce((n, r) => n + stageRows(r, stage), 0);
    const ms = reports.reduce((n, r) => n + r.stages[stage].durationMs, 0);
    return `${stage} ${f1(ms / 1000)} s (${ms > 0 ? f0(rows / (ms / 1000)) : '-'} rows/s)`;
  });
  console.log(`  busy over the continuous runs: ${busy.join(', ')}`);
  console.log(`  lake objects written (net, after − before): ${JSON.stringify(lakeDelta)} → ${f0(result.lakeFilesPerHour)} per hour ` +
    `(${f2((lakeDelta.total ?? 0) / Math.max(1, contRuns.length))} per run)`);
  console.log(`  served rows: ${rowsBefore} before, ${finalStatus.rowCount} after (+${finalStatus.rowCount - rowsBefore})`);
  console.log(`  exact accounting: ${result.accountingHolds ? 'holds' : 'BROKEN'} (Σ extracted ${sum('extracted')} = Σ loaded ${sum('loaded')} + Σ rejected ${sum('rejected')}; ` +
    `every inserted review listed by the api exactly once: ${missing === 0 && twice === 0 ? 'yes' : 'no'}; runs never overlapped: ${problems.some((p) => p.includes('started before')) ? 'no' : 'yes'})`);
  for (const p of problems) console.log(`    problem: ${p}`);
  return result;
}
