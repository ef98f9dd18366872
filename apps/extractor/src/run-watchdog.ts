import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import type { ExtractorConfig } from '@reviewlens/config';
import { APP_CONFIG, LOGGER } from '@reviewlens/queueing';
import { RunBatchRepository, RunRepository, type RunDoc } from '@reviewlens/store';

/**
 * Whether an active run has stalled: no batch finished in any stage (nor the run created) for `stallAfterMs`.
 * `lastBatchAt` is the latest run_batches record of the run (null before the first); times in ms since the epoch.
 */
export function isStalled(run: Pick<RunDoc, 'createdAt'>, lastBatchAt: Date | null, nowMs: number, stallAfterMs: number): boolean {
  const lastProgress = Math.max(run.createdAt.getTime(), lastBatchAt?.getTime() ?? 0);
  return stallAfterMs > 0 && nowMs - lastProgress > stallAfterMs;
}

/**
 * Fails the active run when it makes no progress for RUN_STALL_AFTER_MS (reason `stalled`), so a run wedged by a lost
 * job or a dead service stops blocking new runs and the "run failed" alert fires. Checks every quarter of the limit
 * (at most every minute). One extractor replica runs it (the extractor is a singleton).
 */
@Injectable()
export class RunWatchdog implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ExtractorConfig,
    private readonly runs: RunRepository,
    private readonly batches: RunBatchRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const limit = this.config.RUN_STALL_AFTER_MS;
    if (limit <= 0) return;
    this.timer = setInterval(() => { void this.check().catch((err) => this.logger.warn({ err }, 'run watchdog check failed')); }, Math.min(60_000, Math.max(1_000, limit / 4)));
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One check: returns the id of the run it failed, or null. */
  async check(nowMs = Date.now()): Promise<string | null> {
    const run = await this.runs.findActive();
    if (!run) return null;
    const lastBatchAt = await this.batches.lastAt(run._id);
    if (!isStalled(run, lastBatchAt, nowMs, this.config.RUN_STALL_AFTER_MS)) return null;
    const idleS = Math.round((nowMs - Math.max(run.createdAt.getTime(), lastBatchAt?.getTime() ?? 0)) / 1000);
    const failed = await this.runs.markFailed(run._id, {
      reason: 'stalled', stage: null, queue: null, batchId: null, error: `no batch finished for ${idleS} s (RUN_STALL_AFTER_MS ${this.config.RUN_STALL_AFTER_MS})`,
    });
    if (failed) this.logger.error({ runId: run._id, status: run.status, idleS }, 'run failed: stalled');
    return failed ? run._id : null;
  }
}
