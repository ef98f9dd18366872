import type { Provider } from '@nestjs/common';
import type { Logger } from 'pino';
import { existsSync } from 'node:fs';
import {
  CLASSIFIER_DEFAULTS, cpuQuotaThreads, InferenceProcessClient, loadThemes, modelFilesFor, resolveMaxTokens,
  type CreateClassifierOptions,
} from '@reviewlens/classification';
import type { ClassifierConfig } from '@reviewlens/config';
import type { StageMetrics } from '@reviewlens/observability';
import { HEALTH_DETAILS, LOGGER, STAGE_METRICS, type HealthDetail } from '@reviewlens/queueing';
import { CLASSIFIER_METRICS, createClassifierMetrics, recordBatch, recordModelLoaded, type ClassifierMetrics } from './classifier-metrics';
import { describeLoadedModels, weightsSummary, type LoadedModelReport } from './loaded-models';

export const THEME_CLASSIFIER = Symbol('THEME_CLASSIFIER');

/** ORT intra-op threads: ORT_THREADS, else the container CPU quota; never left to ORT (it would use every host core). */
export function ortThreads(config: Pick<ClassifierConfig, 'ORT_THREADS'>): number {
  return config.ORT_THREADS > 0 ? config.ORT_THREADS : cpuQuotaThreads();
}

export const classifierMetricsProvider: Provider = {
  provide: CLASSIFIER_METRICS,
  useFactory: (stage: StageMetrics) => createClassifierMetrics(stage.registry),
  inject: [STAGE_METRICS],
};

/** What the inference child passes to createClassifier, from the service's configuration (themes file read here). */
export function classifierOptions(config: ClassifierConfig, threads: number): CreateClassifierOptions {
  return {
    engine: config.CLASSIFIER_ENGINE, modelDir: config.MODEL_DIR, modelId: config.MODEL_ID,
    multilingualModelId: config.CLASSIFIER_ENGINE === 'aspect' ? config.MULTILINGUAL_MODEL_ID : undefined,
    quantized: config.MODEL_QUANTIZED, themes: loadThemes(config.THEMES_FILE), maxTokens: config.MAX_TOKENS,
    batchSize: config.INFERENCE_BATCH_SIZE, threads, temperature: config.CLASSIFIER_TEMPERATURE,
  };
}

/**
 * Start-up check before anything connects: the model folder exists with its config files, and MAX_TOKENS (when set)
 * is within the limit of the primary model and of the multilingual one (when its folder exists). Throws the
 * library's ModelLoadError or TokenLimitError, whose message says what to change. Reads only small JSON files.
 */
export function checkModelSettings(config: ClassifierConfig): void {
  const fallback = config.CLASSIFIER_ENGINE === 'aspect' ? CLASSIFIER_DEFAULTS.aspectMaxTokens : CLASSIFIER_DEFAULTS.maxTokens;
  resolveMaxTokens(config.MODEL_DIR, config.MODEL_ID, config.MAX_TOKENS, fallback);
  const multi = config.CLASSIFIER_ENGINE === 'aspect' ? config.MULTILINGUAL_MODEL_ID : undefined;
  if (multi && multi !== config.MODEL_ID && existsSync(modelFilesFor(config.MODEL_DIR, multi, config.MODEL_QUANTIZED).onnx)) {
    resolveMaxTokens(config.MODEL_DIR, multi, config.MAX_TOKENS, fallback);
  }
}

/** Loaded models (weights kind, heads) for /health; computed once at start-up from the model and themes files. */
export const LOADED_MODELS = Symbol('LOADED_MODELS');

/**
 * LOADED_MODELS: each model the inference process loads, with its weights kind (onnx/WEIGHTS.json) and whether a
 * trained head was found. Logs a warning at start-up for random weights and (aspect engine) a missing head.
 */
export function loadedModelsProvider(config: ClassifierConfig): Provider {
  return {
    provide: LOADED_MODELS,
    inject: [LOGGER],
    useFactory: (logger: Logger): LoadedModelReport[] => {
      const options = classifierOptions(config, 0);
      const models = describeLoadedModels(options);
      for (const m of models) {
        if (m.weights === 'random') {
          logger.warn({ modelId: m.modelId, modelDir: config.MODEL_DIR, weights: m.weights },
            `${m.modelId} has RANDOM weights (onnx/WEIGHTS.json): its themes are noise. Build real weights with \`npm run models:build-real\` and point MODEL_DIR at them`);
        }
        if (options.engine === 'aspect' && !m.head) {
          logger.warn({ modelId: m.modelId, themes: options.themes.source }, `no trained head for ${m.modelId}: theme scores are zero-shot and uncalibrated`);
        }
      }
      return models;
    },
  };
}

/**
 * Starts the inference child process and waits until it loaded the model, so a missing or corrupt model (reported by
 * the child) stops the service before it takes a job. The themes file is read and validated here, in the service.
 */
export function themeClassifierProvider(config: ClassifierConfig): Provider {
  return {
    provide: THEME_CLASSIFIER,
    inject: [CLASSIFIER_METRICS, LOGGER, HEALTH_DETAILS, LOADED_MODELS],
    useFactory: async (metrics: ClassifierMetrics, logger: Logger, health: HealthDetail[], models: LoadedModelReport[]): Promise<InferenceProcessClient> => {
      const threads = ortThreads(config);
      const client = await InferenceProcessClient.start({
        classifier: classifierOptions(config, threads),
        requestTimeoutMs: config.CLASSIFIER_INFERENCE_TIMEOUT_MS,
        loadTimeoutMs: config.CLASSIFIER_LOAD_TIMEOUT_MS,
        maxRestarts: config.CLASSIFIER_MAX_RESTARTS,
        hooks: {
          onReady: (info, restart) => {
            recordModelLoaded(metrics, info);
            logger.info({ ...info, restart }, 'inference process loaded the model');
          },
          onBatch: (texts, roundTripMs, inferenceMs) => {
            recordBatch(metrics, texts, roundTripMs);
            logger.debug({ texts, roundTripMs: Math.round(roundTripMs), inferenceMs: Math.round(inferenceMs) }, 'batch classified');
          },
          onCrash: (detail) => {
            if (detail.restarting) metrics.restarts.inc();
            logger.error(detail, detail.restarting ? 'inference process died; restarting it' : 'inference process died; restart budget exhausted');
          },
          onFatal: (err) => {
            // Stop taking jobs and exit non-zero through the normal shutdown path: the orchestrator restarts the pod.
            logger.fatal({ err: { name: err.name, message: err.message } }, 'inference unavailable; shutting the service down');
            process.exitCode = 1;
            process.kill(process.pid, 'SIGTERM');
          },
        },
      });
      // /health names the model the inference process holds (GET /health/model has the process state too).
      health.push({ name: 'model', read: () => ({ ...client.info, weights: weightsSummary(models), models, inferenceProcess: client.status }) });
      return client;
    },
  };
}
