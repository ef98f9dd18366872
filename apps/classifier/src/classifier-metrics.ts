import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { LoadedModelInfo } from '@reviewlens/classification';

/** Classifier-specific series on the service's /metrics (the stage registry). Reviews/s = rate(reviewlens_classifier_reviews_total[1m]). */
export interface ClassifierMetrics {
  inferenceSeconds: Histogram;
  batchSize: Histogram;
  reviews: Counter;
  modelLoadSeconds: Gauge;
  modelInfo: Gauge<'model' | 'themes_version' | 'engine'>;
  restarts: Counter;
}

export const CLASSIFIER_METRICS = Symbol('CLASSIFIER_METRICS');

export function createClassifierMetrics(registry: Registry): ClassifierMetrics {
  const registers = [registry];
  return {
    inferenceSeconds: new Histogram({
      name: 'reviewlens_classifier_inference_seconds',
      help: 'Inference time of one batch, measured in the service (IPC to the inference process included)',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300], registers,
    }),
    batchSize: new Histogram({
      name: 'reviewlens_classifier_batch_size', help: 'Reviews per inference request (one job)',
      buckets: [1, 8, 16, 32, 64, 128, 256, 500, 1000, 2000], registers,
    }),
    reviews: new Counter({ name: 'reviewlens_classifier_reviews_total', help: 'Reviews classified (rate() = reviews/s)', registers }),
    modelLoadSeconds: new Gauge({
      name: 'reviewlens_classifier_model_load_seconds', help: 'Time the inference process took to load the model (last load)', registers,
    }),
    modelInfo: new Gauge({
      name: 'reviewlens_classifier_model_info', help: 'The loaded model (value 1)', labelNames: ['model', 'themes_version', 'engine'], registers,
    }),
    restarts: new Counter({
      name: 'reviewlens_classifier_inference_restarts_total', help: 'Inference process restarts after a crash or timeout', registers,
    }),
  };
}

export function recordModelLoaded(metrics: ClassifierMetrics, info: LoadedModelInfo): void {
  metrics.modelLoadSeconds.set(info.loadMs / 1000);
  metrics.modelInfo.reset();
  metrics.modelInfo.set({ model: info.modelId, themes_version: info.themesVersion, engine: info.engine }, 1);
}

export function recordBatch(metrics: ClassifierMetrics, texts: number, roundTripMs: number): void {
  metrics.inferenceSeconds.observe(roundTripMs / 1000);
  metrics.batchSize.observe(texts);
  metrics.reviews.inc(texts);
}
