/**
 * A long inference must not stall BullMQ jobs. A worker with a short lock (2 s, renewed every 1 s) processes one job
 * whose inference runs for >= 10 s (NLI distilbert fp32, random weights, the 32 longest real reviews × 7 labels per
 * forward pass, repeated until 10 s have passed). A second worker in another process (a "watchdog" replica, stalled
 * check every 1 s) takes over any job whose lock expires.
 * - inference in the child process: no 'stalled' event, the job completes once, by the first worker;
 * - the same inference on the worker's main thread: each forward pass blocks the event loop for seconds, the lock
 *   expires, the job stalls and the watchdog processes it a second time (this is what the child process prevents).
 * Needs Redis (serviceEnv()) and `.cache/models` (npm run models:build-random).
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import {
  createClassifier, cpuQuotaThreads, InferenceProcessClient, loadThemes, type CreateClassifierOptions, type ThemeClassifier,
} from '@reviewlens/classification';
import { redisOptionsFromUrl } from '@reviewlens/queueing';
import { serviceEnv, uniqueName } from '@reviewlens/testing';

const REPO = process.cwd();
const MODEL_DIR = resolve(process.env.MODEL_DIR ?? join(REPO, '.cache', 'models'));
const SHARED = resolve(process.env.REVIEWLENS_SHARED_DIR ?? join(REPO, '..', 'shared'));
const NLI = 'Xenova/distilbert-base-uncased-mnli';
const LOCK_MS = 2_000;
const STALLED_INTERVAL_MS = 1_000;
const MIN_INFERENCE_MS = 10_000;
const env = serviceEnv();
const connection = redisOptionsFromUrl(env.redisUrl);

function longestRealReviews(count: number): string[] {
  const csv = join(SHARED, 'data', 'datafiniti_amazon_consumer_reviews_5k_12cols.csv');
  const rows = parseCsv(readFileSync(csv), { columns: true, bom: true, relax_column_count: true }) as Record<string, string>[];
  return rows.map((r) => (r['reviews.text'] ?? '').trim()).sort((a, b) => b.length - a.length).slice(0, count);
}

const classifierOptions: CreateClassifierOptions = {
  engine: 'nli', modelDir: MODEL_DIR, modelId: NLI, themes: loadThemes(), quantized: false,
  batchSize: 32, maxTokens: 128, threads: Math.min(2, cpuQuotaThreads()),
};

/** A BullMQ worker in its own process that takes over stalled jobs and reports what it processed on stdout. */
function startWatchdog(queueName: string, prefix: string): ChildProcess {
  const code = `
    const { Worker } = require(${JSON.stringify(require.resolve('bullmq'))});
    const w = new Worker(${JSON.stringify(queueName)}, async (job) => {
      process.stdout.write('processed ' + job.id + '\\n');
      return { by: 'watchdog' };
    }, { connection: ${JSON.stringify({ host: connection.host, port: connection.port, db: connection.db, username: connection.username, password: connection.password })},
         prefix: ${JSON.stringify(prefix)}, lockDuration: ${LOCK_MS}, stalledInterval: ${STALLED_INTERVAL_MS}, maxStalledCount: 1 });
    w.waitUntilReady().then(() => process.stdout.write('ready\\n'));
    process.on('SIGTERM', () => w.close().then(() => process.exit(0)));`;
  return spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
}

interface Outcome { stalled: number; completedBy: string[]; watchdogProcessed: number; inferenceMs: number; passes: number }

async function runLongJob(classifier: ThemeClassifier, texts: string[]): Promise<Outcome> {
  const prefix = uniqueName('clslock');
  const name = 'classify';
  const queue = new Queue(name, { connection, prefix });
  const events = new QueueEvents(name, { connection, prefix });
  await events.waitUntilReady();
  let stalled = 0;
  const completedBy: string[] = [];
  events.on('stalled', () => { stalled++; });
  events.on('completed', ({ returnvalue }) => { completedBy.push((returnvalue as unknown as { by: string }).by); });

  let inferenceMs = 0;
  let passes = 0;
  let mainDone!: () => void;
  const mainFinished = new Promise<void>((r) => { mainDone = r; });
  let markActive!: () => void;
  const active = new Promise<void>((r) => { markActive = r; });
  const worker = new Worker(name, async (_job: Job) => {
    markActive();
    const started = Date.now();
    try {
      while (Date.now() - started < MIN_INFERENCE_MS) {
        const results = await classifier.classify(texts);
        assert.equal(results.length, texts.length);
        passes++;
      }
      inferenceMs = Date.now() - started;
      return { by: 'main' };
    } finally {
      mainDone();
    }
  }, { connection, prefix, lockDuration: LOCK_MS, stalledInterval: STALLED_INTERVAL_MS, maxStalledCount: 1, concurrency: 1 });
  worker.on('error', () => undefined); // "Missing lock" when the stalled job is finished by the other worker

  const watchdog = startWatchdog(name, prefix);
  let watchdogOut = '';
  watchdog.stdout!.on('data', (d: Buffer) => { watchdogOut += d.toString(); });
  try {
    await worker.waitUntilReady();
    await queue.add('long', { n: texts.length }, { jobId: 'long-1', attempts: 1 });
    await active;
    while (!watchdogOut.includes('ready')) await new Promise((r) => setTimeout(r, 50));
    await mainFinished;
    // Let stalled/completed events and the watchdog's takeover arrive (the main thread may just have been unblocked).
    await new Promise((r) => setTimeout(r, 4 * STALLED_INTERVAL_MS));
    return { stalled, completedBy, watchdogProcessed: watchdogOut.split('\n').filter((l) => l.startsWith('processed')).length, inferenceMs, passes };
  } finally {
    watchdog.kill('SIGTERM');
    await worker.close();
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
  }
}

describe('a 10-second inference and a 2-second BullMQ lock', () => {
  const texts = longestRealReviews(32);
  before(() => {
    if (!existsSync(join(MODEL_DIR, NLI, 'onnx', 'model.onnx'))) throw new Error(`missing ${NLI} under ${MODEL_DIR}: npm run models:build-random`);
  });

  test('inference in the child process: the lock is kept, no stall, one completion', async () => {
    const client = await InferenceProcessClient.start({ classifier: classifierOptions });
    try {
      const out = await runLongJob(client, texts);
      assert.ok(out.inferenceMs >= MIN_INFERENCE_MS, `inference ran ${out.inferenceMs} ms`);
      assert.equal(out.stalled, 0, 'no stalled event');
      assert.deepEqual(out.completedBy, ['main'], 'completed once, by the worker that took it');
      assert.equal(out.watchdogProcessed, 0, 'the other replica never got the job');
    } finally {
      await client.close();
    }
  });

  test('control: the same inference on the main thread stalls the job (so the test above can fail)', async () => {
    const local = await createClassifier(classifierOptions);
    try {
      const out = await runLongJob(local, texts);
      assert.ok(out.inferenceMs >= MIN_INFERENCE_MS);
      assert.ok(out.stalled >= 1, `expected a stalled event, got ${JSON.stringify(out)}`);
      assert.ok(out.watchdogProcessed >= 1, 'the stalled job was processed again by the other replica');
    } finally {
      await local.dispose();
    }
  });
});

