import type { Job, Queue } from 'bullmq';
import { ReviewIdClaims } from '@reviewlens/queueing';

/** The part of an ioredis client retention uses. */
export interface RetentionRedis {
  get(key: string): Promise<string | null>;
  exists(...keys: string[]): Promise<number>;
  del(...keys: string[]): Promise<number>;
}

const CHUNK = 500;
const SCAN_CHUNK = 1_000;

/** Redis key of the api's snapshot pin (SnapshotPinRepository): under the queues' prefix, like the queues. */
export function snapshotPinKey(prefix: string): string {
  return `${prefix || 'bull'}:reviewlens:api:snapshot-pin`;
}

/** Redis keys of the runs' review id claims (`<prefix>:claims:<runId>`, ReviewIdClaims). */
export function claimKeys(prefix: string, runIds: readonly string[]): string[] {
  const claims = new ReviewIdClaims(async () => { throw new Error('not used'); }, prefix || 'bull');
  return runIds.map((id) => claims.keyOf(id));
}

/** Of `keys`, those that exist (one EXISTS per key, pipelined in chunks). */
export async function existingKeys(redis: RetentionRedis, keys: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < keys.length; i += CHUNK) {
    const chunk = keys.slice(i, i + CHUNK);
    const found = await Promise.all(chunk.map((k) => redis.exists(k)));
    chunk.forEach((k, j) => { if (found[j]! > 0) out.push(k); });
  }
  return out;
}

export async function deleteKeys(redis: RetentionRedis, keys: readonly string[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < keys.length; i += CHUNK) n += await redis.del(...keys.slice(i, i + CHUNK));
  return n;
}

/** When a dead-letter entry was parked: its `failedAt`, else the job's creation time. */
export function deadLetterTime(job: Pick<Job, 'data' | 'timestamp'>): number {
  const failedAt = Date.parse(String((job.data as { failedAt?: unknown } | undefined)?.failedAt ?? ''));
  return Number.isNaN(failedAt) ? job.timestamp : failedAt;
}

export interface DeadLetterFilter { runId?: string; reason?: string }

/** Ids of the dead-letter entries parked before the cutoff (and matching the filter). Reads only. */
export async function planDeadLetters(dlq: Queue, cutoff: Date, filter: DeadLetterFilter = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; ; start += SCAN_CHUNK) {
    const jobs = await dlq.getWaiting(start, start + SCAN_CHUNK - 1);
    for (const job of jobs) {
      const data = job.data as { runId?: unknown; reason?: unknown } | undefined;
      if (filter.runId && data?.runId !== filter.runId) continue;
      if (filter.reason && data?.reason !== filter.reason) continue;
      if (deadLetterTime(job) < cutoff.getTime() && job.id !== undefined) ids.push(String(job.id));
    }
    if (jobs.length < SCAN_CHUNK) break;
  }
  return ids;
}

/** Removes dead-letter entries by id (absent ones are skipped); returns how many were removed. */
export async function removeDeadLetters(dlq: Queue, ids: readonly string[]): Promise<number> {
  let n = 0;
  for (const id of ids) {
    const job = await dlq.getJob(id);
    if (!job) continue;
    await job.remove();
    n += 1;
  }
  return n;
}
