import type { Job, Queue } from 'bullmq';
import type { DeadLetterEntry, JobFailureReason, RawReview, RejectReason, Stage } from '@reviewlens/contracts';

/** A row the cleaner rejected, with its position in the batch. */
export interface RowReject { row: RawReview; index: number; reason: RejectReason; detail: string }

/**
 * Writes failed jobs to the one dead-letter queue (job ids are deterministic, so a retried failure adds nothing twice).
 * Rows rejected for their data are not dead letters: the cleaner records them in the rejects store (RejectRepository).
 */
export class DeadLetterPublisher {
  constructor(private readonly queue: Queue) {}

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
