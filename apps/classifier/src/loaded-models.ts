import { existsSync } from 'node:fs';
import {
  headPathFor, loadHead, modelFilesFor, weightsKindOf, type CreateClassifierOptions,
} from '@reviewlens/classification';

/** What /health reports of one model the inference process loaded. */
export interface LoadedModelReport {
  modelId: string;
  /**
   * primary: MODEL_ID; multilingual: MULTILINGUAL_MODEL_ID (aspect engine, reviews in other languages; the inference
   * process loads it on the first such review).
   */
  role: 'primary' | 'multilingual';
  /** onnx/WEIGHTS.json of the model folder: "random" = scores are noise (test models), "unknown" = no such file. */
  weights: 'real' | 'random' | 'unknown';
  /** aspect engine: a trained head file for this model sits beside the themes file (else scores are zero-shot). */
  head: boolean;
  /** Themes version the head was fitted for (null without a head); differs from the served one = retrain. */
  headThemesVersion: string | null;
}

/** Summary of the models' weights: "random" when any is random, "real" when all are real, else "unknown". */
export type WeightsSummary = 'real' | 'random' | 'unknown';

/**
 * The models `createClassifier` loads for `opts`, described from their files (no weights are read): the primary model,
 * plus the multilingual one for the aspect engine when it is configured, differs from the primary and its ONNX file
 * exists (the same rule createClassifier applies; a missing one falls back to the primary with a warning).
 */
export function describeLoadedModels(opts: Pick<CreateClassifierOptions, 'engine' | 'modelDir' | 'modelId' | 'multilingualModelId' | 'quantized' | 'themes'>): LoadedModelReport[] {
  const ids: { modelId: string; role: LoadedModelReport['role'] }[] = [{ modelId: opts.modelId, role: 'primary' }];
  const multi = opts.multilingualModelId;
  if (opts.engine === 'aspect' && multi && multi !== opts.modelId && existsSync(modelFilesFor(opts.modelDir, multi, opts.quantized ?? false).onnx)) {
    ids.push({ modelId: multi, role: 'multilingual' });
  }
  return ids.map(({ modelId, role }) => {
    let headThemesVersion: string | null = null;
    if (opts.engine === 'aspect' && existsSync(opts.themes.source)) {
      try { headThemesVersion = loadHead(headPathFor(opts.themes.source, modelId))?.themesVersion ?? null; } catch { headThemesVersion = null; }
    }
    return {
      modelId, role, weights: weightsKindOf(modelFilesFor(opts.modelDir, modelId, false).folder),
      head: headThemesVersion !== null, headThemesVersion,
    };
  });
}

export function weightsSummary(models: readonly Pick<LoadedModelReport, 'weights'>[]): WeightsSummary {
  if (models.some((m) => m.weights === 'random')) return 'random';
  return models.length > 0 && models.every((m) => m.weights === 'real') ? 'real' : 'unknown';
}
