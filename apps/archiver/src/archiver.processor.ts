import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { ExtractedBatchSchema, QUEUES, isExactExtractedBatch, type ExtractedBatch } from '@reviewlens/contracts';
import { STAGE_WORKER_DEPS, StageWorker, requestFinalize, workerOptionsFor, type JobResult, type StageWorkerDeps } from '@reviewlens/queueing';
import { ArchiveRepository, RunBatchRepository } from '@reviewlens/store';

/** Appends each extracted batch, raw, to the MongoDB archive as one immutable segment (ADR 0005). */
@Processor(QUEUES.archive, workerOptionsFor('archive'))
export class ArchiverProcessor extends StageWorker<ExtractedBatch> {
  protected readonly stage = 'archiver' as const;
  protected readonly queueKey = 'archive' as const;
  protected readonly schema = ExtractedBatchSchema;
  protected override readonly exactPayload = isExactExtractedBatch;

  constructor(
    private readonly archive: ArchiveRepository,
    private readonly batches: RunBatchRepository,
    @InjectQueue(QUEUES.load) private readonly loadQueue: Queue,
    @Inject(STAGE_WORKER_DEPS) deps: StageWorkerDeps,
  ) {
    super(deps);
  }

  protected async handle(batch: ExtractedBatch, job: Job): Promise<JobResult> {
    const started = Date.now();
    const keys = await this.archive.appendBatch(batch.runId, batch.batchId, batch.extractedAt, batch.rows, batch.products);
    await this.batches.record({
      runId: batch.runId, stage: 'archiver', batchId: batch.batchId, count: batch.rows.length,
      durationMs: Date.now() - started, attempts: job.attemptsMade + 1,
    });
    this.deps.metrics.rows.inc({ queue: QUEUES.archive, outcome: 'ok' }, batch.rows.length);
    await requestFinalize(this.loadQueue, batch.runId, `archived.${batch.batchId}`);
    return { status: 'done', rows: batch.rows.length, keys };
  }
}
