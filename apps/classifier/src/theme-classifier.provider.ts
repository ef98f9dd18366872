import type { Provider } from '@nestjs/common';
import { createClassifier, loadThemes, type ThemeClassifier } from '@reviewlens/classification';
import type { ClassifierConfig } from '@reviewlens/config';

export const THEME_CLASSIFIER = Symbol('THEME_CLASSIFIER');

/** Loads the model at start-up, so a missing or corrupt model stops the service before it takes a job. */
export function themeClassifierProvider(config: ClassifierConfig): Provider {
  return {
    provide: THEME_CLASSIFIER,
    useFactory: async (): Promise<ThemeClassifier> => createClassifier({
      engine: config.CLASSIFIER_ENGINE,
      modelDir: config.MODEL_DIR,
      modelId: config.MODEL_ID,
      quantized: config.MODEL_QUANTIZED,
      themes: loadThemes(config.THEMES_FILE),
      maxTokens: config.MAX_TOKENS,
      batchSize: config.INFERENCE_BATCH_SIZE,
      threads: config.ORT_THREADS,
    }),
  };
}
