/**
 * Aspect engine throughput with REAL weights, against its ceiling, in one run (issue 9):
 *
 *   aspect        the product: createClassifier({engine:'aspect'}) with all-MiniLM-L6-v2 + multilingual-e5-small
 *                 (language routing), classify() on calls of --call-size reviews (the pipeline's extract batch)
 *   embedding     the old whole-review engine, same MiniLM, same text ("title. text"), same 256-token limit:
 *                 the cost of sentence-level detection = embedding reviews/s / aspect reviews/s
 *                 Both are timed inside the process too (Embedder.embed, tokenizer call, model call), so the run
 *                 also splits the product's time into tokenizer, forward (transformers.js + ORT) and the engine's JS.
 *   ort           the CEILING: onnxruntime-node (the same 1.21 binary transformers.js loads) on the same model files,
 *                 fed the same token ids (tokenised once here by transformers.js: whole reviews at 256 tokens, every
 *                 segment at 64, e5 prefix included), sequences sorted by token count across the whole run, padded
 *                 per batch, mean pooling + L2 norm in JS; a grid of threads x batch sizes, the best one is the ceiling
 *   ort-pb        raw ORT with the PRODUCT's batching (per call, whole reviews and segments in separate passes,
 *                 char-length order, --batch-size): isolates the batching policy from transformers.js
 *   py-ort        (if .cache/model-venv exists) Python onnxruntime (ort_ceiling.py) on the same token ids, its own
 *                 grid; the ceiling is the fastest raw run of either
 *
 * Each configuration runs in a fresh process; model load and a warm-up are excluded; peak RSS = the process's maxRSS.
 * Ratios are against baselines measured in this same run; nothing is asserted on time.
 *
 *   npx tsc -p tsconfig.build.json --outDir /tmp/bench-dist && npx tsc-alias -p tsconfig.build.json --outDir /tmp/bench-dist
 *   NODE_PATH=node_modules node /tmp/bench-dist/bench/classifier/aspect.bench.js [--reviews 200] [--call-size 500] [--rounds 2]
 *     [--threads N] [--batch-size 32] [--grid 2x8,2x16,2x32] [--py-grid 2x16] [--variants fp32,int8]
 *     [--only aspect,embedding,ort,ort-pb,py-ort]     (grid entries: <ORT threads>x<batch size>)
 */
import { fork, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseCsv } from 'csv-parse/sync';
import * as ort from 'onnxruntime-node';
import {
  cpuQuotaThreads, createClassifier, detectLanguage, Embedder, l2Normalize, loadThemes, meanPool, profileOf,
  reviewText, segmentReview, serves, transformers, withLocalModelEnv, SEGMENT_MAX_TOKENS, type ReviewInput,
} from '@reviewlens/classification';

const REPO = process.cwd();
const MODEL_DIR = resolve(process.env.MODEL_DIR ?? join(REPO, '.cache', 'models-real'));
const SHARED = resolve(process.env.REVIEWLENS_SHARED_DIR ?? join(REPO, '..', 'shared'));
const PY = join(REPO, '.cache', 'model-venv', 'bin', 'python');
const MINILM = 'Xenova/all-MiniLM-L6-v2';
const E5 = 'Xenova/multilingual-e5-small';
const REVIEW_MAX_TOKENS = 256;

/* ---------------------------------------------------------------- data: real reviews, title + text + rating */

function loadReviews(count: number): ReviewInput[] {
  const read = (file: string) => parseCsv(readFileSync(join(SHARED, 'data', file)), { columns: true, bom: true, relax_column_count: true }) as Record<string, string>[];
  const rating = (s: string | undefined) => { const n = Number(s); return Number.isInteger(n) && n >= 1 && n <= 5 ? n : null; };
  const df = read('datafiniti_amazon_consumer_reviews_5k_12cols.csv')
    .map((r) => ({ title: r['reviews.title']?.trim() || null, text: (r['reviews.text'] ?? '').trim(), rating: rating(r['reviews.rating']) }))
    .filter((r) => r.text.length > 0);
  const ff = read('amazon_fine_food_reviews_first5k.csv')
    .map((r) => ({ title: r.Summary?.trim() || null, text: (r.Text ?? '').replace(/<br\s*\/?>/g, '\n').trim(), rating: rating(r.Score) }))
    .filter((r) => r.text.length > 0);
  const out: ReviewInput[] = [];
  for (let i = 0; out.length < count && (i < df.length || i < ff.length); i++) {
    if (i < df.length) out.push(df[i]);
    if (i < ff.length && out.length < count) out.push(ff[i]);
  }
  return out;
}

/** The sequences the aspect engine embeds, per model, per classify() call: mirrors AspectThemeClassifier.prepare/route/describe. */
interface CallSequences { whole: string[]; segments: string[] }
type Plan = Record<string, CallSequences[]>; // modelId -> one entry per classify() call

function planSequences(reviews: ReviewInput[], callSize: number, models: string[]): Plan {
  const plan: Plan = Object.fromEntries(models.map((m) => [m, [] as CallSequences[]]));
  for (let i = 0; i < reviews.length; i += callSize) {
    const call: Record<string, CallSequences> = Object.fromEntries(models.map((m) => [m, { whole: [], segments: [] }]));
    for (const r of reviews.slice(i, i + callSize)) {
      const title = r.title ?? null;
      const language = detectLanguage(reviewText(title, r.text), r.language);
      const model = serves(profileOf(models[0]), language) ? models[0] : models.slice(1).find((m) => serves(profileOf(m), language)) ?? models[0];
      const prefix = profileOf(model).prefix;
      call[model].whole.push(prefix + reviewText(title, r.text));
      call[model].segments.push(...segmentReview(title, r.text, language).map((s) => prefix + s.text));
    }
    for (const m of models) if (call[m].whole.length) plan[m].push(call[m]);
  }
  return plan;
}

/* ---------------------------------------------------------------- worker process: one configuration */

type Kind = 'aspect' | 'embedding' | 'ort' | 'ort-pb';
interface Config {
  kind: Kind; quantized: boolean; threads: number; batchSize: number; callSize: number;
  models: string[];
}
interface Payload { config: Config; reviews: ReviewInput[]; plan: Plan; ids: Record<string, Ids> }
/** Token ids per model: `all` = every sequence of the run (whole reviews at 256, segments at 64), no padding. */
interface Ids { all: number[][]; perCall: { whole: number[][]; segments: number[][] }[] }
interface Done { type: 'done'; ms: number; cpuMs: number; maxRssMb: number; loadMs: number; extra?: Record<string, number> }

const onnxPath = (modelId: string, quantized: boolean) => join(MODEL_DIR, modelId, 'onnx', quantized ? 'model_quantized.onnx' : 'model.onnx');

/** Raw ORT: pad each batch of token-id rows, run, mean-pool over real tokens, L2-normalise. Returns the vectors. */
async function ortEmbed(session: ort.InferenceSession, rows: number[][], order: number[], batchSize: number): Promise<Float32Array[]> {
  const out = new Array<Float32Array>(rows.length);
  for (let b = 0; b < order.length; b += batchSize) {
    const idx = order.slice(b, b + batchSize);
    const width = Math.max(...idx.map((i) => rows[i].length));
    const n = idx.length;
    const ids = new BigInt64Array(n * width), mask = new BigInt64Array(n * width);
    idx.forEach((i, r) => { const row = rows[i]; for (let k = 0; k < row.length; k++) { ids[r * width + k] = BigInt(row[k]); mask[r * width + k] = 1n; } });
    const feeds: Record<string, ort.Tensor> = {};
    for (const name of session.inputNames) {
      const data = name === 'input_ids' ? ids : name === 'attention_mask' ? mask : new BigInt64Array(n * width);
      feeds[name] = new ort.Tensor('int64', data, [n, width]);
    }
    const res = await session.run(feeds);
    const hidden = res.last_hidden_state ?? res[session.outputNames[0]];
    meanPool(hidden.data as Float32Array, hidden.dims as number[], mask).forEach((v, r) => { out[idx[r]] = l2Normalize(v); });
  }
  return out;
}

/**
 * In-process split of the product's time: wraps Embedder.embed (tokenizer + forward + pooling), the transformers.js
 * tokenizer call and the model call (tensor handling + session.run). Costs a few performance.now() calls per batch.
 */
function instrument(): { reset(): void; read(): Record<string, number> } {
  const t = { embedMs: 0, tokenizeMs: 0, forwardMs: 0, batches: 0 };
  const embedProto = Embedder.prototype as unknown as { embed: (...a: unknown[]) => Promise<unknown> };
  const tokProto = transformers.PreTrainedTokenizer.prototype as unknown as { _call: (...a: unknown[]) => unknown };
  const modelProto = transformers.PreTrainedModel.prototype as unknown as { _call: (...a: unknown[]) => Promise<unknown> };
  const embed = embedProto.embed, tok = tokProto._call, fwd = modelProto._call;
  embedProto.embed = async function (this: unknown, ...a: unknown[]) { const s = performance.now(); try { return await embed.apply(this, a); } finally { t.embedMs += performance.now() - s; } };
  tokProto._call = function (this: unknown, ...a: unknown[]) { const s = performance.now(); try { return tok.apply(this, a); } finally { t.tokenizeMs += performance.now() - s; } };
  modelProto._call = async function (this: unknown, ...a: unknown[]) { const s = performance.now(); t.batches++; try { return await fwd.apply(this, a); } finally { t.forwardMs += performance.now() - s; } };
  return { reset: () => { t.embedMs = t.tokenizeMs = t.forwardMs = t.batches = 0; }, read: () => ({ ...t }) };
}

async function runWorker(): Promise<void> {
  const { config: c, reviews, plan, ids } = await new Promise<Payload>((r) => process.once('message', r as never));
  const t0 = performance.now();
  let run: () => Promise<void>;
  let after: (() => Promise<void>) | undefined;
  const extra: Record<string, number> = {};
  const calls = <T>(xs: T[]) => Array.from({ length: Math.ceil(xs.length / c.callSize) }, (_, k) => xs.slice(k * c.callSize, (k + 1) * c.callSize));

  if (c.kind === 'aspect' || c.kind === 'embedding') {
    const classifier = await createClassifier({
      engine: c.kind, modelDir: MODEL_DIR, modelId: c.models[0], multilingualModelId: c.models[1], themes: loadThemes(),
      quantized: c.quantized, threads: c.threads, batchSize: c.batchSize, maxTokens: REVIEW_MAX_TOKENS,
    }, () => undefined);
    const inputs = c.kind === 'aspect' ? reviews : reviews.map((r) => reviewText(r.title ?? null, r.text));
    await classifier.classify(inputs.slice(0, 2)); // warm-up
    const timers = instrument();
    run = async () => { timers.reset(); for (const call of calls(inputs as never[])) await classifier.classify(call); Object.assign(extra, timers.read()); };
    after = async () => {
      const s = performance.now();
      for (const r of reviews) { const lang = detectLanguage(reviewText(r.title ?? null, r.text), r.language); segmentReview(r.title ?? null, r.text, lang); }
      extra.prepareMs = performance.now() - s;
    };
  } else {
    const sessions = new Map<string, ort.InferenceSession>();
    for (const m of c.models) if (ids[m]?.all.length) {
      sessions.set(m, await ort.InferenceSession.create(onnxPath(m, c.quantized), {
        intraOpNumThreads: c.threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential',
      }));
    }
    const first = [...sessions.entries()][0];
    await ortEmbed(first[1], ids[first[0]].all.slice(0, 2), [0, 1], 2); // warm-up
    if (c.kind === 'ort') {
      const orders = new Map([...sessions.keys()].map((m) => [m, ids[m].all.map((_, i) => i).sort((a, b) => ids[m].all[a].length - ids[m].all[b].length)]));
      run = async () => { for (const [m, s] of sessions) await ortEmbed(s, ids[m].all, orders.get(m)!, c.batchSize); };
    } else {
      // product batching: per call, whole and segments separately, ordered by CHAR length of the text (lengthOrderedChunks)
      const charOrder = (texts: string[]) => texts.map((_, i) => i).sort((a, b) => texts[a].length - texts[b].length || a - b);
      run = async () => {
        for (const [m, s] of sessions) for (let k = 0; k < plan[m].length; k++) {
          await ortEmbed(s, ids[m].perCall[k].whole, charOrder(plan[m][k].whole), c.batchSize);
          await ortEmbed(s, ids[m].perCall[k].segments, charOrder(plan[m][k].segments), c.batchSize);
        }
      };
    }
  }
  const loadMs = performance.now() - t0;
  process.send!({ type: 'loaded' });
  await new Promise((r) => process.once('message', r));
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  await run();
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  if (after) await after();
  const done: Done = { type: 'done', ms, cpuMs, maxRssMb, loadMs, extra };
  process.send!(done, () => process.exit(0));
}

/* ---------------------------------------------------------------- main */

interface Result { name: string; config: Config; ms: number; cpuMs: number; maxRssMb: number; loadMs: number; extra?: Record<string, number>; note: string; runs: number[] }

async function runInWorker(name: string, config: Config, payload: Omit<Payload, 'config'>, note: string): Promise<Result> {
  const w = fork(__filename, ['--worker'], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<never>((_, rej) => w.once('exit', (code) => rej(new Error(`${name}: worker exited with ${code}`))));
  const loaded = new Promise<void>((res) => w.once('message', () => res()));
  w.send({ config, ...payload });
  await Promise.race([loaded, exited]);
  const done = new Promise<Done>((res) => w.on('message', (m: Done) => { if (m.type === 'done') res(m); }));
  w.send({ type: 'go' });
  const d = await Promise.race([done, exited]);
  await new Promise((r) => w.once('exit', r));
  return { name, config, ms: d.ms, cpuMs: d.cpuMs, maxRssMb: d.maxRssMb, loadMs: d.loadMs, extra: d.extra, note, runs: [d.ms] };
}

function runPython(dir: string, quantized: boolean, grid: { threads: number; batch: number }[], models: string[], ids: Record<string, Ids>): Result | undefined {
  if (!existsSync(PY)) return undefined;
  const idsFile = join(dir, `ids-${quantized ? 'q8' : 'fp32'}.json`);
  writeFileSync(idsFile, JSON.stringify(Object.fromEntries(models.filter((m) => ids[m]?.all.length).map((m) => [onnxPath(m, quantized), ids[m].all]))));
  const r = spawnSync(PY, [join(REPO, 'bench', 'classifier', 'ort_ceiling.py'), idsFile, '--grid', grid.map((g) => `${g.threads}x${g.batch}`).join(',')], { encoding: 'utf8' });
  if (r.status !== 0) { console.error(`py-ort failed: ${r.stderr}`); return undefined; }
  process.stderr.write(r.stderr);
  const best = JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; cpuMs: number; threads: number; batch: number; maxRssMb: number; ort: string };
  return {
    name: `py-ort${quantized ? '-q8' : ''}`, ms: best.ms, cpuMs: best.cpuMs, maxRssMb: best.maxRssMb, loadMs: 0, runs: [best.ms], note: `Python onnxruntime ${best.ort}, token-length order, best of its grid`,
    config: { kind: 'ort', quantized, threads: best.threads, batchSize: best.batch, callSize: 0, models },
  };
}

const parseGrid = (spec: string) => spec.split(',').map((e) => { const [t, b] = e.split('x').map(Number); return { threads: t, batch: b }; });

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      reviews: { type: 'string', default: '200' },
      'call-size': { type: 'string', default: '500' },
      threads: { type: 'string' },
      'batch-size': { type: 'string', default: '32' },
      grid: { type: 'string', default: '2x8,2x16,2x32' },
      'py-grid': { type: 'string', default: '2x16' },
      rounds: { type: 'string', default: '2' },
      variants: { type: 'string', default: 'fp32,int8' },
      only: { type: 'string' },
    },
  });
  const threads = values.threads ? Number(values.threads) : cpuQuotaThreads();
  const batchSize = Number(values['batch-size']);
  const callSize = Number(values['call-size']);
  const grid = parseGrid(values.grid!);
  const pyGrid = parseGrid(values['py-grid']!);
  const only = values.only?.split(',');
  const want = (k: string) => !only || only.includes(k);
  const models = [MINILM, ...(existsSync(onnxPath(E5, false)) ? [E5] : [])];
  for (const m of models) {
    const w = JSON.parse(readFileSync(join(MODEL_DIR, m, 'onnx', 'WEIGHTS.json'), 'utf8')) as { weights?: string };
    if (w.weights !== 'real') throw new Error(`${m} in ${MODEL_DIR} is not real weights (WEIGHTS.json: ${w.weights}); run npm run models:build-real`);
  }

  const reviews = loadReviews(Number(values.reviews));
  const plan = planSequences(reviews, callSize, models);
  const ids: Record<string, Ids> = {};
  let tokens = 0, sequences = 0;
  const tokStart = performance.now();
  for (const m of models) {
    if (!plan[m].length) continue;
    const tokenizer = await withLocalModelEnv(MODEL_DIR, () => transformers.AutoTokenizer.from_pretrained(m, { local_files_only: true }));
    const enc = (texts: string[], max: number) => texts.length === 0 ? [] :
      (tokenizer._call(texts, { truncation: true, max_length: max, return_tensor: false } as never) as unknown as { input_ids: number[][] }).input_ids;
    const perCall = plan[m].map((call) => ({ whole: enc(call.whole, REVIEW_MAX_TOKENS), segments: enc(call.segments, SEGMENT_MAX_TOKENS) }));
    ids[m] = { perCall, all: perCall.flatMap((p) => [...p.whole, ...p.segments]) };
    tokens += ids[m].all.reduce((a, r) => a + r.length, 0);
    sequences += ids[m].all.length;
  }
  const tokMs = performance.now() - tokStart;
  const payload = { reviews, plan, ids };

  const routed = models.map((m) => `${m.split('/')[1]}: ${plan[m].reduce((a, c) => a + c.whole.length, 0)} reviews, ${plan[m].reduce((a, c) => a + c.segments.length, 0)} segments`).join('; ');
  const wholeTokens = models.flatMap((m) => ids[m]?.perCall.flatMap((p) => p.whole) ?? []).map((r) => r.length).sort((a, b) => a - b);
  // padding: tokens computed (batch x padded width) by the product's batching and by the ceiling's, for batch size b
  const padded = (rows: number[][], order: number[], b: number) => { let n = 0; for (let i = 0; i < order.length; i += b) { const idx = order.slice(i, i + b); n += idx.length * Math.max(...idx.map((k) => rows[k].length)); } return n; };
  const charOrder = (texts: string[]) => texts.map((_, i) => i).sort((a, b) => texts[a].length - texts[b].length || a - b);
  const productPadded = models.reduce((acc, m) => acc + (ids[m]?.perCall ?? []).reduce((a, p, k) => a + padded(p.whole, charOrder(plan[m][k].whole), batchSize) + padded(p.segments, charOrder(plan[m][k].segments), batchSize), 0), 0);
  const globalPadded = (b: number) => models.reduce((acc, m) => { const rows = ids[m]?.all ?? []; return acc + padded(rows, rows.map((_, i) => i).sort((x, y) => rows[x].length - rows[y].length), b); }, 0);
  console.log(`aspect bench: ${reviews.length} real reviews (Datafiniti + Fine Food alternately, title + text + rating), REAL weights from ${MODEL_DIR}`);
  console.log(`  routing: ${routed}`);
  console.log(`  ${sequences} sequences, ${tokens} real tokens (whole reviews: median ${wholeTokens[wholeTokens.length >> 1]}, max ${wholeTokens[wholeTokens.length - 1]}; ${wholeTokens.filter((t) => t >= REVIEW_MAX_TOKENS).length} truncated at ${REVIEW_MAX_TOKENS}); tokenised once for the raw runs in ${tokMs.toFixed(0)} ms`);
  console.log(`  padded tokens computed: product batching (batch ${batchSize}) ${productPadded}; token-length order over the run: batch 8 ${globalPadded(8)}, 16 ${globalPadded(16)}, 32 ${globalPadded(32)}`);
  console.log(`  calls of ${callSize} reviews, product batch size ${batchSize}, product ORT threads ${threads}, CPUs visible ${availableParallelism()}`);
  console.log(`  load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  const dir = mkdtempSync(join(tmpdir(), 'aspect-bench-'));
  const results: Result[] = [];
  const base = { threads, batchSize, callSize, models };
  // Every configuration runs once per round, rounds one after the other; the fastest run of each is kept (the
  // least disturbed by other work on a shared machine), with the peak RSS of all its runs.
  const step = async (r: Promise<Result> | Result | undefined) => {
    const x = await r; if (!x) return;
    const key = (y: Result) => `${y.name}/${y.config.threads}/${y.config.batchSize}`;
    const prev = results.find((y) => key(y) === key(x));
    if (!prev) results.push(x);
    else {
      const runs = [...prev.runs, x.ms], rss = Math.max(prev.maxRssMb, x.maxRssMb);
      Object.assign(prev, x.ms < prev.ms ? x : {}, { runs, maxRssMb: rss });
    }
    console.log(`  ${x.name} (${x.config.threads} threads, batch ${x.config.batchSize}): ${(x.ms / 1000).toFixed(2)} s (CPU ${(x.cpuMs / 1000).toFixed(2)} s), ${(reviews.length / (x.ms / 1000)).toFixed(1)} reviews/s, RSS ${x.maxRssMb.toFixed(0)} MB, load avg ${loadavg()[0].toFixed(1)}`);
  };
  try {
    for (let round = 1; round <= Number(values.rounds); round++) for (const v of values.variants!.split(',')) {
      console.log(`round ${round}, ${v}:`);
      const quantized = v === 'int8';
      const sfx = quantized ? '-q8' : '';
      if (want('aspect')) await step(runInWorker(`aspect${sfx}`, { ...base, kind: 'aspect', quantized }, payload, 'the product: aspect engine (MiniLM, e5 loaded for routing)'));
      if (want('embedding')) await step(runInWorker(`embedding${sfx}`, { ...base, kind: 'embedding', quantized, models: [MINILM] }, payload, 'old engine: one whole-review embedding ("title. text", 256 tokens), MiniLM only'));
      if (want('ort-pb')) await step(runInWorker(`ort-pb${sfx}`, { ...base, kind: 'ort-pb', quantized }, payload, "raw onnxruntime-node, the product's batching"));
      if (want('ort')) for (const g of grid) await step(runInWorker(`ort${sfx}`, { ...base, kind: 'ort', quantized, threads: g.threads, batchSize: g.batch }, payload, 'raw onnxruntime-node, token-length order over the run'));
      if (want('py-ort')) await step(runPython(dir, quantized, pyGrid, models, ids));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const rate = (r: Result) => reviews.length / (r.ms / 1000);
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`\nfastest of ${values.rounds} rounds per configuration (wall time of the timed section; CPU = user + sys of that process during it)`);
  console.log('| variant | configuration | ORT threads | batch | reviews/s | vs ceiling | CPU ms / review | peak RSS (MB) | runs (s) | note |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---|---|');
  const summary: string[] = [];
  for (const v of values.variants!.split(',')) {
    const q = v === 'int8';
    const rs = results.filter((r) => r.config.quantized === q);
    const isRaw = (r: Result) => (r.name.startsWith('ort') && !r.name.startsWith('ort-pb')) || r.name.startsWith('py-ort');
    const ceiling = rs.filter(isRaw).sort((a, b) => a.ms - b.ms)[0];
    const bestNode = rs.filter((r) => isRaw(r) && !r.name.startsWith('py')).sort((a, b) => a.ms - b.ms)[0];
    for (const r of rs.filter((x) => !isRaw(x) || x === bestNode || x.name.startsWith('py'))) {
      console.log(`| ${v} | ${r.name}${r === ceiling ? ' (CEILING)' : ''} | ${r.config.threads} | ${r.config.batchSize} | ${rate(r).toFixed(1)} | ${ceiling ? (rate(r) / rate(ceiling)).toFixed(2) : 'n/a'} | ${(r.cpuMs / reviews.length).toFixed(1)} | ${r.maxRssMb.toFixed(0)} | ${r.runs.map((m) => (m / 1000).toFixed(1)).join(', ')} | ${r.note} |`);
    }
    const aspect = rs.find((r) => r.name.startsWith('aspect')), emb = rs.find((r) => r.name.startsWith('embedding'));
    const gridRuns = rs.filter((r) => isRaw(r) && !r.name.startsWith('py'));
    if (gridRuns.length) summary.push(`${v} onnxruntime-node grid (threads x batch: reviews/s): ${gridRuns.map((r) => `${r.config.threads}x${r.config.batchSize}: ${rate(r).toFixed(1)}`).join(', ')}`);
    if (aspect && emb) summary.push(`${v} cost of sentence-level detection: aspect takes ${(aspect.ms / emb.ms).toFixed(2)}x the time per review of the whole-review embedding engine`);
    if (aspect && ceiling) summary.push(`${v} product / ceiling: ${(rate(aspect) / rate(ceiling)).toFixed(2)} by wall time (target >= 0.8); by CPU time of the same runs ${(ceiling.cpuMs / aspect.cpuMs).toFixed(2)} (less sensitive to other load)`);
    for (const r of [aspect, emb]) if (r?.extra) {
      const e = r.extra;
      summary.push(`${v} ${r.name} time split (in process): total ${s(r.ms)} = embed ${s(e.embedMs)} [tokenizer ${s(e.tokenizeMs)}, model call ${s(e.forwardMs)} over ${e.batches} batches, pooling+ordering ${s(e.embedMs - e.tokenizeMs - e.forwardMs)}] + engine JS outside embed ${s(r.ms - e.embedMs)} (language detection + segmentation alone: ${s(e.prepareMs)})`);
    }
  }
  console.log(`\n${summary.join('\n')}`);
  console.log(`\nload average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}  (shared machine: compare within this run)`);
}

if (process.argv.includes('--worker')) {
  runWorker().catch((err) => { console.error(err); process.exit(1); });
} else {
  main().catch((err) => { console.error(err); process.exitCode = 1; });
}
