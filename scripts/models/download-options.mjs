// Pure: command-line + environment -> download options.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_ENDPOINT, DEFAULT_MODELS, validateModelId } from './hub-files.mjs';

export const USAGE = `Usage: node scripts/models/download.mjs [--model ID]... [--model-dir DIR] [--dtype fp32,q8]
       [--revision REV] [--endpoint URL] [--pointers DIR] [--connect-timeout S] [--idle-timeout S]
Downloads transformers.js model folders (config, tokenizer, onnx/model.onnx, onnx/model_quantized.onnx)
from the Hugging Face hub into MODEL_DIR/<model id>/. Defaults: ${DEFAULT_MODELS.join(', ')};
MODEL_DIR from the environment, else <repo>/.cache/models. HF_ENDPOINT and HF_TOKEN are honoured.`;

function seconds(value, name) {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number of seconds`);
  return Math.round(n * 1000);
}

export function parseOptions(argv, env, repoRoot) {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string', multiple: true },
      'model-dir': { type: 'string' },
      dtype: { type: 'string', default: 'fp32,q8' },
      revision: { type: 'string', default: 'main' },
      endpoint: { type: 'string' },
      pointers: { type: 'string' },
      'connect-timeout': { type: 'string', default: '15' },
      'idle-timeout': { type: 'string', default: '30' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  const models = (values.model ?? DEFAULT_MODELS).flatMap((m) => m.split(',')).map((m) => m.trim()).filter(Boolean);
  models.forEach(validateModelId);
  return {
    help: values.help,
    models,
    modelDir: path.resolve(values['model-dir'] ?? env.MODEL_DIR ?? path.join(repoRoot, '.cache', 'models')),
    dtypes: values.dtype.split(',').map((d) => d.trim()).filter(Boolean),
    revision: values.revision,
    endpoint: values.endpoint ?? env.HF_ENDPOINT ?? DEFAULT_ENDPOINT,
    pointersRoot: values.pointers,
    token: env.HF_TOKEN || undefined,
    timeouts: { connectMs: seconds(values['connect-timeout'], 'connect-timeout'), idleMs: seconds(values['idle-timeout'], 'idle-timeout') },
  };
}

/** LFS pointers for a model: --pointers DIR/<id>/lfs-pointers, else ../shared/models/<id>/lfs-pointers. */
export function pointerDirFor(modelId, pointersRoot, repoRoot) {
  const root = pointersRoot ?? path.join(repoRoot, '..', 'shared', 'models');
  return path.join(root, ...modelId.split('/'), 'lfs-pointers');
}
