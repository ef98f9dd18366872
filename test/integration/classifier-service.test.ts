/**
 * The real classifier service (`node <build>/apps/classifier/src/main.js`) as processes, against Redis and FerretDB:
 * - two replicas on one classify queue: every batch classified exactly once, none lost, both replicas worked,
 *   metrics and /health/model report the model;
 * - SIGTERM during a batch: the batch finishes and is published, then the service and its inference process exit;
 * - a missing model stops the service at start-up with the child's message.
 * Run from the repository root with NODE_PATH pointing at node_modules (the service is spawned with the same env).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { Queue, QueueEvents } from 'bullmq';
import { MongoClient } from 'mongodb';
import { jobIds, QUEUES, type CleanedBatch, type CleanedReview, type LoadJob } from '@reviewlens/contracts';
import { jobOptionsFor, redisOptionsFromUrl } from '@reviewlens/queueing';
import { freePort, serviceEnv, uniqueName } from '@reviewlens/testing';

const REPO = process.cwd();
const MAIN = join(__dirname, '..', '..', 'apps', 'classifier', 'src', 'main.js');
const MODEL_DIR = resolve(process.env.MODEL_DIR ?? join(REPO, '.cache', 'models'));
const SHARED = resolve(process.env.REVIEWLENS_SHARED_DIR ?? join(REPO, '..', 'shared'));
const MODEL_ID = 'Xenova/all-MiniLM-L6-v2';
const env = serviceEnv();
const connection = redisOptionsFromUrl(env.redisUrl);

function realReviews(): string[] {
  const csv = join(SHARED, 'data', 'datafiniti_amazon_consumer_reviews_5k_12cols.csv');
  const rows = parseCsv(readFileSync(csv), { columns: true, bom: true, relax_column_count: true }) as Record<string, string>[];
  return rows.map((r) => (r['reviews.text'] ?? '').trim()).filter((t) => t.length > 0);
}
const TEXTS = realReviews();

function cleanedRow(runId: string, n: number): CleanedReview {
  const text = TEXTS[n % TEXTS.length]!;
  return {
    reviewId: `r${n}`, runId, productId: `p${n % 7}`, productName: null, category: null, brand: null, userHash: null, title: null,
    text, rating: 1 + (n % 5), helpfulVotes: 0, totalVotes: 0, language: 'en', hasImage: false, hasSubscription: false,
    verifiedBuyer: n % 2 === 0, createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01 00:00:00+00',
    textLength: [...text].length, wordCount: text.split(/\s+/).length,
  };
}

function batch(runId: string, index: number, size: number, firstRow: number): CleanedBatch {
  const rows = Array.from({ length: size }, (_, k) => cleanedRow(runId, firstRow + k));
  return { runId, batchId: `b${String(index).padStart(6, '0')}`, extractedAt: '2024-06-01T00:00:00.000Z', rows };
}

interface Replica { proc: ChildProcess; port: number; output: () => string; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> }

function spawnService(vars: Record<string, string>, port: number): Replica {
  let output = '';
  const proc = spawn(process.execPath, [MAIN], {
    env: { ...process.env, ...vars, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d: Buffer) => { output += d.toString(); });
  proc.stderr!.on('data', (d: Buffer) => { output += d.toString(); });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => proc.once('exit', (code, signal) => r({ code, signal })));
  return { proc, port, output: () => output, exit };
}

async function getJson(port: number, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function waitUntil(what: string, cond: () => Promise<boolean> | boolean, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await Promise.resolve().then(cond).catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function startReplica(vars: Record<string, string>): Promise<Replica> {
  const replica = spawnService(vars, await freePort());
  let exited = false;
  void replica.exit.then(() => { exited = true; });
  await waitUntil('replica ready', async () => {
    if (exited) throw new Error(`replica exited during start-up:\n${replica.output()}`);
    return (await getJson(replica.port, '/health/model')).status === 200;
  });
  return replica;
}

async function reviewsClassified(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const m = /^reviewlens_classifier_reviews_total(?:\{[^}]*\})? (\d+)/m.exec(text);
  return m ? Number(m[1]) : 0;
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

describe('classifier service processes', () => {
  const prefix = uniqueName('clssvc');
  const mongoDb = uniqueName('clssvc');
  const vars: Record<string, string> = {
    REDIS_URL: env.redisUrl, QUEUE_PREFIX: prefix, MONGO_URL: env.mongoUrl, MONGO_DB: mongoDb, MODEL_DIR, MODEL_ID,
    CLASSIFIER_ENGINE: 'embedding', MODEL_QUANTIZED: 'true', ORT_THREADS: '1', CLASSIFIER_CONCURRENCY: '1',
    INFERENCE_BATCH_SIZE: '16', LOG_LEVEL: 'info', SHUTDOWN_GRACE_MS: '60000', NODE_ENV: 'test',
  };
  const queues = [QUEUES.classify, QUEUES.load, QUEUES.deadLetter].map((name) => new Queue(name, { connection, prefix }));
  const [classifyQueue, loadQueue, deadLetterQueue] = queues as [Queue, Queue, Queue];
  const mongo = new MongoClient(env.mongoUrl, { serverSelectionTimeoutMS: 5_000 });
  const replicas: Replica[] = [];

  before(async () => {
    assert.ok(existsSync(MAIN), `build the project first: ${MAIN} is missing`);
    assert.ok(existsSync(join(MODEL_DIR, MODEL_ID, 'onnx', 'model_quantized.onnx')), 'npm run models:build-random');
    await mongo.connect();
  });
  after(async () => {
    for (const r of replicas) if (r.proc.exitCode === null && r.proc.signalCode === null) r.proc.kill('SIGKILL');
    for (const q of queues) { await q.obliterate({ force: true }).catch(() => undefined); await q.close(); }
    await mongo.db(mongoDb).dropDatabase().catch(() => undefined);
    await mongo.close();
  });

  test('two replicas on one queue: every batch classified exactly once, none lost, both worked', async () => {
    replicas.push(await startReplica(vars), await startReplica(vars));
    const health = await getJson(replicas[0]!.port, '/health/model');
    assert.equal(health.body.modelId, MODEL_ID);
    assert.equal(health.body.engine, 'embedding');
    assert.equal(health.body.threads, 1, 'ORT threads from ORT_THREADS');
    assert.match(String(health.body.themesVersion), /^\d+-[0-9a-f]{8}(\+h[0-9a-f]{8})?$/);
    assert.equal(health.body.weights, 'random', '/health/model says the test model has random weights');
    assert.deepEqual((health.body.models as { modelId: string; weights: string }[]).map((m) => [m.modelId, m.weights]), [[MODEL_ID, 'random']]);
    assert.match(replicas[0]!.output(), /RANDOM weights/, 'and the start-up log warns');
    const liveness = await getJson(replicas[0]!.port, '/health');
    assert.equal(liveness.status, 200);
    const model = liveness.body.model as { modelId: string; inferenceProcess: string };
    assert.equal(model.modelId, MODEL_ID, '/health names the loaded model');
    assert.equal(model.inferenceProcess, 'ready');

    const events = new QueueEvents(QUEUES.classify, { connection, prefix });
    await events.waitUntilReady();
    let stalled = 0;
    let failed = 0;
    events.on('stalled', () => { stalled++; });
    events.on('failed', () => { failed++; });
    const runId = 'scale-run';
    const BATCHES = 16;
    const ROWS = 24;
    try {
      for (let b = 0; b < BATCHES; b++) {
        const data = batch(runId, b, ROWS, b * ROWS);
        await classifyQueue.add('batch', data, { ...jobOptionsFor('classify'), jobId: jobIds.batch(runId, data.batchId) });
      }
      await waitUntil('all batches classified', async () => (await classifyQueue.getCompletedCount()) === BATCHES);

      const loadJobs = await loadQueue.getJobs(['waiting'], 0, -1);
      assert.equal(loadJobs.length, BATCHES, 'one load job per batch');
      const reviewIds = loadJobs.flatMap((j) => (j.data as Extract<LoadJob, { kind: 'batch' }>).rows.map((r) => r.reviewId));
      assert.equal(reviewIds.length, BATCHES * ROWS);
      assert.equal(new Set(reviewIds).size, BATCHES * ROWS, 'every review exactly once');
      for (const j of loadJobs) {
        for (const row of (j.data as Extract<LoadJob, { kind: 'batch' }>).rows) {
          assert.equal(row.modelId, MODEL_ID);
          assert.ok(row.confidence > 0 && row.confidence <= 1);
        }
      }
      const accounting = await mongo.db(mongoDb).collection('run_batches').find({ runId, stage: 'classifier' }).toArray();
      assert.equal(accounting.length, BATCHES, 'one accounting document per batch');
      assert.ok(accounting.every((d) => d.count === ROWS && d.attempts === 1), 'first attempt everywhere');

      const perReplica = await Promise.all(replicas.map((r) => reviewsClassified(r.port)));
      assert.equal(perReplica[0]! + perReplica[1]!, BATCHES * ROWS, `classified once in total: ${perReplica.join(' + ')}`);
      assert.ok(perReplica.every((n) => n > 0), `both replicas classified reviews: ${perReplica.join(', ')}`);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(stalled, 0);
      assert.equal(failed, 0);
      assert.equal(await deadLetterQueue.count(), 0);

      const metrics = await (await fetch(`http://127.0.0.1:${replicas[0]!.port}/metrics`)).text();
      assert.match(metrics, /reviewlens_classifier_model_info\{model="Xenova\/all-MiniLM-L6-v2",themes_version="\d+-[0-9a-f]{8}(\+h[0-9a-f]{8})?",engine="embedding"[^}]*\} 1/);
      assert.match(metrics, /reviewlens_classifier_model_load_seconds(\{[^}]*\})? [0-9.]+/);
      assert.match(metrics, /reviewlens_classifier_inference_seconds_count(\{[^}]*\})? [1-9]/);
      assert.match(metrics, /reviewlens_classifier_batch_size_bucket\{le="32"[^}]*\} [1-9]/);
    } finally {
      await events.close();
    }
  });

  test('SIGTERM during a batch: the batch finishes and is published, then service and inference process exit', async () => {
    const [a, b] = replicas as [Replica, Replica];
    b.proc.kill('SIGTERM');
    const bExit = await b.exit;
    assert.notEqual(bExit.code, 1, `idle replica exits cleanly: ${JSON.stringify(bExit)}`);

    const childPid = Number((await getJson(a.port, '/health/model')).body.pid);
    assert.ok(alive(childPid));
    const runId = 'shutdown-run';
    const data = batch(runId, 0, 1_500, 0);
    await classifyQueue.add('batch', data, { ...jobOptionsFor('classify'), jobId: jobIds.batch(runId, data.batchId) });
    await waitUntil('job active', async () => (await classifyQueue.getActiveCount()) === 1, 30_000);
    a.proc.kill('SIGTERM');
    const sigtermAt = Date.now();
    const aExit = await a.exit;
    console.log(`replica exited ${JSON.stringify(aExit)} ${Date.now() - sigtermAt} ms after SIGTERM`);
    assert.notEqual(aExit.code, 1, `graceful exit, not the grace-deadline exit: ${JSON.stringify(aExit)}\n${a.output().slice(-2000)}`);
    const job = await classifyQueue.getJob(jobIds.batch(runId, data.batchId));
    assert.equal(await job!.getState(), 'completed', 'the in-flight batch finished');
    const published = await loadQueue.getJob(jobIds.batch(runId, data.batchId));
    assert.equal((published!.data as Extract<LoadJob, { kind: 'batch' }>).rows.length, 1_500);
    assert.ok(!alive(childPid), 'the inference process exited with the service');
  });

  test('MAX_TOKENS above the model\'s limit stops the service at start-up with the TokenLimitError message', async () => {
    const started = Date.now();
    const replica = spawnService({ ...vars, MAX_TOKENS: '1024', MONGO_URL: 'mongodb://127.0.0.1:9' }, await freePort());
    replicas.push(replica);
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([replica.exit, new Promise<'timeout'>((r) => { timer = setTimeout(() => r('timeout'), 30_000); })]);
    clearTimeout(timer);
    assert.notEqual(result, 'timeout', 'fails fast, before waiting for MongoDB (unreachable here)');
    assert.equal((result as { code: number | null }).code, 1);
    assert.match(replica.output(), /classifier failed to start/);
    assert.match(replica.output(), /max tokens 1024 is above the limit of Xenova\/all-MiniLM-L6-v2: 512 tokens/);
    assert.ok(Date.now() - started < 30_000);
  });

  test('a missing model stops the service at start-up with the inference process\'s message', async () => {
    const replica = spawnService({ ...vars, MODEL_DIR: '/nonexistent/models-dir' }, await freePort());
    replicas.push(replica);
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([replica.exit, new Promise<'timeout'>((r) => { timer = setTimeout(() => r('timeout'), 60_000); })]);
    clearTimeout(timer);
    assert.notEqual(result, 'timeout');
    assert.equal((result as { code: number | null }).code, 1);
    assert.match(replica.output(), /classifier failed to start/);
    assert.match(replica.output(), /Model directory \/nonexistent\/models-dir does not exist/);
  });
});
