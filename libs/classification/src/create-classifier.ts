import type { CreateClassifierOptions, ThemeClassifier } from './classifier.types';
import { cpuQuotaThreads } from './cpu-quota';
import { EmbeddingThemeClassifier } from './embedding.classifier';
import { loadModel } from './load-model';
import { NliThemeClassifier } from './nli.classifier';

export const CLASSIFIER_DEFAULTS = { maxTokens: 128, batchSize: 32, temperature: 0.05 } as const;

/**
 * Load the model (local files only; fails here with a ModelLoadError naming the missing or corrupt file) and
 * return the engine's classifier. Holds no global state beyond transformers.js's `env`, so it can be called inside
 * a worker_threads Worker (one classifier per worker, `threads` = that worker's share of the CPU quota).
 */
export async function createClassifier(opts: CreateClassifierOptions): Promise<ThemeClassifier> {
  const maxTokens = opts.maxTokens ?? CLASSIFIER_DEFAULTS.maxTokens;
  const batchSize = opts.batchSize ?? CLASSIFIER_DEFAULTS.batchSize;
  const threads = opts.threads && opts.threads > 0 ? opts.threads : cpuQuotaThreads();
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
  if (!Number.isInteger(maxTokens) || maxTokens < 8) throw new Error(`maxTokens must be an integer >= 8, got ${maxTokens}`);

  const loaded = await loadModel({
    engine: opts.engine, modelDir: opts.modelDir, modelId: opts.modelId, quantized: opts.quantized ?? false, threads,
  });
  const base = { modelId: opts.modelId, themes: opts.themes, maxTokens, batchSize };
  if (opts.engine === 'nli') return new NliThemeClassifier(loaded, base);
  return EmbeddingThemeClassifier.create(loaded, { ...base, temperature: opts.temperature ?? CLASSIFIER_DEFAULTS.temperature });
}
