import type { Provider } from '@nestjs/common';
import type { Logger } from 'pino';
import { cpuQuotaThreads, InferenceProcessClient, loadThemes } from '@reviewlens/classification';
import type { ClassifierConfig } from '@reviewlens/config';
import type { StageMetrics } from '@reviewlens/observability';
import { HEALTH_DETAILS, LOGGER, STAGE_METRICS, type HealthDetail } from '@reviewlens/queueing';
import { CLASSIFIER_METRICS, createClassifierMetrics, recordBatch, recordModelLoaded, type ClassifierMetrics } from './classifier-metrics';

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

/**
 * Starts the inference child process and waits until it loaded the model, so a missing or corrupt model (reported by
 * the child) stops the service before it takes a job. The themes file is read and validated here, in the service.
 */
export function themeClassifierProvider(config: ClassifierConfig): Provider {
  return {
    provide: THEME_CLASSIFIER,
    inject: [CLASSIFIER_METRICS, LOGGER, HEALTH_DETAILS],
    useFactory: async (metrics: ClassifierMetrics, logger: Logger, health: HealthDetail[]): Promise<InferenceProcessClient> => {
      const threads = ortThreads(config);
      const client = await InferenceProcessClient.start({
        classifier: {
          engine: config.CLASSIFIER_ENGINE, modelDir: config.MODEL_DIR, modelId: config.MODEL_ID, quantized: config.MODEL_QUANTIZED,
          themes: loadThemes(config.THEMES_FILE), maxTokens: config.MAX_TOKENS, batchSize: config.INFERENCE_BATCH_SIZE, threads,
          temperature: config.CLASSIFIER_TEMPERATURE,
        },
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
      health.push({ name: 'model', read: () => ({ ...client.info, inferenceProcess: client.status }) });
      return client;
    },
  };
}
