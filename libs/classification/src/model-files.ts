import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const MODEL_HINT =
  'Build random-weight models with `npm run models:build-random` (mechanics and speed only) ' +
  'or fetch the real weights with `npm run models:download` where there is internet.';

export class ModelLoadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(`${message}\n${MODEL_HINT}`, options);
    this.name = 'ModelLoadError';
  }
}

export interface ModelFiles {
  folder: string;
  config: string;
  tokenizer: string;
  onnx: string;
}

/** Paths transformers.js reads for `<modelDir>/<modelId>` (the quantized file is dtype q8's `_quantized` suffix). */
export function modelFilesFor(modelDir: string, modelId: string, quantized: boolean): ModelFiles {
  const folder = join(modelDir, modelId);
  return {
    folder,
    config: join(folder, 'config.json'),
    tokenizer: join(folder, 'tokenizer.json'),
    onnx: join(folder, 'onnx', quantized ? 'model_quantized.onnx' : 'model.onnx'),
  };
}

function isDir(path: string): boolean {
  try { return statSync(path).isDirectory(); } catch { return false; }
}
function fileSize(path: string): number | undefined {
  try { const s = statSync(path); return s.isFile() ? s.size : undefined; } catch { return undefined; }
}

/**
 * Check, before transformers.js runs, that the files exist and look sane, so a missing model fails at load with
 * the exact path instead of a console warning and a generic error later. Returns the parsed config.json.
 */
export function assertModelFiles(files: ModelFiles, modelDir: string): Record<string, unknown> {
  if (!isDir(modelDir)) throw new ModelLoadError(`Model directory ${modelDir} does not exist.`);
  if (!isDir(files.folder)) throw new ModelLoadError(`Model folder ${files.folder} does not exist.`);
  if (fileSize(files.config) === undefined) throw new ModelLoadError(`Missing ${files.config}.`);
  let config: unknown;
  try {
    config = JSON.parse(readFileSync(files.config, 'utf8'));
  } catch (err) {
    throw new ModelLoadError(`Corrupt ${files.config}: ${(err as Error).message}`, { cause: err });
  }
  if (config === null || typeof config !== 'object' || typeof (config as Record<string, unknown>).model_type !== 'string') {
    throw new ModelLoadError(`Corrupt ${files.config}: no "model_type".`);
  }
  if (fileSize(files.tokenizer) === undefined) throw new ModelLoadError(`Missing ${files.tokenizer}.`);
  const onnxSize = fileSize(files.onnx);
  if (onnxSize === undefined) throw new ModelLoadError(`Missing ONNX weights ${files.onnx}.`);
  if (onnxSize === 0) throw new ModelLoadError(`Empty ONNX weights file ${files.onnx}.`);
  return config as Record<string, unknown>;
}

/**
 * The longest input, in tokens, the model can take: `max_position_embeddings` of its config.json (minus the
 * padding offset of RoBERTa-family position ids, `pad_token_id + 1`, for `roberta`/`xlm-roberta` models), capped by
 * `model_max_length` of tokenizer_config.json when that is a real number (tokenizers write 1e30 for "no limit").
 * Undefined when neither file says.
 */
export function modelMaxTokens(folder: string, config: Record<string, unknown>): number | undefined {
  const limits: number[] = [];
  const positions = Number(config.max_position_embeddings);
  if (Number.isFinite(positions) && positions > 0) {
    const roberta = /roberta/.test(String(config.model_type));
    limits.push(roberta ? positions - (Number(config.pad_token_id ?? 1) + 1) : positions);
  }
  try {
    const tok = JSON.parse(readFileSync(join(folder, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
    const m = Number(tok.model_max_length);
    if (Number.isFinite(m) && m > 0 && m < 1e6) limits.push(m);
  } catch { /* optional file */ }
  return limits.length > 0 ? Math.min(...limits) : undefined;
}

/** Thrown before any model is loaded when a requested token limit exceeds the model's own. */
export class TokenLimitError extends Error {
  constructor(readonly requested: number, readonly limit: number, modelId: string) {
    super(`max tokens ${requested} is above the limit of ${modelId}: ${limit} tokens (its config.json and tokenizer_config.json); use --max-tokens/MAX_TOKENS <= ${limit}`);
    this.name = 'TokenLimitError';
  }
}

/** What `onnx/WEIGHTS.json` says of a model folder's weights: "real", "random", or "unknown" when absent or unreadable. */
export function weightsKindOf(folder: string): 'real' | 'random' | 'unknown' {
  try {
    const w = JSON.parse(readFileSync(join(folder, 'onnx', 'WEIGHTS.json'), 'utf8')) as { weights?: unknown };
    return w.weights === 'real' || w.weights === 'random' ? w.weights : 'unknown';
  } catch {
    return 'unknown';
  }
}
