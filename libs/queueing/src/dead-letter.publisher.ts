import type { Job, Queue } from 'bullmq';
import type { DeadLetterEntry, JobFailureReason, ProductInfo, RawReview, RejectReason, Stage } from '@reviewlens/contracts';

export interface RowReject { row: RawReview; index: number; reason: RejectReason; detail: string }

/** Writes entries to the one dead-letter queue. Job ids are deterministic, so a retried batch adds nothing twice. */
export class DeadLetterPublisher {
  constructor(private readonly queue: Queue) {}

  async rejectRows(
    stage: Stage, sourceQueue: string, runId: string, batchId: string, rejects: RowReject[], products: Record<string, ProductInfo> = {},
  ): Promise<void> {
    if (rejects.length === 0) return;
    const failedAt = new Date().toISOString();
    await this.queue.addBulk(rejects.map((r) => {
      const product = typeof r.row.productId === 'string' ? products[r.row.productId] : undefined;
      const entry: DeadLetterEntry = {
        stage, queue: sourceQueue, reason: r.reason, error: r.detail, runId, batchId, payload: r.row, failedAt, attemptsMade: 0,
        context: product ? { products: { [product.productId]: product } } : undefined,
      };
      return { name: r.reason, data: entry, opts: { jobId: `reject.${runId}.${batchId}.${r.index}` } };
    }));
  }

  async jobFailed(stage: Stage, job: Job, reason: JobFailureReason, error: string): Promise<void> {
    const data = job.data as { runId?: unknown; batchId?: unknown };
    const entry: DeadLetterEntry = {
      stage, queue: job.queueName, reason, error: error.slice(0, 4_000),
      runId: typeof data?.runId === 'string' ? data.runId : null,
      batchId: typeof data?.batchId === 'string' ? data.batchId : null,
      payload: job.data, failedAt: new Date().toISOString(), attemptsMade: job.attemptsMade,
    };
    await this.queue.add(reason, entry, { jobId: `failed.${job.queueName}.${job.id}.${job.attemptsMade}` });
  }
}
