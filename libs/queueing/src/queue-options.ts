import type { JobsOptions } from 'bullmq';
import type { NestWorkerOptions } from '@nestjs/bullmq/dist/interfaces/worker-options.interface';
import { QUEUE_SETTINGS, type QueueKey } from '@reviewlens/contracts';

/** Default job options of a queue, from the one settings table. */
export function jobOptionsFor(key: QueueKey): JobsOptions {
  const s = QUEUE_SETTINGS[key];
  return {
    attempts: s.attempts,
    backoff: s.backoffMs > 0 ? { type: 'exponential', delay: s.backoffMs, jitter: s.backoffJitter } : undefined,
    removeOnComplete: s.keepCompleted,
    removeOnFail: s.keepFailed,
  };
}

/** Worker options of a queue (lock, stalled-job recovery, concurrency), from the one settings table. */
export function workerOptionsFor(key: QueueKey): NestWorkerOptions {
  const s = QUEUE_SETTINGS[key];
  return {
    concurrency: s.concurrency,
    lockDuration: s.lockDurationMs,
    stalledInterval: s.stalledIntervalMs,
    maxStalledCount: s.maxStalledCount,
  };
}
