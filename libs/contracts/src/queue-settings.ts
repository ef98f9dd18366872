import type { QueueKey } from './queues';

export interface QueueSettings {
  /** Jobs one worker process runs at once (overridable per replica by configuration). */
  concurrency: number;
  /** Total attempts before the job is dead-lettered. */
  attempts: number;
  /** Exponential backoff base delay in ms (BullMQ doubles it per attempt; jitter spreads retries). */
  backoffMs: number;
  backoffJitter: number;
  /** Lock held by a worker while a job runs; renewed every lockDuration/2. */
  lockDurationMs: number;
  /** How often workers look for jobs whose lock expired (stalled). */
  stalledIntervalMs: number;
  /** A job stalling more than this many times is failed (and dead-lettered). */
  maxStalledCount: number;
  /** Completed/failed jobs kept for inspection in Bull Board. */
  keepCompleted: { age: number; count: number };
  keepFailed: { age: number; count: number };
}

const HOUR = 3600;

/** One typed table: `Record<QueueKey, …>` makes a queue without settings a compile error. */
export const QUEUE_SETTINGS: Record<QueueKey, QueueSettings> = {
  extract: {
    concurrency: 1, attempts: 5, backoffMs: 2_000, backoffJitter: 0.5, lockDurationMs: 60_000,
    stalledIntervalMs: 15_000, maxStalledCount: 3,
    keepCompleted: { age: 7 * 24 * HOUR, count: 1_000 }, keepFailed: { age: 30 * 24 * HOUR, count: 10_000 },
  },
  archive: {
    concurrency: 4, attempts: 8, backoffMs: 1_000, backoffJitter: 0.5, lockDurationMs: 60_000,
    stalledIntervalMs: 15_000, maxStalledCount: 3,
    keepCompleted: { age: 24 * HOUR, count: 5_000 }, keepFailed: { age: 30 * 24 * HOUR, count: 10_000 },
  },
  clean: {
    concurrency: 2, attempts: 8, backoffMs: 1_000, backoffJitter: 0.5, lockDurationMs: 60_000,
    stalledIntervalMs: 15_000, maxStalledCount: 3,
    keepCompleted: { age: 24 * HOUR, count: 5_000 }, keepFailed: { age: 30 * 24 * HOUR, count: 10_000 },
  },
  classify: {
    // Inference runs in a child process, so this event loop renews the lock on time even while a batch takes minutes
    // (test/integration/classifier-lock.test.ts): a short lock only shortens recovery after a crash.
    concurrency: 1, attempts: 5, backoffMs: 2_000, backoffJitter: 0.5, lockDurationMs: 30_000,
    stalledIntervalMs: 15_000, maxStalledCount: 2,
    keepCompleted: { age: 24 * HOUR, count: 5_000 }, keepFailed: { age: 30 * 24 * HOUR, count: 10_000 },
  },
  load: {
    concurrency: 2, attempts: 8, backoffMs: 1_000, backoffJitter: 0.5, lockDurationMs: 60_000,
    stalledIntervalMs: 15_000, maxStalledCount: 3,
    keepCompleted: { age: 24 * HOUR, count: 5_000 }, keepFailed: { age: 30 * 24 * HOUR, count: 10_000 },
  },
  deadLetter: {
    concurrency: 1, attempts: 1, backoffMs: 0, backoffJitter: 0, lockDurationMs: 30_000,
    stalledIntervalMs: 30_000, maxStalledCount: 1,
    keepCompleted: { age: 90 * 24 * HOUR, count: 100_000 }, keepFailed: { age: 90 * 24 * HOUR, count: 100_000 },
  },
};
