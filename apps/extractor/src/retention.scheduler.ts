import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import { S3ConfigSchema, type ExtractorConfig } from '@reviewlens/config';
import { QUEUES } from '@reviewlens/contracts';
import { LakeRepository } from '@reviewlens/datalake';
import type { StageMetrics } from '@reviewlens/observability';
import { APP_CONFIG, LOGGER, MONGO_DB, STAGE_METRICS, redisOptionsFromUrl } from '@reviewlens/queueing';
import {
  createRetentionMetrics, runRetention, type RetentionDeps, type RetentionMetrics, type RetentionRedis, type RetentionReport,
} from '@reviewlens/retention';

/** BullMQ queue of the extractor's maintenance jobs (under QUEUE_PREFIX like the pipeline's queues). */
export const MAINTENANCE_QUEUE = 'maintenance';
/** Job scheduler id (and job name) of the retention job. */
export const RETENTION_SCHEDULER_ID = 'retention';

/** What a retention job returns (kept in Redis with the job): counts only, the lists can be long. */
export type RetentionSummary = Pick<RetentionReport, 'dryRun' | 'cutoffs' | 'snapshotKeep' | 'pinnedRunId' | 'notes'> & {
  purged: Record<string, number>;
  keptSnapshots: string[];
};

/**
 * The retention job (libs/retention): a BullMQ job scheduler `retention` on the `maintenance` queue, RETENTION_CRON
 * (default daily 03:30; empty removes it), consumed here one job at a time. Each run purges dead letters and stored
 * rejects older than DEAD_LETTER_MAX_AGE, run bookkeeping and the cleaned/rejects lake parts older than
 * RETENTION_MAX_AGE (except runs a kept snapshot references), and curated parts and manifests no kept snapshot needs
 * (the last SNAPSHOT_KEEP, the served and the pinned one); it logs one line per store and counts
 * `reviewlens_retention_purged_total{store}` on the extractor's /metrics. RETENTION_DRY_RUN=true only reports.
 * The lake needs the S3_* settings; without them the lake and the run bookkeeping are skipped (logged).
 * Upserting the scheduler is idempotent, so restarts and replicas keep one schedule.
 */
@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private queue: Queue | null = null;
  private worker: Worker | null = null;
  private lake: LakeRepository | null = null;
  private readonly metrics: RetentionMetrics;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ExtractorConfig,
    @Inject(MONGO_DB) private readonly db: Db,
    @InjectQueue(QUEUES.deadLetter) private readonly deadLetterQueue: Queue,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(STAGE_METRICS) stageMetrics: StageMetrics,
  ) {
    this.metrics = createRetentionMetrics(stageMetrics.registry);
    // The parsed config holds S3_FORCE_PATH_STYLE as a boolean; the schema reads the environment's text.
    const s3 = S3ConfigSchema.safeParse({ ...config, S3_FORCE_PATH_STYLE: config.S3_FORCE_PATH_STYLE === undefined ? undefined : String(config.S3_FORCE_PATH_STYLE) });
    this.lake = s3.success ? new LakeRepository(s3.data) : null;
  }

  async onApplicationBootstrap(): Promise<void> {
    const connection = redisOptionsFromUrl(this.config.REDIS_URL);
    const prefix = this.config.QUEUE_PREFIX || 'bull';
    this.queue = new Queue(MAINTENANCE_QUEUE, { connection, prefix });
    const pattern = this.config.RETENTION_CRON.trim();
    if (!pattern) {
      await this.queue.removeJobScheduler(RETENTION_SCHEDULER_ID);
      this.logger.info('retention job off (RETENTION_CRON empty)');
      return;
    }
    await this.queue.upsertJobScheduler(RETENTION_SCHEDULER_ID, { pattern }, {
      name: RETENTION_SCHEDULER_ID, data: {}, opts: { attempts: 1, removeOnComplete: 30, removeOnFail: 30 },
    });
    this.worker = new Worker(MAINTENANCE_QUEUE, async () => this.runOnce(), { connection, prefix, concurrency: 1 });
    this.worker.on('failed', (job, err) => this.logger.error({ err, jobId: job?.id }, 'retention job failed'));
    this.worker.on('error', (err) => this.logger.warn({ err }, 'maintenance worker error'));
    this.logger.info({
      pattern, dryRun: this.config.RETENTION_DRY_RUN, maxAgeMs: this.config.RETENTION_MAX_AGE, deadLetterMaxAgeMs: this.config.DEAD_LETTER_MAX_AGE,
      snapshotKeep: this.config.SNAPSHOT_KEEP, lake: this.lake !== null,
    }, 'retention job scheduled');
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
    this.lake?.client.destroy();
  }

  /** One retention pass with the configured limits (the scheduled job's body). */
  async runOnce(dryRun = this.config.RETENTION_DRY_RUN): Promise<RetentionSummary> {
    const queue = this.queue ?? this.deadLetterQueue;
    const deps: RetentionDeps = {
      db: this.db, lake: this.lake, redis: (await queue.client) as unknown as RetentionRedis, deadLetterQueue: this.deadLetterQueue,
      queuePrefix: this.config.QUEUE_PREFIX,
    };
    const started = Date.now();
    const report = await runRetention(deps, {
      runMaxAgeMs: this.config.RETENTION_MAX_AGE, deadLetterMaxAgeMs: this.config.DEAD_LETTER_MAX_AGE, snapshotKeep: this.config.SNAPSHOT_KEEP,
      curatedGraceMs: this.config.RETENTION_CURATED_GRACE, dryRun,
    }, { logger: this.logger, metrics: this.metrics });
    const purged = Object.fromEntries(Object.entries(report.stores).map(([s, v]) => [s, v.count]));
    this.logger.info({ dryRun, ms: Date.now() - started, keptSnapshots: report.keptSnapshots.length, keptRuns: report.keptRuns.length }, 'retention done');
    return {
      dryRun, cutoffs: report.cutoffs, snapshotKeep: report.snapshotKeep, pinnedRunId: report.pinnedRunId, notes: report.notes, purged,
      keptSnapshots: report.keptSnapshots.map((s) => s.runId),
    };
  }
}
