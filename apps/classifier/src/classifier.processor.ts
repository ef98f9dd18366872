import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import type { ThemeClassifier } from '@reviewlens/classification';
import type { ClassifierConfig } from '@reviewlens/config';
import { CleanedBatchSchema, QUEUES, type CleanedBatch, type LoadJob } from '@reviewlens/contracts';
import { APP_CONFIG, STAGE_WORKER_DEPS, StageWorker, publishBatch, workerOptionsFor, type JobResult, type StageWorkerDeps } from '@reviewlens/queueing';
import { RunBatchRepository } from '@reviewlens/store';
import { toClassifiedRows, toReviewInputs } from './classified-rows';
import { THEME_CLASSIFIER } from './theme-classifier.provider';

/**
 * Adds theme, confidence, every label's score, the detected themes (polarity, evidence), sentiment, legacy category,
 * detected language, model id, themes version and relevance to each cleaned row (text, title, rating and the source
 * language go to the classifier). Inference runs in the
 * inference child process (THEME_CLASSIFIER), so this event loop stays free to renew job locks while it waits.
 */
@Processor(QUEUES.classify, workerOptionsFor('classify'))
export class ClassifierProcessor extends StageWorker<CleanedBatch> {
  protected readonly stage = 'classifier' as const;
  protected readonly queueKey = 'classify' as const;
  protected readonly schema = CleanedBatchSchema;

  constructor(
    @Inject(THEME_CLASSIFIER) private readonly classifier: ThemeClassifier,
    private readonly batches: RunBatchRepository,
    @InjectQueue(QUEUES.load) private readonly loadQueue: Queue,
    @Inject(APP_CONFIG) config: ClassifierConfig,
    @Inject(STAGE_WORKER_DEPS) deps: StageWorkerDeps,
  ) {
    super({ ...deps, concurrency: config.CLASSIFIER_CONCURRENCY });
  }

  protected async handle(batch: CleanedBatch, job: Job): Promise<JobResult> {
    const started = Date.now();
    const results = await this.classifier.classify(toReviewInputs(batch.rows));
    const rows = toClassifiedRows(batch.rows, results, this.classifier, new Date(batch.extractedAt));
    const next: LoadJob = { kind: 'batch', runId: batch.runId, batchId: batch.batchId, rows };
    await publishBatch(this.loadQueue, next);
    await this.batches.record({
      runId: batch.runId, stage: 'classifier', batchId: batch.batchId, count: rows.length,
      durationMs: Date.now() - started, attempts: job.attemptsMade + 1,
    });
    this.deps.metrics.rows.inc({ queue: QUEUES.classify, outcome: 'ok' }, rows.length);
    return { status: 'done', rows: rows.length, modelId: this.classifier.modelId };
  }
}
