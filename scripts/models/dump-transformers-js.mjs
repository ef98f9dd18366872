#!/usr/bin/env node
// Prints what transformers.js makes of a few sentences, as JSON: token ids (no padding), the pooled
// sentence embeddings (mean pooling + L2 normalize, one padded batch) and, per sentence, the raw
// last_hidden_state. Reads a JSON array of sentences on stdin. Used by verify_real_e5.py. Usage:
//   echo '["a", "b"]' | node scripts/models/dump-transformers-js.mjs --model-dir DIR --model ID [--dtype fp32|q8]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AutoTokenizer, env, pipeline } from '@huggingface/transformers';

const { values } = parseArgs({
  options: {
    'model-dir': { type: 'string', default: process.env.MODEL_DIR ?? '.cache/models-real' },
    model: { type: 'string', default: 'Xenova/multilingual-e5-small' },
    dtype: { type: 'string', default: 'fp32' },
  },
});
env.localModelPath = path.resolve(values['model-dir']) + path.sep;
env.allowRemoteModels = false;

let input = '';
for await (const chunk of process.stdin) input += chunk;
const sentences = JSON.parse(input);

const tokenizer = await AutoTokenizer.from_pretrained(values.model);
const ids = sentences.map((s) => Array.from(tokenizer(s).input_ids.data, Number));
const extractor = await pipeline('feature-extraction', values.model, { dtype: values.dtype, device: 'cpu' });
const started = performance.now();
const pooled = (await extractor(sentences, { pooling: 'mean', normalize: true })).tolist();
const batchMs = performance.now() - started;
const hidden = [];
for (const s of sentences) hidden.push((await extractor(s, { pooling: 'none' })).tolist()[0]);
process.stdout.write(JSON.stringify({ ids, pooled, hidden, batchMs }));
