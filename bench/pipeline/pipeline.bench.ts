/**
 * End-to-end pipeline timing on this machine, three scenarios printed in one run (docs/performance.md, "Pipeline end
 * to end" and "Pipeline: incremental and continuous"). Each scenario runs on an isolated pipeline (own PostgreSQL
 * database, Redis prefix, MongoDB database, S3 bucket) with the worker services as separate processes
 * (test/support/e2e-context.ts) and the REAL model weights (.cache/models-real, or MODEL_DIR).
 *
 * - full: seeds --reviews generated reviews, triggers a full run, waits for the publish; wall time and each stage's
 *   busy time and rows/s from the run report.
 * - incremental: builds a base catalogue of --base reviews as published state, then measures, on it, trigger →
 *   published of an incremental run over --changes NEW reviews and one over --changes UPDATED base reviews
 *   (UPDATE … SET r_desc = …, updated_at = clock_timestamp()), and the ratio updated/new.
 *   The base is built by a full run with a cheaper classifier (--base-engine, default the embedding engine at int8:
 *   the same MiniLM weights, one forward pass per review instead of ≈6), then the classifier replicas are restarted
 *   with the measured engine (--engine, default aspect) before the measured runs. The non-NLP stages, the archive,
 *   the lake and the snapshot hold the same number of rows as after a run with the measured engine.
 *   --base-engine aspect --base-quantized false builds it with the product's own classifier (slow at 100k).
 * - continuous: on the same pipeline (after incremental, if selected), the extractor restarts with CONTINUOUS_POLL_MS
 *   = --poll-ms and the api starts (SNAPSHOT_POLL_MS = --snapshot-poll-ms); reviews are inserted one transaction each
 *   at a steady --rate per second for --duration seconds; insert → served (listed by the api) p50 / p95 / max, runs
 *   and lake objects per hour, and exact accounting (bench/pipeline/continuous.scenario.ts).
 *
 * No timed assertion: the figures and their ratios to the targets and to the same run's baselines are printed.
 * Exit code 1 only when a run fails or the accounting does not hold.
 *
 *   node <build>/bench/pipeline/pipeline.bench.js [--scenarios full,incremental,continuous] [--reviews 10000]
 *     [--base 100000] [--changes 1000] [--rate 20] [--duration 300] [--poll-ms 2000] [--snapshot-poll-ms 1000]
 *     [--replicas 1] [--engine aspect] [--quantized] [--base-engine embedding] [--base-quantized true]
 *     [--batch-size 500] [--base-port 4700] [--warmup 50] [--random-weights]
 *   quick check: --reviews 2000 --base 5000 --duration 60
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { STAGES } from '@reviewlens/contracts';
import { generateSample } from '@reviewlens/source-db';
import type { E2eContext } from '../../test/support/e2e-context';
import { runContinuous, type ContinuousResult } from './continuous.scenario';
import {
  BASE_SEED, baseProducts, benchContext, benchModelDir, f0, f1, f2, freshReviews, inTx, insertReviewsNow, printRun,
  restartClassifier, stageRows, triggerAndWait, updateBaseReviews, type ClassifierSetup, type MeasuredRun,
} from './pipeline-support';

const { values } = parseArgs({
  options: {
    scenarios: { type: 'string', default: 'full,incremental,continuous' },
    reviews: { type: 'string', default: '10000' },
    base: { type: 'string', default: '100000' },
    changes: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '20' },
    duration: { type: 'string', default: '300' },
    'poll-ms': { type: 'string', default: '2000' },
    'snapshot-poll-ms': { type: 'string', default: '1000' },
    'drain-timeout': { type: 'string', default: '300' },
    replicas: { type: 'string', default: '1' },
    engine: { type: 'string', default: 'aspect' },
    quantized: { type: 'boolean', default: false },
    'base-engine': { type: 'string', default: 'embedding' },
    'base-quantized': { type: 'string', default: 'true' },
    'batch-size': { type: 'string', default: '500' },
    'base-port': { type: 'string', default: '4700' },
    'random-weights': { type: 'boolean', default: false },
    warmup: { type: 'string', default: '50' },
    timeout: { type: 'string', default: '7200' },
  },
});

const scenarios = new Set(values.scenarios!.split(',').map((s) => s.trim()).filter(Boolean));
for (const s of scenarios) if (!['full', 'incremental', 'continuous'].includes(s)) throw new Error(`unknown scenario ${s}`);
const num = (k: keyof typeof values): number => {
  const n = Number(values[k]);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${k} must be a non-negative number`);
  return n;
};
const reviews = num('reviews');
const base = num('base');
const changes = num('changes');
const batchSize = num('batch-size');
const basePort = num('base-port');
const timeoutSec = num('timeout');
const measured: ClassifierSetup = { engine: values.engine!, quantized: values.quantized!, replicas: num('replicas') };
const baseSetup: ClassifierSetup = { engine: values['base-engine']!, quantized: values['base-quantized'] === 'true', replicas: num('replicas') };
const modelDir = benchModelDir(values['random-weights']!);
const setupText = (s: ClassifierSetup): string => `${s.engine} ${s.quantized ? 'int8' : 'fp32'} x${s.replicas}`;

let current: E2eContext | null = null;
async function cleanupCurrent(): Promise<void> {
  const ctx = current;
  current = null;
  if (ctx) await ctx.cleanup();
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => { void cleanupCurrent().finally(() => process.exit(130)); });
}

interface Summary { full?: MeasuredRun; base?: MeasuredRun; added?: MeasuredRun; updated?: MeasuredRun; continuous?: ContinuousResult }
const summary: Summary = {};
let failed = false;

async function fullScenario(): Promise<void> {
  console.log(`\n== full: ${reviews} generated reviews, one full run, classifier ${setupText(measured)}`);
  const ctx = current = await benchContext({ basePort, modelDir, classifier: measured, batchSize });
  try {
    const t = Date.now();
    await generateSample(ctx.ownerPool, { reviews, seed: BASE_SEED, malformedRate: 0.02 });
    console.log(`  seed ${f1((Date.now() - t) / 1000)} s`);
    await ctx.stack.start(['extractor', 'archiver', 'cleaner', 'classifier', 'loader']);
    summary.full = await triggerAndWait(ctx, `bench-full-${reviews}`, true, timeoutSec);
    printRun('full run', summary.full);
    console.log(`  ${f0(reviews / summary.full.wallSec)} reviews/s end to end`);
  } finally {
    await cleanupCurrent();
  }
}

async function incrementalAndContinuous(): Promise<void> {
  console.log(`\n== base catalogue for incremental/continuous: ${base} generated reviews, published by a full run with classifier ` +
    `${setupText(baseSetup)} (NOT measured; the measured runs use ${setupText(measured)})`);
  const ctx = current = await benchContext({ basePort, modelDir, classifier: baseSetup, batchSize });
  try {
    let t = Date.now();
    await generateSample(ctx.ownerPool, { reviews: base, seed: BASE_SEED, malformedRate: 0.02 });
    console.log(`  seed ${f1((Date.now() - t) / 1000)} s`);
    await ctx.stack.start(['extractor', 'archiver', 'cleaner', 'classifier', 'loader']);
    summary.base = await triggerAndWait(ctx, `bench-base-${base}`, true, timeoutSec);
    console.log(`  base published in ${f1(summary.base.wallSec)} s, counts ${JSON.stringify(summary.base.report.counts)} invariant ${summary.base.report.invariantHolds}`);
    if (baseSetup.engine !== measured.engine || baseSetup.quantized !== measured.quantized) {
      t = Date.now();
      await restartClassifier(ctx, measured);
      console.log(`  classifier restarted with ${setupText(measured)} in ${f1((Date.now() - t) / 1000)} s`);
    }

    if (scenarios.has('incremental')) {
      console.log(`\n== incremental: ${changes} new, then ${changes} updated reviews, on ${base} published; classifier ${setupText(measured)}`);
      const insertFresh = async (count: number, seed: number, prefix: string): Promise<void> => {
        const fresh = freshReviews(base, baseProducts(base), count, seed, prefix);
        const client = await ctx.ownerPool.connect();
        try { await inTx(client, () => insertReviewsNow(client, fresh)); } finally { client.release(); }
      };
      const warmup = num('warmup');
      if (warmup > 0) {
        // The restarted classifier's first batches pay one-off costs (ORT session warm-up): not in the measured runs.
        await insertFresh(warmup, 4242_0, 'incr-warm-r');
        const w = await triggerAndWait(ctx, `bench-incr-warmup-${warmup}`, false, timeoutSec);
        console.log(`  warm-up run (not measured): ${warmup} new reviews, ${f1(w.wallSec)} s, invariant ${w.report.invariantHolds}`);
      }
      await insertFresh(changes, 4343, 'incr-new-r');
      summary.added = await triggerAndWait(ctx, `bench-incr-new-${changes}`, false, timeoutSec);
      printRun(`${changes} NEW reviews`, summary.added);
      const ids = await updateBaseReviews(ctx, changes, 'round-1');
      summary.updated = await triggerAndWait(ctx, `bench-incr-upd-${changes}`, false, timeoutSec);
      printRun(`${ids.length} UPDATED reviews`, summary.updated);
      console.log(`  ratio updated / new, trigger → published: ${f2(summary.updated.wallSec / summary.added.wallSec)} (target ≤ 2)`);
      for (const r of [summary.added, summary.updated]) {
        if (r.report.invariantHolds !== true || r.report.counts.extracted !== changes) {
          failed = true;
          console.log(`  problem: run ${r.runId} extracted ${r.report.counts.extracted} (expected ${changes}), invariant ${r.report.invariantHolds}`);
        }
      }
    }

    if (scenarios.has('continuous')) {
      console.log(`\n== continuous: ${num('rate')} reviews/s for ${num('duration')} s on ${base} (+ earlier changes) published; ` +
        `CONTINUOUS_POLL_MS ${num('poll-ms')}, api SNAPSHOT_POLL_MS ${num('snapshot-poll-ms')}, classifier ${setupText(measured)}`);
      summary.continuous = await runContinuous(ctx, {
        baseReviews: base, rate: num('rate'), durationSec: num('duration'), pollMs: num('poll-ms'),
        snapshotPollMs: num('snapshot-poll-ms'), drainTimeoutSec: num('drain-timeout'),
      });
      if (!summary.continuous.accountingHolds) failed = true;
    }
  } finally {
    await cleanupCurrent();
  }
}

function printSummary(): void {
  console.log(`\n== summary (${new Date().toISOString()}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; ` +
    `weights ${values['random-weights'] ? 'RANDOM' : 'real'} from ${modelDir})`);
  const { full, added, updated, continuous } = summary;
  if (full) console.log(`  full ${reviews}: ${f1(full.wallSec)} s trigger → published, ${f0(reviews / full.wallSec)} reviews/s`);
  if (added && updated) {
    console.log(`  incremental on ${base}: ${changes} new ${f1(added.wallSec)} s, ${changes} updated ${f1(updated.wallSec)} s; ` +
      `updated / new = ${f2(updated.wallSec / added.wallSec)} (target ≤ 2)`);
    if (full) {
      console.log(`    per review vs the full run: new ${f2((added.wallSec / changes) / (full.wallSec / reviews))}x, ` +
        `updated ${f2((updated.wallSec / changes) / (full.wallSec / reviews))}x the full run's wall time per review`);
    }
    console.log(`    busy rows/s  ${'stage'.padEnd(11)} ${'new'.padStart(9)} ${'updated'.padStart(9)}${full ? ' full'.padStart(10) : ''}   (target ≥ 10,000 except the classifier)`);
    for (const stage of STAGES) {
      const rate = (m: MeasuredRun): string => {
        const busy = m.report.stages[stage].durationMs / 1000;
        return busy > 0 ? f0(stageRows(m.report, stage) / busy) : '-';
      };
      console.log(`                 ${stage.padEnd(11)} ${rate(added).padStart(9)} ${rate(updated).padStart(9)}${full ? rate(full).padStart(10) : ''}`);
    }
  }
  if (continuous) {
    console.log(`  continuous ${num('rate')}/s for ${num('duration')} s: insert → served p50 ${f1(continuous.p50)} s, p95 ${f1(continuous.p95)} s ` +
      `(${f2(continuous.p95 / 60)} of the 60 s limit, ${f2(continuous.p95 / 10)} of the 10 s aim), max ${f1(continuous.max)} s; ` +
      `${f0(continuous.runsPerHour)} runs/h, ${f0(continuous.lakeFilesPerHour)} lake objects/h; accounting ${continuous.accountingHolds ? 'exact' : 'BROKEN'}`);
  }
}

async function main(): Promise<void> {
  console.log(`pipeline bench: scenarios ${[...scenarios].join(',')}; batch ${batchSize}; classifier ${setupText(measured)}; ` +
    `weights ${values['random-weights'] ? 'RANDOM (test)' : 'real'} (${modelDir}); ports from ${basePort}`);
  try {
    if (scenarios.has('full')) await fullScenario();
    if (scenarios.has('incremental') || scenarios.has('continuous')) await incrementalAndContinuous();
  } catch (err) {
    failed = true;
    console.error(err);
  } finally {
    await cleanupCurrent().catch((err) => console.error('cleanup failed', err));
    printSummary();
  }
  process.exit(failed ? 1 : 0);
}

void main();
