import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import type { CleanerConfig } from '@reviewlens/config';
import { ExtractedBatchSchema, QUEUES, isExactExtractedBatch, type CleanedBatch, type ExtractedBatch } from '@reviewlens/contracts';
import { LakeRepository, PARQUET_CONTENT_TYPE, cleanedPartKey, encodeRows, rejectsPartKey } from '@reviewlens/datalake';
import { cleanBatch, parseDateFloor, rejectIdsHeldElsewhere } from '@reviewlens/domain';
import {
  APP_CONFIG, ReviewIdClaims, STAGE_WORKER_DEPS, StageWorker, publishBatch, workerOptionsFor, type JobResult, type StageWorkerDeps,
} from '@reviewlens/queueing';
import { RejectRepository, RunBatchRepository } from '@reviewlens/store';
import { toRejectRecords } from './reject-records';

/** Validates, normalises and enriches a batch; writes cleaned and rejected Parquet; forwards valid rows. */
@Processor(QUEUES.clean, workerOptionsFor('clean'))
export class CleanerProcessor extends StageWorker<ExtractedBatch> {
  protected readonly stage = 'cleaner' as const;
  protected readonly queueKey = 'clean' as const;
  protected readonly schema = ExtractedBatchSchema;
  protected override readonly exactPayload = isExactExtractedBatch;

  constructor(
    @Inject(APP_CONFIG) private readonly config: CleanerConfig,
    private readonly lake: LakeRepository,
    private readonly batches: RunBatchRepository,
    private readonly rejectStore: RejectRepository,
    private readonly reviewIds: ReviewIdClaims,
    @InjectQueue(QUEUES.classify) private readonly classifyQueue: Queue,
    @Inject(STAGE_WORKER_DEPS) deps: StageWorkerDeps,
  ) {
    super(deps);
  }

  protected async handle(batch: ExtractedBatch, job: Job): Promise<JobResult> {
    const started = Date.now();
    const { runId, batchId } = batch;
    const inBatch = cleanBatch(batch.rows, {
      runId, products: batch.products, maxChars: this.config.MAX_REVIEW_CHARS, now: new Date(),
      futureToleranceMs: this.config.FUTURE_DATE_TOLERANCE_MS, dateFloorMs: parseDateFloor(this.config.REVIEW_DATE_FLOOR),
    });
    // Ids equal only after normalisation can sit in different batches: the first batch to claim one keeps it.
    const heldElsewhere = await this.reviewIds.claim(runId, batchId, inBatch.cleaned.map((r) => r.reviewId));
    const result = rejectIdsHeldElsewhere(inBatch, heldElsewhere);
    const rejects = toRejectRecords(batch, result.rejects);

    // Every write below is keyed by run and batch: a retry replaces, never appends.
    if (result.cleaned.length > 0) {
      await this.lake.putObject(cleanedPartKey(runId, batchId), await encodeRows('cleaned', result.cleaned), PARQUET_CONTENT_TYPE);
    }
    if (rejects.length > 0) {
      await this.lake.putObject(rejectsPartKey(runId, batchId), await encodeRows('rejects', rejects.map((r) => r.record)), PARQUET_CONTENT_TYPE);
      // Rejected rows are data, not failed jobs: the queryable rejects store (replayable), never the dead-letter queue.
      await this.rejectStore.record(runId, batchId, rejects.map((r) => r.deadLetter), batch.products);
    }
    const next: CleanedBatch = { runId, batchId, extractedAt: batch.extractedAt, rows: result.cleaned };
    await publishBatch(this.classifyQueue, next);

    const rejectedByReason = Object.fromEntries(Object.entries(result.rejectedByReason).filter(([, n]) => n > 0));
    await this.batches.record({
      runId, stage: 'cleaner', batchId, count: result.cleaned.length, rejected: rejects.length, rejectedByReason,
      durationMs: Date.now() - started, attempts: job.attemptsMade + 1,
    });
    this.deps.metrics.rows.inc({ queue: QUEUES.clean, outcome: 'ok' }, result.cleaned.length);
    for (const [reason, n] of Object.entries(rejectedByReason)) this.deps.metrics.rows.inc({ queue: QUEUES.clean, outcome: reason }, n);
    return { status: 'done', cleaned: result.cleaned.length, rejected: rejects.length };
  }
}
