/**
 * Classification integration test: needs the ONNX models under MODEL_DIR (default <repo>/.cache/models), e.g.
 * random-weight ones from `npm run models:build-random`. Scores of random weights mean nothing: this checks
 * mechanics (batched NLI = stock pipeline, engine contract, load failures, worker threads), never quality.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parse as parseCsv } from 'csv-parse/sync';
import {
  createClassifier, loadThemes, ModelLoadError, transformers, withLocalModelEnv, type ClassifierEngine, type ThemeClassifier, type ThemeResult,
} from '@reviewlens/classification';

const REPO = process.cwd();
const MODEL_DIR = resolve(process.env.MODEL_DIR ?? join(REPO, '.cache', 'models'));
const SHARED = resolve(process.env.REVIEWLENS_SHARED_DIR ?? join(REPO, '..', 'shared'));
const REVIEWS_CSV = join(SHARED, 'data', 'datafiniti_amazon_consumer_reviews_5k_12cols.csv');
const MODELS: Record<ClassifierEngine, string> = {
  nli: 'Xenova/distilbert-base-uncased-mnli',
  embedding: 'Xenova/all-MiniLM-L6-v2',
  aspect: 'Xenova/all-MiniLM-L6-v2',
};
const THREADS = 2;

function requireModel(modelId: string): void {
  const onnx = join(MODEL_DIR, modelId, 'onnx', 'model.onnx');
  if (!existsSync(onnx)) {
    throw new Error(`Model file ${onnx} is missing: run \`npm run models:build-random\` (or set MODEL_DIR) before this test.`);
  }
}

function realReviews(count: number, offset = 0): string[] {
  const rows = parseCsv(readFileSync(REVIEWS_CSV), { columns: true, bom: true, relax_column_count: true }) as Record<string, string>[];
  return rows.map((r) => (r['reviews.text'] ?? '').trim()).filter((t) => t.length > 0).slice(offset, offset + count);
}

function assertScoresClose(actual: ThemeResult, expected: Record<string, number>, eps: number, what: string): void {
  assert.deepEqual(Object.keys(actual.scores).sort(), Object.keys(expected).sort(), `${what}: labels`);
  for (const [label, score] of Object.entries(expected)) {
    assert.ok(Math.abs(actual.scores[label] - score) <= eps, `${what}: ${label} ${actual.scores[label]} vs ${score}`);
  }
}

const themes = loadThemes();
const labels = themes.themes.map((t) => t.label);

describe('batched NLI equals the stock zero-shot-classification pipeline', () => {
  let classifier: ThemeClassifier;
  before(async () => {
    requireModel(MODELS.nli);
    // maxTokens 512 = the stock pipeline's truncation limit (model_max_length), so tokenization is identical.
    classifier = await createClassifier({
      engine: 'nli', modelDir: MODEL_DIR, modelId: MODELS.nli, themes, threads: THREADS, batchSize: 8, maxTokens: 512,
    });
  });
  after(async () => { await classifier?.dispose(); });

  test('20 real reviews, 7 labels, same hypothesis template: scores within 1e-4', async () => {
    const texts = realReviews(20);
    assert.equal(texts.length, 20);
    const stock = await withLocalModelEnv(MODEL_DIR, () => transformers.pipeline('zero-shot-classification', MODELS.nli, {
      local_files_only: true, device: 'cpu', dtype: 'fp32', session_options: { intraOpNumThreads: THREADS },
    }));
    const ours = await classifier.classify(texts);
    try {
      for (let i = 0; i < texts.length; i++) {
        const out = (await stock(texts[i], labels, { hypothesis_template: themes.hypothesisTemplate })) as { labels: string[]; scores: number[] };
        const expected = Object.fromEntries(out.labels.map((l, k) => [l, out.scores[k]]));
        // Required: within 1e-4. Random weights put every NLI score near 1/7 (spread across labels ~1e-4..1e-3),
        // so 1e-4 alone could miss a label mix-up: also require 1e-6 (observed difference: 0) and the same ranking.
        assertScoresClose(ours[i], expected, 1e-4, `review ${i}`);
        assertScoresClose(ours[i], expected, 1e-6, `review ${i} (strict)`);
        assert.ok(out.scores[0] - out.scores[out.scores.length - 1] > 1e-5, `review ${i}: scores too flat to compare`);
        const ranking = Object.entries(ours[i].scores).sort((a, b) => b[1] - a[1]).map(([l]) => l);
        assert.deepEqual(ranking, out.labels, `review ${i}: ranking`);
        assert.equal(ours[i].theme, out.labels[0], `review ${i}: top theme`);
      }
    } finally {
      await stock.dispose();
    }
  });
});

for (const engine of ['nli', 'embedding'] as const) {
  describe(`${engine} engine contract`, () => {
    let classifier: ThemeClassifier;
    const texts = realReviews(24, 100);
    before(async () => {
      requireModel(MODELS[engine]);
      classifier = await createClassifier({
        engine, modelDir: MODEL_DIR, modelId: MODELS[engine], themes, threads: THREADS, batchSize: 8, maxTokens: 128,
      });
    });
    after(async () => { await classifier?.dispose(); });

    test('identity: engine, modelId, themesVersion', () => {
      assert.equal(classifier.engine, engine);
      assert.equal(classifier.modelId, MODELS[engine]);
      assert.equal(classifier.themesVersion, themes.themesVersion);
    });

    test('every label scored, sum 1, confidence = max, theme = argmax', async () => {
      const results = await classifier.classify(texts);
      assert.equal(results.length, texts.length);
      for (const r of results) {
        assert.deepEqual(Object.keys(r.scores), labels);
        const values = Object.values(r.scores);
        values.forEach((v) => assert.ok(Number.isFinite(v) && v >= 0 && v <= 1, `score ${v}`));
        assert.ok(Math.abs(values.reduce((a, b) => a + b, 0) - 1) < 1e-5);
        assert.equal(r.confidence, Math.max(...values));
        assert.equal(r.scores[r.theme], r.confidence);
      }
    });

    test('deterministic for the same input', async () => {
      const a = await classifier.classify(texts);
      const b = await classifier.classify(texts);
      a.forEach((r, i) => assertScoresClose(b[i], r.scores, 1e-7, `text ${i}`));
    });

    test('order-independent within a batch (1e-4), and batch of one = batch of many', async () => {
      const all = await classifier.classify(texts);
      const reversed = await classifier.classify([...texts].reverse());
      // 1e-4 as required; NLI scores of random weights differ by ~1e-4 across labels, so NLI also gets 1e-6
      // (observed difference between padded batches and a batch of one: 0).
      const eps = engine === 'nli' ? 1e-6 : 1e-4;
      reversed.reverse().forEach((r, i) => assertScoresClose(r, all[i].scores, eps, `reversed ${i}`));
      const mixed = await classifier.classify([texts[3], 'Fast delivery, great price.', texts[0]]);
      assertScoresClose(mixed[0], all[3].scores, eps, 'mixed 3');
      assertScoresClose(mixed[2], all[0].scores, eps, 'mixed 0');
      for (const i of [0, 5]) {
        const [alone] = await classifier.classify([texts[i]]);
        assertScoresClose(alone, all[i].scores, eps, `alone ${i}`);
      }
    });

    test('empty batch gives an empty result', async () => {
      assert.deepEqual(await classifier.classify([]), []);
    });

    test('a review longer than maxTokens is truncated, not rejected', async () => {
      const long = Array.from({ length: 60 }, () => texts[0]).join(' ');
      const [r] = await classifier.classify([long]);
      assert.ok(labels.includes(r.theme));
      assert.ok(Math.abs(Object.values(r.scores).reduce((a, b) => a + b, 0) - 1) < 1e-5);
    });
  });
}

describe('load failures with the real model files', () => {
  test('missing model dir points at models:build-random', async () => {
    await assert.rejects(
      createClassifier({ engine: 'embedding', modelDir: join(tmpdir(), 'no-such-models'), modelId: MODELS.embedding, themes }),
      (e: Error) => e instanceof ModelLoadError && /does not exist/.test(e.message) && /npm run models:build-random/.test(e.message),
    );
  });

  test('truncated onnx file of the real model fails at load naming the file', async () => {
    requireModel(MODELS.nli);
    const source = join(MODEL_DIR, MODELS.nli);
    const root = mkdtempSync(join(tmpdir(), 'models-truncated-'));
    const target = join(root, MODELS.nli);
    mkdirSync(join(target, 'onnx'), { recursive: true });
    for (const f of readdirSync(source)) if (statSync(join(source, f)).isFile()) copyFileSync(join(source, f), join(target, f));
    const onnx = readFileSync(join(source, 'onnx', 'model.onnx'));
    writeFileSync(join(target, 'onnx', 'model.onnx'), onnx.subarray(0, Math.floor(onnx.length / 3)));
    await assert.rejects(
      createClassifier({ engine: 'nli', modelDir: root, modelId: MODELS.nli, themes, threads: 1 }),
      (e: Error) => e instanceof ModelLoadError && e.message.includes(join(target, 'onnx', 'model.onnx')),
    );
  });
});

/**
 * onnxruntime-node 1.21 (pinned by transformers.js 3.8) keeps a process-global N-API reference: only ONE JS thread
 * per process may run inference (a second one aborts the process, microsoft/onnxruntime#24486). This test file's
 * main thread already runs ORT, so the worker runs in a fresh child process whose main thread never touches ORT.
 */
describe('runs inside a worker_threads Worker', () => {
  test('embedding classifier in a worker (own process) gives the main thread scores', async () => {
    requireModel(MODELS.embedding);
    const texts = realReviews(3, 200);
    const lib = join(__dirname, '..', '..', 'libs', 'classification', 'src', 'index.js');
    const workerCode = `
      const { parentPort, workerData } = require('node:worker_threads');
      const c = require(workerData.lib);
      (async () => {
        const classifier = await c.createClassifier({ engine: 'embedding', modelDir: workerData.modelDir,
          modelId: workerData.modelId, themes: c.loadThemes(), threads: 1 });
        const results = await classifier.classify(workerData.texts);
        await classifier.dispose();
        parentPort.postMessage(results);
      })().catch((e) => parentPort.postMessage({ error: e.message }));`;
    const parentCode = `
      const { Worker } = require('node:worker_threads');
      const w = new Worker(${JSON.stringify(workerCode)}, { eval: true, workerData: JSON.parse(process.argv[1]) });
      w.once('message', (m) => process.stdout.write(JSON.stringify(m)));
      w.once('error', (e) => { process.stderr.write(String(e)); process.exitCode = 1; });`;
    const data = JSON.stringify({ lib, modelDir: MODEL_DIR, modelId: MODELS.embedding, texts });
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', parentCode, data], { maxBuffer: 1 << 24 });
    const fromWorker = JSON.parse(stdout) as ThemeResult[] | { error: string };
    assert.ok(Array.isArray(fromWorker), `worker failed: ${stdout}`);
    const main = await createClassifier({ engine: 'embedding', modelDir: MODEL_DIR, modelId: MODELS.embedding, themes, threads: 1 });
    try {
      const expected = await main.classify(texts);
      assert.equal(fromWorker.length, texts.length);
      fromWorker.forEach((r, i) => assertScoresClose(r, expected[i].scores, 1e-4, `worker ${i}`));
    } finally {
      await main.dispose();
    }
  });
});
