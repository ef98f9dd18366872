import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import type { ExtractorConfig } from '@reviewlens/config';
import { QUEUES, type ExtractJob, type ExtractedBatch } from '@reviewlens/contracts';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import { APP_CONFIG, LOGGER, ReleaseJob, STAGE_METRICS, ShutdownSignal, publishBatch, requestFinalize, type JobResult } from '@reviewlens/queueing';
import type { StageMetrics } from '@reviewlens/observability';
import { SourceReviewRepository } from '@reviewlens/source-db';
import { ArchiveRepository, RunBatchRepository, RunRepository, WatermarkRepository, type RunDoc } from '@reviewlens/store';
import { batchIdFor, toProductMap, toRawReview } from './to-raw-review';

/** How long a triggered run waits before it looks again when a continuous run is active. */
export const TRIGGER_WAIT_MS = 2_000;

/**
 * Extracts one run: rows with (updated_at, review_id) after the watermark and up to the bound fixed at the run's
 * start, in keyset pages, each published as one batch to the archive and clean queues. Progress is saved after every
 * batch, so a crashed extractor resumes where it stopped (re-publishing a batch is a no-op downstream), and a stopping
 * one releases the job after the current batch instead of extracting to the end.
 */
@Injectable()
export class ExtractionService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ExtractorConfig,
    private readonly source: SourceReviewRepository,
    private readonly runs: RunRepository,
    private readonly batches: RunBatchRepository,
    private readonly watermarks: WatermarkRepository,
    private readonly archive: ArchiveRepository,
    @InjectQueue(QUEUES.extract) private readonly extractQueue: Queue,
    @InjectQueue(QUEUES.archive) private readonly archiveQueue: Queue,
    @InjectQueue(QUEUES.clean) private readonly cleanQueue: Queue,
    @InjectQueue(QUEUES.load) private readonly loadQueue: Queue,
    private readonly shutdown: ShutdownSignal,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(STAGE_METRICS) metrics: StageMetrics,
  ) {
    this.skippedScheduled = new Counter({
      name: 'reviewlens_scheduled_runs_skipped_total', help: 'Daily scheduled runs skipped because another run was active',
      registers: [metrics.registry],
    });
  }

  private readonly skippedScheduled: Counter;

  /**
   * Starts or resumes the run of `data`. Returns `skipped` (and creates no run) when another run is active, and, for a
   * `continuous` poll, also when the source has no row after the watermark or a triggered run waits its turn. A
   * triggered run (`runId` given) or the daily scheduled run that finds a continuous run active is released (no
   * attempt used) and tried again after it, instead of being dropped: small continuous runs must not swallow an
   * api/cli trigger or the daily run.
   */
  async run(data: ExtractJob, job: Job): Promise<JobResult> {
    const runId = data.runId ?? `${data.trigger === 'continuous' ? 'cont' : 'sched'}-${job.timestamp}`;
    let run = await this.runs.get(runId);
    if (!run) {
      const active = await this.runs.findActive();
      if (active) {
        if ((data.runId || data.trigger === 'schedule') && active.trigger === 'continuous') {
          throw new ReleaseJob(`continuous run ${active._id} is still active; run ${runId} starts after it`, TRIGGER_WAIT_MS);
        }
        if (data.trigger === 'schedule') {
          this.skippedScheduled.inc();
          this.logger.warn({ runId, activeRunId: active._id, activeStatus: active.status }, 'scheduled run skipped: another run is active');
        }
        return { status: 'skipped', reason: `run ${active._id} is still active` };
      }
      if (data.fromArchive) {
        // From the archive: no source bounds, no cursor, so publishing it never moves the watermark.
        run = (await this.runs.createIfAbsent({ _id: runId, trigger: data.trigger, full: true, fromCursor: null, upTo: null, fromArchive: data.fromArchive })).run;
      }
    }
    if (!run) {
      const fromCursor = data.full ? null : await this.watermarks.get();
      if (data.trigger === 'continuous') {
        if (!(await this.source.hasRowsAfter(fromCursor))) return { status: 'skipped', reason: 'nothing new in the source' };
        if (await this.triggeredRunWaiting()) return { status: 'skipped', reason: 'a triggered run waits its turn' };
      }
      const upTo = await this.source.upperBound();
      run = (await this.runs.createIfAbsent({ _id: runId, trigger: data.trigger, full: data.full, fromCursor, upTo })).run;
    }
    if (run.status !== 'extracting') {
      await requestFinalize(this.loadQueue, runId, 'extract-replayed');
      return { status: 'skipped', reason: `run is already ${run.status}` };
    }
    const batchCount = run.fromArchive ? await this.replayArchive(run, run.fromArchive, job) : await this.extractPages(run, job);
    if (batchCount === null) return { status: 'skipped', reason: 'run was cancelled or failed during extraction' };
    await this.runs.markExtracted(runId, batchCount);
    await requestFinalize(this.loadQueue, runId, 'extracted');
    return { status: 'done', runId, batches: batchCount };
  }

  /**
   * Whether a run other than a poll waits its turn in the extract queue: an api/cli/test trigger (a job with a run id),
   * or a daily scheduled run already picked up once and released (the scheduler's next, future cron job is not).
   */
  private async triggeredRunWaiting(): Promise<boolean> {
    const jobs = await this.extractQueue.getJobs(['waiting', 'delayed', 'prioritized'], 0, 99);
    return jobs.some((j) => {
      const data = j.data as Partial<ExtractJob> | undefined;
      return typeof data?.runId === 'string' || (data?.trigger === 'schedule' && (j.attemptsStarted ?? 0) > 0);
    });
  }

  /**
   * Rebuilds a run from the archive segments of run `source`, batch by batch in the source run's order: each batch
   * carries the segment's rows whose version is still the latest (a review a later run archived again is left out, so
   * a rebuild never brings an old version back) and the segment's product metadata, and goes to the clean queue only
   * (its rows are archived already: the archiver's record of the batch is written here, for the publish check).
   * Resumable like an extraction: batches already published (`batchesPublished`) are skipped. PostgreSQL is not read.
   * Returns the batch count, or null when the run was cancelled or failed on the way.
   */
  private async replayArchive(run: RunDoc, source: string, job: Job): Promise<number | null> {
    let batchNo = 0;
    for await (const segment of this.archive.segmentsOfRun(source)) {
      const started = Date.now();
      const superseded = await this.archive.supersededAfter(segment.keys, source, segment.extractedAt);
      const rows = segment.rows.filter((_, i) => !superseded.has(segment.keys[i]!));
      if (rows.length === 0) continue;
      batchNo += 1;
      if (batchNo <= run.batchesPublished) continue;
      const batch: ExtractedBatch = { runId: run._id, batchId: batchIdFor(batchNo), extractedAt: new Date().toISOString(), rows, products: segment.products };
      await Promise.all([
        publishBatch(this.cleanQueue, batch),
        this.batches.record({ runId: run._id, stage: 'extractor', batchId: batch.batchId, count: rows.length, durationMs: Date.now() - started, attempts: job.attemptsMade + 1 }),
        this.batches.record({ runId: run._id, stage: 'archiver', batchId: batch.batchId, count: rows.length, durationMs: 0, attempts: 1 }),
      ]);
      if (!(await this.runs.advance(run._id, null, batchNo))) return null;
      await job.updateProgress({ batches: batchNo, fromArchive: source });
      if (this.shutdown.isRequested) throw new ReleaseJob(`extractor stopping: released after archive batch ${batchNo}`);
    }
    return batchNo;
  }

  /** Extracts the run's pages; null when the run stopped being `extracting` (cancelled or failed) on the way. */
  private async extractPages(run: RunDoc, job: Job): Promise<number | null> {
    if (run.upTo === null) return 0;
    const upTo = run.upTo;
    const limit = this.config.EXTRACT_BATCH_SIZE;
    let cursor = run.cursor;
    let batchNo = run.batchesPublished;
    // The next page is read from PostgreSQL while the current one is published (read-only, so a page read ahead and
    // never used, because the job stops, costs nothing but the query).
    let next = this.source.fetchPage({ after: cursor, upTo, limit });
    for (;;) {
      const started = Date.now();
      const page = await next;
      if (page.rows.length === 0 || !page.last) break;
      const more = page.rows.length >= limit;
      if (more) {
        next = this.source.fetchPage({ after: page.last, upTo, limit });
        next.catch(() => undefined); // awaited in the next turn; a stopping job may never await it
      }
      batchNo += 1;
      const batch: ExtractedBatch = {
        runId: run._id, batchId: batchIdFor(batchNo), extractedAt: new Date().toISOString(),
        rows: page.rows.map((r) => toRawReview(r, this.config.PSEUDONYM_SALT)), products: toProductMap(page.products),
      };
      await Promise.all([
        publishBatch(this.archiveQueue, batch), publishBatch(this.cleanQueue, batch),
        this.batches.record({
          runId: run._id, stage: 'extractor', batchId: batch.batchId, count: batch.rows.length,
          durationMs: Date.now() - started, attempts: job.attemptsMade + 1,
          // Keyset order is (updated_at, review_id): the page's first and last rows hold its source updatedAt range.
          sourceUpdatedAtMin: page.rows[0].updatedAt, sourceUpdatedAtMax: page.last.updatedAt,
        }),
      ]);
      cursor = page.last;
      if (!(await this.runs.advance(run._id, cursor, batchNo))) return null;
      await job.updateProgress({ batches: batchNo, cursor });
      if (!more) break;
      if (this.shutdown.isRequested) throw new ReleaseJob(`extractor stopping: released after batch ${batchNo}`);
    }
    return batchNo;
  }
}
