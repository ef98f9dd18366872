import { existsSync } from 'node:fs';
import { AspectThemeClassifier, type AspectModel } from './aspect/aspect.classifier';
import { headPathFor, loadHead } from './aspect/head';
import { profileOf } from './aspect/model-profiles';
import type { CreateClassifierOptions, ThemeClassifier } from './classifier.types';
import { cpuQuotaThreads } from './cpu-quota';
import { Embedder } from './embedder';
import { EmbeddingThemeClassifier } from './embedding.classifier';
import { loadModel } from './load-model';
import { assertModelFiles, modelFilesFor, modelMaxTokens, TokenLimitError, weightsKindOf } from './model-files';
import { NliThemeClassifier } from './nli.classifier';

export const CLASSIFIER_DEFAULTS = { maxTokens: 128, aspectMaxTokens: 256, batchSize: 32, temperature: 0.05 } as const;

/** Where warnings go (stderr by default); tests and services may redirect them. */
export type WarnFn = (message: string) => void;

/**
 * The token limit to use for `modelId`: `requested` when given (refused with TokenLimitError above the model's own
 * limit), else `fallback` clamped to that limit. Reads only config.json and tokenizer_config.json, so it fails
 * before any weights are loaded.
 */
export function resolveMaxTokens(modelDir: string, modelId: string, requested: number | undefined, fallback: number): number {
  const files = modelFilesFor(modelDir, modelId, false);
  const limit = modelMaxTokens(files.folder, assertModelFiles({ ...files, onnx: files.config }, modelDir));
  if (requested !== undefined) {
    if (limit !== undefined && requested > limit) throw new TokenLimitError(requested, limit, modelId);
    return requested;
  }
  return limit !== undefined ? Math.min(fallback, limit) : fallback;
}

/**
 * Load the model(s) (local files only; fails here with a ModelLoadError naming the missing or corrupt file, or a
 * TokenLimitError when `maxTokens` exceeds the model's limit, before loading weights) and return the engine's
 * classifier. A model whose onnx/WEIGHTS.json says "random" is loaded with a warning: its scores mean nothing.
 * Holds no global state beyond transformers.js's `env`, so it can run inside a worker thread or child process.
 */
export async function createClassifier(opts: CreateClassifierOptions, warn: WarnFn = (m) => process.stderr.write(`warning: ${m}\n`)): Promise<ThemeClassifier> {
  const engine = opts.engine;
  const fallbackTokens = engine === 'aspect' ? CLASSIFIER_DEFAULTS.aspectMaxTokens : CLASSIFIER_DEFAULTS.maxTokens;
  const batchSize = opts.batchSize ?? CLASSIFIER_DEFAULTS.batchSize;
  const threads = opts.threads && opts.threads > 0 ? opts.threads : cpuQuotaThreads();
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
  if (opts.maxTokens !== undefined && (!Number.isInteger(opts.maxTokens) || opts.maxTokens < 8)) throw new Error(`maxTokens must be an integer >= 8, got ${opts.maxTokens}`);
  const maxTokens = resolveMaxTokens(opts.modelDir, opts.modelId, opts.maxTokens, fallbackTokens);

  const load = async (modelId: string) => {
    if (weightsKindOf(modelFilesFor(opts.modelDir, modelId, false).folder) === 'random') {
      warn(`${modelId} in ${opts.modelDir} has RANDOM weights (onnx/WEIGHTS.json): its themes are noise. Build real weights with \`npm run models:build-real\`.`);
    }
    return loadModel({ engine: engine === 'nli' ? 'nli' : 'embedding', modelDir: opts.modelDir, modelId, quantized: opts.quantized ?? false, threads });
  };

  if (engine === 'nli') return new NliThemeClassifier(await load(opts.modelId), { modelId: opts.modelId, themes: opts.themes, maxTokens, batchSize });
  if (engine === 'embedding') {
    const loaded = await load(opts.modelId);
    return EmbeddingThemeClassifier.create(new Embedder(loaded.tokenizer, loaded.model, { batchSize }), {
      modelId: opts.modelId, themes: opts.themes, maxTokens, temperature: opts.temperature ?? CLASSIFIER_DEFAULTS.temperature,
    });
  }
  const ids = [opts.modelId];
  const multilingual = opts.multilingualModelId;
  if (multilingual && multilingual !== opts.modelId) {
    if (existsSync(modelFilesFor(opts.modelDir, multilingual, opts.quantized ?? false).onnx)) ids.push(multilingual);
    else warn(`multilingual model ${multilingual} not found in ${opts.modelDir}: reviews in other languages go to ${opts.modelId} (npm run models:build-real builds it)`);
  }
  const models: AspectModel[] = [];
  for (const modelId of ids) {
    const profile = profileOf(modelId);
    const head = existsSync(opts.themes.source) ? loadHead(headPathFor(opts.themes.source, modelId)) : undefined;
    if (!head) warn(`no trained head for ${modelId} beside ${opts.themes.source}: theme scores are zero-shot and uncalibrated (npm run train-themes)`);
    else if (head.themesVersion !== opts.themes.themesVersion) warn(`head for ${modelId} was fitted for themes ${head.themesVersion}, not ${opts.themes.themesVersion}: retrain with npm run train-themes`);
    if (modelId !== opts.modelId) resolveMaxTokens(opts.modelDir, modelId, maxTokens, maxTokens);
    let embedder: Promise<Embedder> | undefined;
    models.push({
      modelId, profile, head,
      embedder: () => (embedder ??= load(modelId).then((loaded) => new Embedder(loaded.tokenizer, loaded.model, { batchSize, prefix: profile.prefix }))),
      dispose: async () => { if (embedder) await (await embedder).dispose(); },
    });
  }
  return AspectThemeClassifier.create(opts.themes, models, maxTokens);
}
