#!/usr/bin/env node
// Loads every built model with transformers.js (local files only) and runs it on a sentence.
// Usage: node scripts/models/check-transformers-js.mjs [--model-dir DIR] [--models a,b] [--dtypes fp32,q8]
// Exits non-zero if a model fails to load or returns an output of the wrong shape.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { env, pipeline } from '@huggingface/transformers';

const { values } = parseArgs({
  options: {
    'model-dir': { type: 'string', default: process.env.MODEL_DIR ?? path.resolve(import.meta.dirname, '../../.cache/models') },
    models: { type: 'string', default: 'Xenova/all-MiniLM-L6-v2,Xenova/distilbert-base-uncased-mnli,Xenova/mobilebert-uncased-mnli' },
    dtypes: { type: 'string', default: 'fp32,q8' },
  },
});

env.localModelPath = path.resolve(values['model-dir']) + path.sep;
env.allowRemoteModels = false;
env.allowLocalModels = true;

const SENTENCE = 'The blender arrived broken and support never answered my emails.';
const LABELS = ['product defect', 'delivery issue', 'price value'];
const DTYPE_FILES = { fp32: 'model.onnx', q8: 'model_quantized.onnx' };

function taskFor(modelDir) {
  const config = JSON.parse(readFileSync(path.join(modelDir, 'config.json'), 'utf8'));
  const arch = config.architectures?.[0] ?? '';
  return arch.endsWith('ForSequenceClassification') ? 'zero-shot-classification' : 'feature-extraction';
}

async function check(modelId, dtype) {
  const modelDir = path.join(env.localModelPath, modelId);
  const file = path.join(modelDir, 'onnx', DTYPE_FILES[dtype]);
  if (!existsSync(file)) return { modelId, dtype, skipped: `${file} missing` };
  const task = taskFor(modelDir);
  const started = performance.now();
  const pipe = await pipeline(task, modelId, { dtype, device: 'cpu' });
  const loadMs = performance.now() - started;
  const runStarted = performance.now();
  let shape;
  if (task === 'feature-extraction') {
    const raw = await pipe(SENTENCE, { pooling: 'none' });
    const out = await pipe([SENTENCE, 'Fast delivery.'], { pooling: 'mean', normalize: true });
    shape = `last_hidden_state [${raw.dims}], pooled [${out.dims}]`;
    if (raw.dims.length !== 3 || out.dims.length !== 2 || out.dims[0] !== 2 || out.dims[1] !== raw.dims[2]) {
      throw new Error(`${modelId}: unexpected embedding dims ${shape}`);
    }
    if (!Array.from(out.data).every(Number.isFinite)) throw new Error(`${modelId}: non-finite embedding`);
  } else {
    const out = await pipe(SENTENCE, LABELS, { multi_label: false });
    shape = `labels [${out.labels.length}], scores sum ${out.scores.reduce((a, b) => a + b, 0).toFixed(4)}`;
    const sum = out.scores.reduce((a, b) => a + b, 0);
    if (out.labels.length !== LABELS.length || Math.abs(sum - 1) > 1e-3) {
      throw new Error(`${modelId}: unexpected zero-shot output ${JSON.stringify(out)}`);
    }
  }
  const runMs = performance.now() - runStarted;
  await pipe.dispose?.();
  return { modelId, dtype, task, shape, loadMs: Math.round(loadMs), runMs: Math.round(runMs) };
}

let failed = 0;
for (const modelId of values.models.split(',').filter(Boolean)) {
  for (const dtype of values.dtypes.split(',').filter(Boolean)) {
    try {
      const r = await check(modelId, dtype);
      if (r.skipped) console.log(`[skip] ${modelId} ${dtype}: ${r.skipped}`);
      else console.log(`[ok] ${modelId} ${dtype} ${r.task}: ${r.shape}, load ${r.loadMs} ms, run ${r.runMs} ms`);
    } catch (err) {
      failed += 1;
      console.error(`[FAIL] ${modelId} ${dtype}: ${err instanceof Error ? err.message : err}`);
    }
  }
}
process.exit(failed ? 1 : 0);
