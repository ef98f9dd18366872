#!/usr/bin/env node
// Prints transformers.js sentence embeddings (mean pooling + L2 normalize) as JSON.
// Reads a JSON array of sentences on stdin. Usage:
//   echo '["a", "b"]' | node scripts/models/embed-transformers-js.mjs --model-dir DIR [--model ID] [--dtype fp32|q8]
import { parseArgs } from 'node:util';
import path from 'node:path';
import { env, pipeline } from '@huggingface/transformers';

const { values } = parseArgs({
  options: {
    'model-dir': { type: 'string', default: process.env.MODEL_DIR ?? '.cache/models-real' },
    model: { type: 'string', default: 'Xenova/all-MiniLM-L6-v2' },
    dtype: { type: 'string', default: 'fp32' },
  },
});
env.localModelPath = path.resolve(values['model-dir']) + path.sep;
env.allowRemoteModels = false;

let input = '';
for await (const chunk of process.stdin) input += chunk;
const sentences = JSON.parse(input);
const extractor = await pipeline('feature-extraction', values.model, { dtype: values.dtype, device: 'cpu' });
const output = await extractor(sentences, { pooling: 'mean', normalize: true });
process.stdout.write(JSON.stringify(output.tolist()));
