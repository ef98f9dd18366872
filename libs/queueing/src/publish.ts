import type { Queue } from 'bullmq';
import { jobIds } from '@reviewlens/contracts';

/** Adds one batch job; the deterministic job id makes a re-publish of the same batch a no-op while the job is kept. */
export async function publishBatch<T extends { runId: string; batchId: string }>(queue: Queue, data: T): Promise<void> {
  await queue.add('batch', data, { jobId: jobIds.batch(data.runId, data.batchId) });
}

/** Asks the loader to publish the run's snapshot if the run is complete (cheap, idempotent check). */
export async function requestFinalize(loadQueue: Queue, runId: string, tag: string): Promise<void> {
  await loadQueue.add('finalize', { kind: 'finalize', runId }, { jobId: jobIds.finalize(runId, tag) });
}
