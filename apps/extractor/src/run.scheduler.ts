import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { ExtractorConfig } from '@reviewlens/config';
import { QUEUES, type ExtractJob } from '@reviewlens/contracts';
import { APP_CONFIG, LOGGER, jobOptionsFor } from '@reviewlens/queueing';

export const DAILY_RUN_SCHEDULER_ID = 'daily-run';
/** BullMQ job scheduler id (and job name) of the continuous-mode poll. */
export const CONTINUOUS_SCHEDULER_ID = 'continuous-poll';
export const CONTINUOUS_JOB_NAME = 'continuous-poll';

/**
 * Keeps the extract queue's BullMQ job schedulers in line with the configuration, at every start-up:
 * - the daily run, RUN_SCHEDULE_CRON (empty removes it);
 * - the continuous-mode poll, CONTINUOUS_POLL_MS (0 removes it): a job `{ trigger: 'continuous' }` every that many
 *   milliseconds, which starts a run only when the source has rows after the watermark and no run is active
 *   (ExtractionService). Poll jobs are removed once completed (an idle poll leaves nothing behind; the runs they start
 *   are in MongoDB), failed ones are kept like any extract job.
 * Upserting is idempotent, so several extractor replicas keep one scheduler of each kind.
 */
@Injectable()
export class RunScheduler implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ExtractorConfig,
    @InjectQueue(QUEUES.extract) private readonly extractQueue: Queue,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.syncDaily();
    await this.syncContinuous();
  }

  private async syncDaily(): Promise<void> {
    const pattern = this.config.RUN_SCHEDULE_CRON.trim();
    if (!pattern) {
      await this.extractQueue.removeJobScheduler(DAILY_RUN_SCHEDULER_ID);
      return;
    }
    const data: ExtractJob = { trigger: 'schedule', full: false };
    await this.extractQueue.upsertJobScheduler(DAILY_RUN_SCHEDULER_ID, { pattern }, { name: 'scheduled-run', data });
    this.logger.info({ pattern }, 'daily run scheduled');
  }

  private async syncContinuous(): Promise<void> {
    const every = this.config.CONTINUOUS_POLL_MS;
    if (every === 0) {
      await this.extractQueue.removeJobScheduler(CONTINUOUS_SCHEDULER_ID);
      return;
    }
    const data: ExtractJob = { trigger: 'continuous', full: false };
    const { attempts, backoff, removeOnFail } = jobOptionsFor('extract');
    await this.extractQueue.upsertJobScheduler(
      CONTINUOUS_SCHEDULER_ID, { every },
      { name: CONTINUOUS_JOB_NAME, data, opts: { attempts, backoff, removeOnFail, removeOnComplete: true } },
    );
    this.logger.info({ everyMs: every }, 'continuous mode on: the source watermark is polled');
  }
}
