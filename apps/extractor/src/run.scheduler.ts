import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { ExtractorConfig } from '@reviewlens/config';
import { QUEUES, type ExtractJob } from '@reviewlens/contracts';
import { APP_CONFIG, LOGGER } from '@reviewlens/queueing';

export const DAILY_RUN_SCHEDULER_ID = 'daily-run';

/** Keeps the BullMQ job scheduler for the daily run in line with RUN_SCHEDULE_CRON (empty removes it). */
@Injectable()
export class RunScheduler implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ExtractorConfig,
    @InjectQueue(QUEUES.extract) private readonly extractQueue: Queue,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const pattern = this.config.RUN_SCHEDULE_CRON.trim();
    if (!pattern) {
      await this.extractQueue.removeJobScheduler(DAILY_RUN_SCHEDULER_ID);
      return;
    }
    const data: ExtractJob = { trigger: 'schedule', full: false };
    await this.extractQueue.upsertJobScheduler(DAILY_RUN_SCHEDULER_ID, { pattern }, { name: 'scheduled-run', data });
    this.logger.info({ pattern }, 'daily run scheduled');
  }
}
