import { Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job } from 'bullmq';
import { LoadJobSchema, QUEUES, isExactLoadJob, type ClassifiedReview, type LoadJob } from '@reviewlens/contracts';
import { LakeRepository, PARQUET_CONTENT_TYPE, curatedPartKey, encodeRows, sha256Hex } from '@reviewlens/datalake';
import { STAGE_WORKER_DEPS, StageWorker, workerOptionsFor, type JobResult, type StageWorkerDeps } from '@reviewlens/queueing';
import { RunBatchRepository, RunRepository } from '@reviewlens/store';
import { SnapshotPublisher } from './snapshot.publisher';

const isReplayBatch = (batchId: string): boolean => batchId.startsWith('replay-');

/** Writes curated Parquet parts, and publishes the run's snapshot once every batch is loaded and archived. */
@Processor(QUEUES.load, workerOptionsFor('load'))
export class LoaderProcessor extends StageWorker<LoadJob> {
  protected readonly stage = 'loader' as const;
  protected readonly queueKey = 'load' as const;
  protected readonly schema = LoadJobSchema;
  protected override readonly exactPayload = isExactLoadJob;

  constructor(
    private readonly lake: LakeRepository,
    private readonly batches: RunBatchRepository,
    private readonly runs: RunRepository,
    private readonly publisher: SnapshotPublisher,
    @Inject(STAGE_WORKER_DEPS) deps: StageWorkerDeps,
  ) {
    super(deps);
  }

  protected async handle(data: LoadJob, job: Job): Promise<JobResult> {
    if (data.kind === 'finalize') return this.publisher.publishIfComplete(data.runId, String(job.id));
    const started = Date.now();
    const checksum = await this.writePart(data.runId, data.batchId, data.rows);
    await this.batches.record({
      runId: data.runId, stage: 'loader', batchId: data.batchId, count: data.rows.length, checksum,
      durationMs: Date.now() - started, attempts: job.attemptsMade + 1,
    });
    this.deps.metrics.rows.inc({ queue: QUEUES.load, outcome: 'ok' }, data.rows.length);
    if (isReplayBatch(data.batchId)) await this.runs.reopenForReplay(data.runId);
    const publish = await this.publisher.publishIfComplete(data.runId, String(job.id));
    return { status: 'done', rows: data.rows.length, snapshot: publish.status };
  }

  /** The part key is the run and batch: a retried or replayed batch replaces its part. */
  private async writePart(runId: string, batchId: string, rows: ClassifiedReview[]): Promise<string | undefined> {
    if (rows.length === 0) return undefined;
    const body = await encodeRows('curated', rows);
    await this.lake.putObject(curatedPartKey(runId, batchId), body, PARQUET_CONTENT_TYPE);
    return sha256Hex(body);
  }
}
