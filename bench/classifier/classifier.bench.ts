/**
 * Classifier throughput on the same real reviews (Datafiniti reviews.text, 7 labels of themes/default.json), each
 * configuration in fresh processes (model loading excluded from the timing; peak RSS = the process's maxRSS):
 *   stock      transformers.js zero-shot-classification pipeline, distilbert-mnli fp32, one review per call
 *              (the pipeline runs one forward pass of batch 1 per (review, label) pair)
 *   nli        our batched NLI, same model, one process (--max-tokens 512 = the stock tokenization; 128 = service default)
 *   nli-q8     the same with the int8 model
 *   nli x2     two processes (replicas) splitting the reviews, each with half the threads; wall time for all
 *   embedding  all-MiniLM-L6-v2 embedding engine (random weights), and the REAL MiniLM weights if present
 *
 *   node <build>/bench/classifier/classifier.bench.js [--reviews 200] [--threads N] [--batch-size 32] [--max-tokens 512]
 *     [--only stock,nli,nli-q8,nli-x2,embedding,embedding-real]
 *
 * Weights under .cache/models are RANDOM (real architectures: timings are real, scores meaningless); only
 * .cache/models-real/Xenova/all-MiniLM-L6-v2 holds real weights. The machine may be shared: load averages are printed.
 */
import { fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseCsv } from 'csv-parse/sync';
import {
  cpuQuotaThreads, createClassifier, loadThemes, transformers, withLocalModelEnv, type ClassifierEngine,
} from '@reviewlens/classification';

const REPO = process.cwd();
const MODEL_DIR = resolve(process.env.MODEL_DIR ?? join(REPO, '.cache', 'models'));
const REAL_MODEL_DIR = resolve(join(REPO, '.cache', 'models-real'));
const SHARED = resolve(process.env.REVIEWLENS_SHARED_DIR ?? join(REPO, '..', 'shared'));
const NLI = 'Xenova/distilbert-base-uncased-mnli';
const MINILM = 'Xenova/all-MiniLM-L6-v2';

interface RunConfig {
  kind: 'stock' | 'engine';
  engine: ClassifierEngine;
  modelDir: string;
  modelId: string;
  quantized: boolean;
  threads: number;
  batchSize: number;
  maxTokens: number;
}
interface Scenario { name: string; config: RunConfig; replicas: number; note: string }
interface WorkerDone { type: 'done'; ms: number; count: number; maxRssMb: number; loadMs: number }

function reviews(count: number): string[] {
  const csv = join(SHARED, 'data', 'datafiniti_amazon_consumer_reviews_5k_12cols.csv');
  const rows = parseCsv(readFileSync(csv), { columns: true, bom: true, relax_column_count: true }) as Record<string, string>[];
  return rows.map((r) => (r['reviews.text'] ?? '').trim()).filter((t) => t.length > 0).slice(0, count);
}

/* ---------------------------------------------------------------- worker process: one configuration, one slice */

async function runWorker(): Promise<void> {
  const { config, texts } = await new Promise<{ config: RunConfig; texts: string[] }>((r) => process.once('message', r as never));
  const themes = loadThemes();
  const labels = themes.themes.map((t) => t.label);
  const t0 = performance.now();
  let classify: (batch: string[]) => Promise<unknown>;
  if (config.kind === 'stock') {
    const pipe = await withLocalModelEnv(config.modelDir, () => transformers.pipeline('zero-shot-classification', config.modelId, {
      local_files_only: true, device: 'cpu', dtype: config.quantized ? 'q8' : 'fp32',
      session_options: { intraOpNumThreads: config.threads, interOpNumThreads: 1 },
    }));
    classify = async (batch) => {
      for (const text of batch) await pipe(text, labels, { hypothesis_template: themes.hypothesisTemplate });
    };
  } else {
    const classifier = await createClassifier({ ...config, themes });
    classify = (batch) => classifier.classify(batch);
  }
  const loadMs = performance.now() - t0;
  await classify(texts.slice(0, 2)); // warm-up (first-run allocations), not timed
  process.send!({ type: 'loaded' });
  await new Promise((r) => process.once('message', r));
  const start = performance.now();
  await classify(texts);
  const ms = performance.now() - start;
  const done: WorkerDone = { type: 'done', ms, count: texts.length, maxRssMb: process.resourceUsage().maxRSS / 1024, loadMs };
  process.send!(done, () => process.exit(0));
}

/* ---------------------------------------------------------------- main: scenarios, one after the other */

interface Result { scenario: Scenario; wallMs: number; count: number; maxRssMb: number[]; loadMs: number[] }

async function runScenario(s: Scenario, texts: string[]): Promise<Result> {
  const slices = Array.from({ length: s.replicas }, (_, k) => texts.filter((_, i) => i % s.replicas === k));
  const workers = slices.map(() => fork(__filename, ['--worker'], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const loaded = workers.map((w) => new Promise<void>((res, rej) => {
    w.once('message', () => res());
    w.once('exit', (code) => rej(new Error(`${s.name}: worker exited with ${code} before loading`)));
  }));
  workers.forEach((w, k) => w.send({ config: s.config, texts: slices[k] }));
  await Promise.all(loaded);
  const done = workers.map((w) => new Promise<WorkerDone>((res) => w.on('message', (m: WorkerDone) => { if (m.type === 'done') res(m); })));
  const start = performance.now();
  workers.forEach((w) => w.send({ type: 'go' }));
  const results = await Promise.all(done);
  const wallMs = performance.now() - start;
  return {
    scenario: s, wallMs, count: results.reduce((a, r) => a + r.count, 0),
    maxRssMb: results.map((r) => r.maxRssMb), loadMs: results.map((r) => r.loadMs),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      reviews: { type: 'string', default: '200' },
      threads: { type: 'string' },
      'batch-size': { type: 'string', default: '32' },
      /** Our engines' token limit; 512 = the stock pipeline's (identical tokenization), 128 = the service default. */
      'max-tokens': { type: 'string', default: '512' },
      only: { type: 'string' },
    },
  });
  const threads = values.threads ? Number(values.threads) : cpuQuotaThreads();
  const batchSize = Number(values['batch-size']);
  const texts = reviews(Number(values.reviews));
  const base = { kind: 'engine' as const, quantized: false, threads, batchSize, maxTokens: Number(values['max-tokens']) };
  const nli: RunConfig = { ...base, engine: 'nli', modelDir: MODEL_DIR, modelId: NLI };
  const scenarios: Scenario[] = [
    { name: 'stock', config: { ...nli, kind: 'stock' }, replicas: 1, note: 'zero-shot pipeline, batch 1 per (review, label) pair' },
    { name: 'nli', config: nli, replicas: 1, note: `batched NLI, ${batchSize} reviews x 7 labels per pass, maxTokens ${base.maxTokens}` },
    { name: 'nli-q8', config: { ...nli, quantized: true }, replicas: 1, note: 'batched NLI, int8 model' },
    { name: 'nli-x2', config: { ...nli, threads: Math.max(1, Math.floor(threads / 2)) }, replicas: 2, note: '2 processes, half the threads each' },
    { name: 'embedding', config: { ...base, engine: 'embedding', modelDir: MODEL_DIR, modelId: MINILM }, replicas: 1, note: 'MiniLM, random weights' },
  ];
  if (existsSync(join(REAL_MODEL_DIR, MINILM, 'onnx', 'model.onnx'))) {
    scenarios.push({ name: 'embedding-real', config: { ...base, engine: 'embedding', modelDir: REAL_MODEL_DIR, modelId: MINILM }, replicas: 1, note: 'MiniLM, REAL weights' });
  }
  const only = values.only?.split(',');
  const selected = only ? scenarios.filter((s) => only.includes(s.name)) : scenarios;

  const chars = texts.map((t) => t.length).sort((a, b) => a - b);
  console.log(`classifier bench: ${texts.length} real reviews (chars median ${chars[chars.length >> 1]}, max ${chars[chars.length - 1]}), 7 labels, ORT threads ${threads}, CPUs visible ${availableParallelism()}`);
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}  (shared machine: numbers are noisy)`);
  const results: Result[] = [];
  for (const s of selected) {
    const r = await runScenario(s, texts);
    results.push(r);
    console.log(`  ${s.name}: ${(r.wallMs / 1000).toFixed(1)} s`);
  }
  const stock = results.find((r) => r.scenario.name === 'stock');
  const rate = (r: Result) => r.count / (r.wallMs / 1000);
  console.log('\n| configuration | processes x ORT threads | reviews/s | vs stock | peak RSS per process (MB) | load (s) | note |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) {
    const ratio = stock ? `${(rate(r) / rate(stock)).toFixed(2)}x` : 'n/a';
    console.log(`| ${r.scenario.name} | ${r.scenario.replicas} x ${r.scenario.config.threads} | ${rate(r).toFixed(2)} | ${ratio} | ${r.maxRssMb.map((m) => m.toFixed(0)).join(', ')} | ${r.loadMs.map((m) => (m / 1000).toFixed(1)).join(', ')} | ${r.scenario.note} |`);
  }
  console.log(`\nload average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log('Scores of .cache/models are from RANDOM weights (timings only); embedding-real uses the real MiniLM weights.');
}

if (process.argv.includes('--worker')) {
  runWorker().catch((err) => { console.error(err); process.exit(1); });
} else {
  main().catch((err) => { console.error(err); process.exitCode = 1; });
}
