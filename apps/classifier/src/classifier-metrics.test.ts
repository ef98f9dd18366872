import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { createClassifierMetrics, recordBatch, recordModelLoaded } from './classifier-metrics';
import { ortThreads } from './theme-classifier.provider';

const info = { modelId: 'Xenova/all-MiniLM-L6-v2', themesVersion: '1-abcdef12', engine: 'embedding' as const, quantized: false, threads: 2, loadMs: 1500, pid: 1 };

test('model info carries model, themes version and engine; a reload replaces it instead of adding a series', async () => {
  const registry = new Registry();
  const m = createClassifierMetrics(registry);
  recordModelLoaded(m, info);
  recordModelLoaded(m, { ...info, themesVersion: '2-00000000', loadMs: 500 });
  const text = await registry.metrics();
  assert.match(text, /reviewlens_classifier_model_info\{model="Xenova\/all-MiniLM-L6-v2",themes_version="2-00000000",engine="embedding"\} 1/);
  assert.doesNotMatch(text, /themes_version="1-abcdef12"/);
  assert.match(text, /reviewlens_classifier_model_load_seconds 0.5/);
});

test('a batch adds its reviews to the counter and one observation to each histogram', async () => {
  const registry = new Registry();
  const m = createClassifierMetrics(registry);
  recordBatch(m, 24, 1200);
  recordBatch(m, 8, 300);
  const text = await registry.metrics();
  assert.match(text, /reviewlens_classifier_reviews_total 32/);
  assert.match(text, /reviewlens_classifier_batch_size_count 2/);
  assert.match(text, /reviewlens_classifier_batch_size_bucket\{le="8"\} 1/);
  assert.match(text, /reviewlens_classifier_inference_seconds_sum 1.5/);
});

test('ORT threads: ORT_THREADS when set, else the CPU quota (at least 1)', () => {
  assert.equal(ortThreads({ ORT_THREADS: 3 }), 3);
  assert.ok(ortThreads({ ORT_THREADS: 0 }) >= 1);
});
