/**
 * The inference child process (InferenceProcessClient): both engines keep the ThemeClassifier contract through it
 * and give the in-process classifier's scores; load failures are reported by the child at start; a crash or a
 * timeout fails the running request with a clear error and the child is restarted; close() lets in-flight work
 * finish. Random-weight models (.cache/models): mechanics only, never quality.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import {
  createClassifier, InferenceProcessClient, InferenceProcessClosedError, InferenceProcessCrashedError, InferenceTimeoutError,
  loadThemes, type ClassifierEngine, type CreateClassifierOptions, type ThemeResult,
} from '@reviewlens/classification';

const REPO = process.cwd();
const MODEL_DIR = resolve(process.env.MODEL_DIR ?? join(REPO, '.cache', 'models'));
const SHARED = resolve(process.env.REVIEWLENS_SHARED_DIR ?? join(REPO, '..', 'shared'));
const MODELS: Record<ClassifierEngine, string> = { nli: 'Xenova/distilbert-base-uncased-mnli', embedding: 'Xenova/all-MiniLM-L6-v2', aspect: 'Xenova/all-MiniLM-L6-v2' };
const themes = loadThemes();
const labels = themes.themes.map((t) => t.label);

function realReviews(count: number, offset = 0): string[] {
  const csv = join(SHARED, 'data', 'datafiniti_amazon_consumer_reviews_5k_12cols.csv');
  const rows = parseCsv(readFileSync(csv), { columns: true, bom: true, relax_column_count: true }) as Record<string, string>[];
  return rows.map((r) => (r['reviews.text'] ?? '').trim()).filter((t) => t.length > 0).slice(offset, offset + count);
}

function options(engine: ClassifierEngine, extra: Partial<CreateClassifierOptions> = {}): CreateClassifierOptions {
  return { engine, modelDir: MODEL_DIR, modelId: MODELS[engine], themes, threads: 1, batchSize: 8, maxTokens: 128, ...extra };
}

function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try { process.kill(pid, 0); return true; } catch { return false; }
}

async function waitFor(what: string, cond: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function assertClose(a: ThemeResult, b: ThemeResult, eps: number, what: string): void {
  assert.equal(a.theme, b.theme, `${what}: theme`);
  for (const l of labels) assert.ok(Math.abs(a.scores[l]! - b.scores[l]!) <= eps, `${what}: ${l} ${a.scores[l]} vs ${b.scores[l]}`);
}

before(() => {
  for (const id of Object.values(MODELS)) {
    if (!existsSync(join(MODEL_DIR, id, 'onnx', 'model.onnx'))) throw new Error(`missing ${id} under ${MODEL_DIR}: npm run models:build-random`);
  }
});

for (const engine of ['embedding', 'nli'] as const) {
  describe(`${engine} engine through the child process`, () => {
    let client: InferenceProcessClient;
    const texts = realReviews(20, 300);
    before(async () => { client = await InferenceProcessClient.start({ classifier: options(engine) }); });
    after(async () => { await client?.close(); });

    test('identity comes from the child: engine, model, themes version, explicit threads, its own pid', () => {
      assert.equal(client.engine, engine);
      assert.equal(client.modelId, MODELS[engine]);
      assert.equal(client.themesVersion, themes.themesVersion);
      assert.equal(client.info.threads, 1);
      assert.ok(client.info.loadMs > 0);
      assert.notEqual(client.pid, process.pid);
      assert.ok(alive(client.pid));
      assert.equal(client.status, 'ready');
    });

    test('same scores as the in-process classifier (1e-6), every label, sum 1, theme = argmax', async () => {
      const remote = await client.classify(texts);
      const local = await createClassifier(options(engine));
      try {
        const expected = await local.classify(texts);
        assert.equal(remote.length, texts.length);
        remote.forEach((r, i) => {
          assertClose(r, expected[i]!, 1e-6, `text ${i}`);
          assert.deepEqual(Object.keys(r.scores), labels);
          assert.ok(Math.abs(Object.values(r.scores).reduce((a, b) => a + b, 0) - 1) < 1e-5);
          assert.equal(r.confidence, Math.max(...Object.values(r.scores)));
        });
      } finally {
        await local.dispose();
      }
    });

    test('concurrent requests are answered in order, each with its own results', async () => {
      const [a, b, c] = await Promise.all([client.classify(texts.slice(0, 3)), client.classify([texts[10]!]), client.classify(texts.slice(5, 7))]);
      const all = await client.classify(texts);
      assert.equal(a.length, 3);
      assertClose(b[0]!, all[10]!, 1e-6, 'b');
      assertClose(c[1]!, all[6]!, 1e-6, 'c');
      assert.equal(client.pending, 0);
    });

    test('empty batch without a round trip; a review longer than maxTokens is truncated, not rejected', async () => {
      assert.deepEqual(await client.classify([]), []);
      const [r] = await client.classify([Array.from({ length: 60 }, () => texts[0]).join(' ')]);
      assert.ok(labels.includes(r!.theme));
    });
  });
}

describe('failures', () => {
  test('a missing model fails start() with the child\'s ModelLoadError naming the path', async () => {
    const dir = join(tmpdir(), 'no-such-models-dir');
    await assert.rejects(InferenceProcessClient.start({ classifier: options('embedding', { modelDir: dir }) }), (e: Error) => {
      assert.equal(e.name, 'ModelLoadError');
      assert.match(e.message, /no-such-models-dir does not exist/);
      assert.match(e.message, /npm run models:build-random/);
      return true;
    });
  });

  test('a corrupt ONNX file fails start() naming the file', async () => {
    const source = join(MODEL_DIR, MODELS.embedding);
    const root = mkdtempSync(join(tmpdir(), 'models-corrupt-'));
    const target = join(root, MODELS.embedding);
    mkdirSync(join(target, 'onnx'), { recursive: true });
    for (const f of readdirSync(source)) if (statSync(join(source, f)).isFile()) copyFileSync(join(source, f), join(target, f));
    writeFileSync(join(target, 'onnx', 'model.onnx'), readFileSync(join(source, 'onnx', 'model.onnx')).subarray(0, 1_000_000));
    try {
      await assert.rejects(InferenceProcessClient.start({ classifier: options('embedding', { modelDir: root }) }),
        (e: Error) => e.name === 'ModelLoadError' && e.message.includes(join(target, 'onnx', 'model.onnx')));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('the child killed mid-request: that request fails with InferenceProcessCrashedError, the child is restarted', async () => {
    const crashes: unknown[] = [];
    const client = await InferenceProcessClient.start({ classifier: options('nli'), hooks: { onCrash: (d) => crashes.push(d) } });
    try {
      const first = client.pid;
      const running = client.classify(realReviews(40));
      const queued = client.classify(realReviews(2, 50));
      await new Promise((r) => setTimeout(r, 300));
      process.kill(first!, 'SIGKILL');
      await assert.rejects(running, (e: Error) => e instanceof InferenceProcessCrashedError && /SIGKILL/.test(e.message) && /40 texts/.test(e.message));
      assert.equal((await queued).length, 2, 'the queued request is served by the restarted child');
      assert.equal(client.restarts, 1);
      assert.notEqual(client.pid, first);
      assert.equal(client.status, 'ready');
      assert.equal(crashes.length, 1);
      assert.ok(!alive(first));
    } finally {
      await client.close();
    }
  });

  test('a request over the timeout fails with InferenceTimeoutError; the hung child is replaced', async () => {
    const client = await InferenceProcessClient.start({ classifier: options('nli'), requestTimeoutMs: 300 });
    try {
      const first = client.pid;
      await assert.rejects(client.classify(realReviews(64)), (e: Error) => e instanceof InferenceTimeoutError && e.name === 'InferenceTimeoutError');
      await waitFor('restart', () => client.status === 'ready' && client.pid !== first);
      assert.ok(!alive(first));
      assert.equal(client.restarts, 1);
    } finally {
      await client.close();
    }
  });

  test('restart budget exhausted: onFatal fires and every later request is refused', async () => {
    let fatal: Error | undefined;
    const client = await InferenceProcessClient.start({ classifier: options('embedding'), maxRestarts: 0, hooks: { onFatal: (e) => { fatal = e; } } });
    const pid = client.pid!;
    process.kill(pid, 'SIGKILL');
    await waitFor('fatal', () => fatal !== undefined);
    assert.equal(client.status, 'failed');
    await assert.rejects(client.classify(['hello']), InferenceProcessClosedError);
    await client.close();
  });

  test('close() lets the in-flight and queued requests finish, then the child exits; later requests are refused', async () => {
    const client = await InferenceProcessClient.start({ classifier: options('embedding') });
    const pid = client.pid;
    const a = client.classify(realReviews(16));
    const b = client.classify(realReviews(4, 20));
    const closed = client.close();
    await assert.rejects(client.classify(['late']), InferenceProcessClosedError);
    assert.equal((await a).length, 16);
    assert.equal((await b).length, 4);
    await closed;
    assert.equal(client.status, 'closed');
    await waitFor('child exit', () => !alive(pid), 5_000);
  });
});
